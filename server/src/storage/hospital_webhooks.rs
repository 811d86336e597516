//! The hospital systems an admin lets the server send to (migration 0029): the allowed
//! origins, and the red-flag webhooks with their sealed signing secrets.
use super::{audit::Entry, is_unique_violation, now, Db, Result, StorageError};
use sqlx::Row;

pub struct OriginRow {
    pub id: i64,
    pub origin: String,
    pub added_at: i64,
}

pub async fn origins(db: &Db) -> Result<Vec<OriginRow>> {
    sqlx::query("SELECT id, origin, added_at FROM outbound_origins ORDER BY origin")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(OriginRow {
                id: r.try_get("id")?,
                origin: r.try_get("origin")?,
                added_at: r.try_get("added_at")?,
            })
        })
        .collect()
}

/// The allowed origins alone, as a webhook's address is checked against them.
pub async fn allowed_origins(db: &Db) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT origin FROM outbound_origins ORDER BY origin")
            .fetch_all(&db.pool)
            .await?,
    )
}

/// Adds an origin, once: an origin listed already is `NameTaken`.
pub async fn add_origin(db: &Db, origin: &str, actor_id: i64, audit: Entry<'_>) -> Result<i64, StorageError> {
    let mut tx = db.pool.begin().await?;
    let inserted =
        sqlx::query("INSERT INTO outbound_origins (origin, added_by, added_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(origin)
            .bind(actor_id)
            .bind(now())
            .fetch_one(&mut *tx)
            .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(error) if is_unique_violation(&error) => return Err(StorageError::NameTaken),
        Err(error) => return Err(error.into()),
    };
    super::audit::record_about(&mut tx, audit, "origin", id).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_origin(db: &Db, id: i64, audit: Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("DELETE FROM outbound_origins WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if done {
        super::audit::record_about(&mut tx, audit, "origin", id).await?;
    }
    tx.commit().await?;
    Ok(done)
}

pub struct WebhookRow {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub centre_id: Option<i64>,
    pub created_at: i64,
    pub revoked: bool,
}

pub struct NewWebhook<'a> {
    pub name: &'a str,
    pub url: &'a str,
    /// Sealed already (`secrets.rs`).
    pub secret: &'a str,
    pub centre_id: Option<i64>,
}

pub async fn create(db: &Db, new: &NewWebhook<'_>, actor_id: i64, audit: Entry<'_>) -> Result<i64, StorageError> {
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO hospital_webhooks (name, url, secret, centre_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.name)
    .bind(new.url)
    .bind(new.secret)
    .bind(new.centre_id)
    .bind(actor_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(error) if is_unique_violation(&error) => return Err(StorageError::NameTaken),
        Err(error) => return Err(error.into()),
    };
    super::audit::record_about(&mut tx, audit, "hospital_webhook", id).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn list(db: &Db) -> Result<Vec<WebhookRow>> {
    sqlx::query("SELECT id, name, url, centre_id, created_at, revoked_at FROM hospital_webhooks ORDER BY name, id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let revoked: Option<i64> = r.try_get("revoked_at")?;
            Ok(WebhookRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                url: r.try_get("url")?,
                centre_id: r.try_get("centre_id")?,
                created_at: r.try_get("created_at")?,
                revoked: revoked.is_some(),
            })
        })
        .collect()
}

/// Stops the webhook: nothing more is queued for it, and what waits is given up when claimed.
pub async fn revoke(db: &Db, id: i64, audit: Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE hospital_webhooks SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if done {
        super::audit::record_about(&mut tx, audit, "hospital_webhook", id).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Every webhook's stored secret, revoked ones too (to seal them again).
pub async fn all_secrets(db: &Db) -> Result<Vec<(i64, String)>> {
    sqlx::query("SELECT id, secret FROM hospital_webhooks ORDER BY id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("secret")?)))
        .collect()
}

pub async fn set_secret(db: &Db, id: i64, stored: &str) -> Result<()> {
    sqlx::query("UPDATE hospital_webhooks SET secret = $1 WHERE id = $2")
        .bind(stored)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
