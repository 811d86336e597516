//! Staff accounts' second step (migration 0030): the TOTP authenticator, the recovery codes,
//! and the challenge that stands for a sign-in between the password and the code.
use super::{audit::Entry, now, Db, Result};
use sqlx::Row;

/// The account's authenticator: sealed secret, and the newest step a code was taken for.
pub struct Factor {
    pub secret: String,
    pub confirmed: bool,
    pub last_step: i64,
}

pub async fn factor(db: &Db, user_id: i64) -> Result<Option<Factor>> {
    let Some(r) = sqlx::query("SELECT secret, confirmed_at, last_step FROM totp_factors WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let confirmed: Option<i64> = r.try_get("confirmed_at")?;
    Ok(Some(Factor {
        secret: r.try_get("secret")?,
        confirmed: confirmed.is_some(),
        last_step: r.try_get("last_step")?,
    }))
}

/// A new, unconfirmed authenticator, replacing one that was being set up. A confirmed one
/// is kept: `false`.
pub async fn begin(db: &Db, user_id: i64, sealed: &str) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NULL")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query(
        "INSERT INTO totp_factors (user_id, secret, created_at) SELECT $1, $2, $3 \
         WHERE NOT EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1)",
    )
    .bind(user_id)
    .bind(sealed)
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    tx.commit().await?;
    Ok(done)
}

/// Takes a code's step: only if newer than the last one taken (two sign-ins with one code
/// at once: one wins). Confirms the authenticator on its first code.
pub async fn take_step(db: &Db, user_id: i64, step: i64, audit: Option<Entry<'_>>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let taken = sqlx::query(
        "UPDATE totp_factors SET last_step = $1, confirmed_at = COALESCE(confirmed_at, $2) WHERE user_id = $3 AND last_step < $1",
    )
    .bind(step)
    .bind(now())
    .bind(user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if let (true, Some(entry)) = (taken, audit) {
        super::audit::record_in(&mut tx, entry).await?;
    }
    tx.commit().await?;
    Ok(taken)
}

/// Removes the authenticator and the recovery codes.
pub async fn remove(db: &Db, user_id: i64, audit: Entry<'_>) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    for table in ["totp_factors", "recovery_codes"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    super::audit::record_in(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the account's recovery codes with these digests.
pub async fn replace_recovery_codes(db: &Db, user_id: i64, digests: &[String], audit: Entry<'_>) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for digest in digests {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(digest)
            .bind(now())
            .execute(&mut *tx)
            .await?;
    }
    super::audit::record_in(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

/// Uses a recovery code of this account, once.
pub async fn use_recovery_code(db: &Db, user_id: i64, digest: &str) -> Result<bool> {
    Ok(
        sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(now())
            .bind(user_id)
            .bind(digest)
            .execute(&db.pool)
            .await?
            .rows_affected()
            == 1,
    )
}

pub async fn recovery_codes_left(db: &Db, user_id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// A sign-in waiting for its second step, for `seconds`.
pub async fn open_challenge(db: &Db, token_hash: &str, user_id: i64, seconds: i64) -> Result<()> {
    let at = now();
    sqlx::query("DELETE FROM second_step_challenges WHERE expires_at < $1 OR user_id = $2")
        .bind(at)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    sqlx::query(
        "INSERT INTO second_step_challenges (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(at)
    .bind(at + seconds)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Whose sign-in this challenge stands for, while it has not expired.
pub async fn challenge(db: &Db, token_hash: &str) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM second_step_challenges WHERE token_hash = $1 AND expires_at >= $2")
            .bind(token_hash)
            .bind(now())
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Ends the challenge; `true` for the one caller that ended it.
pub async fn close_challenge(db: &Db, token_hash: &str) -> Result<bool> {
    Ok(sqlx::query("DELETE FROM second_step_challenges WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&db.pool)
        .await?
        .rows_affected()
        == 1)
}

/// The account's email, for the sign-in's throttling (`lockout::judge`).
pub async fn email_of(db: &Db, user_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?)
}

/// Every authenticator's stored secret (to seal them again).
pub async fn all_secrets(db: &Db) -> Result<Vec<(i64, String)>> {
    sqlx::query("SELECT user_id, secret FROM totp_factors ORDER BY user_id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("user_id")?, r.try_get("secret")?)))
        .collect()
}

pub async fn set_secret(db: &Db, user_id: i64, stored: &str) -> Result<()> {
    sqlx::query("UPDATE totp_factors SET secret = $1 WHERE user_id = $2")
        .bind(stored)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The site setting that staff must sign in in two steps.
pub(super) const REQUIRED: &str = "staff_second_step_required";

pub async fn required(db: &Db) -> Result<bool> {
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM site_settings WHERE name = $1")
        .bind(REQUIRED)
        .fetch_optional(&db.pool)
        .await?;
    Ok(value.as_deref() == Some("true"))
}

pub async fn set_required(db: &Db, required: bool, actor_id: i64, audit: Entry<'_>) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO site_settings (name, value, changed_by, changed_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
    )
    .bind(REQUIRED)
    .bind(if required { "true" } else { "false" })
    .bind(actor_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    super::audit::record_in(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}
