//! Private calendar feeds: made, found by the digest of their token, revoked, and the
//! once-a-day mark that decides whether a read is audit-logged. The token itself is sealed by
//! the caller (`secrets.rs`); nothing here sees it in the clear.
use super::{audit, now, Db, Result};
use sqlx::{any::AnyRow, Row};

/// A live feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    pub id: i64,
    pub user_id: i64,
    pub patient_id: i64,
    pub token_sealed: String,
    pub detailed: bool,
}

const COLUMNS: &str = "id, user_id, patient_id, token_sealed, detailed";

fn feed(row: &AnyRow) -> Result<Feed> {
    Ok(Feed {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        patient_id: row.try_get("patient_id")?,
        token_sealed: row.try_get("token_sealed")?,
        detailed: row.try_get::<i64, _>("detailed")? != 0,
    })
}

pub struct NewFeed<'a> {
    pub user_id: i64,
    pub patient_id: i64,
    pub token_digest: &'a str,
    pub token_sealed: &'a str,
    pub detailed: bool,
}

/// Makes a feed, revoking the person's earlier one of this patient (its address stops
/// working), with its audit entry, in one transaction.
pub async fn replace(db: &Db, new: &NewFeed<'_>, entry: audit::Entry<'_>) -> Result<()> {
    let at = now();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND patient_id = $3 AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(new.user_id)
    .bind(new.patient_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, patient_id, token_digest, token_sealed, detailed, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new.user_id)
    .bind(new.patient_id)
    .bind(new.token_digest)
    .bind(new.token_sealed)
    .bind(i64::from(new.detailed))
    .bind(at)
    .execute(&mut *tx)
    .await?;
    audit::record_in(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes the person's feed of this patient; `false` when there was none.
pub async fn revoke(db: &Db, user_id: i64, patient_id: i64, entry: audit::Entry<'_>) -> Result<bool> {
    let change = sqlx::query(
        "UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND patient_id = $3 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(user_id)
    .bind(patient_id);
    audit::if_changed(db, change, entry).await
}

/// The person's live feeds.
pub async fn of_user(db: &Db, user_id: i64) -> Result<Vec<Feed>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM calendar_feeds WHERE user_id = $1 AND revoked_at IS NULL ORDER BY patient_id"
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(feed).collect()
}

/// The live feed whose token has this digest.
pub async fn by_digest(db: &Db, token_digest: &str) -> Result<Option<Feed>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM calendar_feeds WHERE token_digest = $1 AND revoked_at IS NULL"
    ))
    .bind(token_digest)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(feed).transpose()
}

/// Marks the feed read on `day` and records the read, unless it was already read that day:
/// the first read of the day wins, whichever instance answers it.
pub async fn note_read(db: &Db, feed_id: i64, day: &str, entry: audit::Entry<'_>) -> Result<bool> {
    let change = sqlx::query(
        "UPDATE calendar_feeds SET last_read_on = $1 WHERE id = $2 AND (last_read_on IS NULL OR last_read_on <> $1)",
    )
    .bind(day)
    .bind(feed_id);
    audit::if_changed(db, change, entry).await
}

/// Every live feed's sealed token, to seal again under a new key.
pub async fn all_sealed(db: &Db) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, token_sealed FROM calendar_feeds WHERE revoked_at IS NULL")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("token_sealed")?)))
        .collect()
}

pub async fn set_sealed(db: &Db, id: i64, sealed: &str) -> Result<()> {
    sqlx::query("UPDATE calendar_feeds SET token_sealed = $1 WHERE id = $2")
        .bind(sealed)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
