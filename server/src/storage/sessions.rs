//! Server-side sessions. Only a hash of the token is stored, so a copy of the
//! database does not let anyone sign in.
use super::{
    accounts::{account_of, Account, ACCOUNT_COLUMNS},
    now, Db, Result,
};
use sqlx::{any::AnyRow, Row};

pub struct SessionLimits {
    pub idle_seconds: i64,
    pub absolute_seconds: i64,
}

pub async fn create(db: &Db, token_hash: &str, user_id: i64, limits: &SessionLimits) -> Result<()> {
    let now = now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, idle_seconds) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(now)
    .bind(now + limits.absolute_seconds)
    .bind(limits.idle_seconds)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The user of a live session (as `resolve_account`).
pub async fn resolve(db: &Db, token_hash: &str, limits: &SessionLimits, refresh: bool) -> Result<Option<i64>> {
    Ok(resolve_account(db, token_hash, limits, refresh)
        .await?
        .map(|live| live.account.actor.user_id))
}

/// A live session's account, and whether the site requires a second step at sign-in that
/// the account has not set up (which matters for staff only; a session begun through the
/// hospital's provider had the provider's own).
pub struct LiveAccount {
    pub account: Account,
    pub second_step_missing: bool,
}

/// The account of a live session, refreshing its idle clock when `refresh` (a person's
/// request, not a page's own timer), in one query with the session: every request asks.
/// Expired sessions are removed. A session keeps the idle limit it began with; `limits` is
/// for those begun before sessions kept their own.
pub async fn resolve_account(
    db: &Db,
    token_hash: &str,
    limits: &SessionLimits,
    refresh: bool,
) -> Result<Option<LiveAccount>> {
    let Some(row) = sqlx::query(&format!(
        "SELECT s.last_seen_at, s.expires_at, COALESCE(s.idle_seconds, $2) AS idle_seconds, {ACCOUNT_COLUMNS}, \
         CAST(CASE WHEN s.sso_subject IS NULL AND EXISTS (SELECT 1 FROM site_settings WHERE name = $3 AND value = 'true') \
           AND NOT EXISTS (SELECT 1 FROM totp_factors t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) \
           THEN 1 ELSE 0 END AS BIGINT) AS second_step_missing \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1"
    ))
    .bind(token_hash)
    .bind(limits.idle_seconds)
    .bind(super::second_factor::REQUIRED)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    if !still_live(db, token_hash, &row, refresh).await? {
        return Ok(None);
    }
    let missing: i64 = row.try_get("second_step_missing")?;
    Ok(Some(LiveAccount {
        account: account_of(db, &row).await?,
        second_step_missing: missing != 0,
    }))
}

/// Whether a session found is still live: an expired one is removed; a live one's idle
/// clock is refreshed when `refresh`.
async fn still_live(db: &Db, token_hash: &str, row: &AnyRow, refresh: bool) -> Result<bool> {
    let now = now();
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let expires: i64 = row.try_get("expires_at")?;
    let idle: i64 = row.try_get("idle_seconds")?;
    if now >= expires || now - last_seen >= idle {
        destroy(db, token_hash).await?;
        return Ok(false);
    }
    // Writing on every request would serialise SQLite; a minute's precision is enough.
    if refresh && now - last_seen >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(true)
}

pub async fn destroy(db: &Db, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends every session of a user, e.g. after a password change or reset.
pub async fn destroy_all_of(db: &Db, user_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
