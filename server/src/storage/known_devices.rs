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

/// Marks (or unmarks) this browser as the account's own; `false` when the token is not a
/// device of this account.
pub async fn set_own(db: &Db, token_hash: &str, user_id: i64, own: bool) -> Result<bool> {
    let changed = sqlx::query("UPDATE known_devices SET own_since = $1 WHERE token_hash = $2 AND user_id = $3")
        .bind(own.then(now))
        .bind(token_hash)
        .bind(user_id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(changed == 1)
}

/// Whether this browser is one the account's owner said is theirs alone.
pub async fn is_own(db: &Db, token_hash: &str, user_id: i64) -> Result<bool> {
    let own: Option<Option<i64>> =
        sqlx::query_scalar("SELECT own_since FROM known_devices WHERE token_hash = $1 AND user_id = $2")
            .bind(token_hash)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(matches!(own, Some(Some(_))))
}

/// Forgets devices not used since `before`.
pub async fn prune(db: &Db, before: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM known_devices WHERE last_used_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?
        .rows_affected())
}
