//! Questionnaires imported by an admin. Every version is kept; the latest answers new
//! check-ins, and each response names the version it answered.
use super::{audit::Entry, is_unique_violation, now, Db, Result, StorageError};
use sqlx::Row;

pub struct Imported {
    pub name: String,
    pub version: String,
    pub definition: String,
    pub imported_at: i64,
}

pub async fn insert(
    db: &Db,
    name: &str,
    version: &str,
    url: &str,
    definition: &str,
    admin_id: i64,
    audit: Entry<'_>,
) -> Result<i64, StorageError> {
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query("INSERT INTO questionnaires (name, version, url, definition, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(name)
        .bind(version)
        .bind(url)
        .bind(definition)
        .bind(admin_id)
        .bind(now())
        .fetch_one(&mut *tx)
        .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(error) if is_unique_violation(&error) => return Err(StorageError::VersionExists),
        Err(e) => return Err(e.into()),
    };
    super::audit::record_about(&mut tx, audit, "questionnaire", id).await?;
    tx.commit().await?;
    Ok(id)
}

/// The id of the latest import (0: none): what instances poll to see a new one.
pub async fn last_id(db: &Db) -> Result<i64> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM questionnaires")
            .fetch_one(&db.pool)
            .await?,
    )
}

/// The latest imported version of each name.
pub async fn latest_all(db: &Db) -> Result<Vec<Imported>> {
    sqlx::query("SELECT q.name, q.version, q.definition, q.imported_at FROM questionnaires q WHERE q.id = (SELECT MAX(id) FROM questionnaires r WHERE r.name = q.name) ORDER BY q.name")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Imported {
                name: r.try_get("name")?,
                version: r.try_get("version")?,
                definition: r.try_get("definition")?,
                imported_at: r.try_get("imported_at")?,
            })
        })
        .collect()
}

/// The latest imported version of one name.
pub async fn latest(db: &Db, name: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query("SELECT definition FROM questionnaires WHERE name = $1 ORDER BY id DESC LIMIT 1")
            .bind(name)
            .fetch_optional(&db.pool)
            .await?
            .map(|r| r.try_get("definition"))
            .transpose()?,
    )
}
