//! Manufacturing integrations: who may sign webhooks, with which secret.
use super::{audit::Entry, now, Db};
use sqlx::Row;

#[derive(Debug, thiserror::Error)]
pub enum IntegrationError {
    #[error("an integration with this name exists")]
    NameTaken,
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegrationRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub revoked: bool,
}

pub async fn create(
    db: &Db,
    name: &str,
    secret: &str,
    actor_id: i64,
    audit: Entry<'_>,
) -> Result<i64, IntegrationError> {
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO integrations (name, secret, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(secret)
    .bind(actor_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(IntegrationError::NameTaken),
        Err(error) => return Err(error.into()),
    };
    let subject = format!("integration:{id}");
    super::audit::record_in(
        &mut tx,
        Entry {
            subject: Some(&subject),
            ..audit
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Secrets of integrations that may still send.
pub async fn active_secrets(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query("SELECT id, secret FROM integrations WHERE revoked_at IS NULL ORDER BY id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("secret")?)))
        .collect()
}

pub async fn list(db: &Db) -> sqlx::Result<Vec<IntegrationRow>> {
    sqlx::query("SELECT id, name, created_at, revoked_at FROM integrations ORDER BY name, id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let revoked: Option<i64> = r.try_get("revoked_at")?;
            Ok(IntegrationRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                revoked: revoked.is_some(),
            })
        })
        .collect()
}

pub async fn revoke(db: &Db, id: i64, audit: Entry<'_>) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE integrations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if done {
        let subject = format!("integration:{id}");
        super::audit::record_in(
            &mut tx,
            Entry {
                subject: Some(&subject),
                ..audit
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}
