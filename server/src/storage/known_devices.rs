//! Browsers that signed in to an account before (see `auth/lockout.rs`).
use super::{now, Db, Result};

/// The account this device token belongs to, if any.
pub async fn owner(db: &Db, token_hash: &str) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM known_devices WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&db.pool)
            .await?,
    )
}

pub async fn remember(db: &Db, token_hash: &str, user_id: i64) -> Result<()> {
    let at = now();
    sqlx::query(
        "INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (token_hash) DO UPDATE SET last_used_at = excluded.last_used_at",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Forgets devices not used since `before`.
pub async fn prune(db: &Db, before: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM known_devices WHERE last_used_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?
        .rows_affected())
}
