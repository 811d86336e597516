//! Counting failed sign-ins, per account name and per client address.
use super::{now, Db, Result};
use sqlx::Row;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Account,
    Address,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Address => "address",
        }
    }
}

/// Counts an attempt before its outcome is known; `forget_attempt` takes it back.
pub async fn record_attempt(db: &Db, scope: Scope, key: &str, attempt: &str) -> Result<()> {
    sqlx::query("INSERT INTO sign_in_failures (scope, key, at, attempt) VALUES ($1, $2, $3, $4)")
        .bind(scope.as_str())
        .bind(key)
        .bind(now())
        .bind(attempt)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn forget_attempt(db: &Db, scope: Scope, key: &str, attempt: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1 AND key = $2 AND attempt = $3")
        .bind(scope.as_str())
        .bind(key)
        .bind(attempt)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn record_failure(db: &Db, scope: Scope, key: &str) -> Result<()> {
    sqlx::query("INSERT INTO sign_in_failures (scope, key, at) VALUES ($1, $2, $3)")
        .bind(scope.as_str())
        .bind(key)
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn recent_failures(db: &Db, scope: Scope, key: &str, window_seconds: i64) -> Result<i64> {
    Ok(
        sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE scope = $1 AND key = $2 AND at > $3")
            .bind(scope.as_str())
            .bind(key)
            .bind(now() - window_seconds)
            .fetch_one(&db.pool)
            .await?
            .try_get("n")?,
    )
}

pub async fn clear(db: &Db, scope: Scope, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1 AND key = $2")
        .bind(scope.as_str())
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(())
}
