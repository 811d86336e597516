//! Single-use codes to set a password. Issuing a new code voids the previous ones.
use super::{
    audit::{record_in, Witness},
    now, Db, Result,
};
use sqlx::{AnyConnection, Row};

pub const VALID_FOR_SECONDS: i64 = 7 * 24 * 3600;

/// Voids a person's unused codes and stores a new one, within the caller's transaction.
pub async fn replace_in(
    conn: &mut AnyConnection,
    user_id: i64,
    code_hash: &str,
    created_by: Option<i64>,
) -> Result<()> {
    let now = now();
    sqlx::query("UPDATE invitations SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO invitations (user_id, code_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(created_by)
    .bind(now)
    .bind(now + VALID_FOR_SECONDS)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn issue(db: &Db, user_id: i64, code_hash: &str, created_by: Option<i64>) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    replace_in(&mut tx, user_id, code_hash, created_by).await?;
    Ok(tx.commit().await?)
}

/// A fresh code for someone who lost theirs: voids the old codes, ends the person's
/// sessions and records who did it, all in one transaction.
pub async fn reissue(db: &Db, user_id: i64, code_hash: &str, patient_id: Option<i64>, by: Witness<'_>) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    replace_in(&mut tx, user_id, code_hash, Some(by.actor.user_id)).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let subject = format!("user:{user_id}");
    record_in(&mut tx, by.entry("account.code_reissued", patient_id, Some(&subject))).await?;
    Ok(tx.commit().await?)
}

/// Whether a code could be redeemed now (checked before the costly password hash).
pub async fn is_redeemable(db: &Db, code_hash: &str) -> Result<bool> {
    let row =
        sqlx::query("SELECT 1 AS ok FROM invitations WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2")
            .bind(code_hash)
            .bind(now())
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.is_some())
}

/// Uses the code and sets the password in one transaction: both happen or neither.
/// Answers the user whose password was set, or None for a wrong, used or expired code.
pub async fn redeem(db: &Db, code_hash: &str, password_hash: &str) -> Result<Option<i64>> {
    let now = now();
    let mut tx = db.pool.begin().await?;
    // The conditional update claims the code; a second, concurrent use finds it taken.
    let claimed = sqlx::query("UPDATE invitations SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id")
        .bind(now)
        .bind(code_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = claimed else {
        tx.rollback().await?;
        return Ok(None);
    };
    let user_id: i64 = row.try_get("user_id")?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(user_id))
}
