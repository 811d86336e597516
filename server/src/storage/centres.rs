//! Care centres: their name, country, time zone and hotline.
use super::{now, Db, Result};
use app::api::{accounts::CentreRow, CentreContact};
use sqlx::{Any, Executor, Row};

/// What the server needs of a centre to plan and show a timeline.
pub struct CentreProfile {
    pub name: String,
    pub hotline: String,
    pub country: String,
    pub time_zone: String,
    /// The language its staff read (`nl`): the alert card's second language.
    pub language: String,
    /// The reply time it promises to patients' messages, in hours.
    pub reply_hours: i64,
}

#[derive(Clone, Debug)]
pub struct NewCentre<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub time_zone: &'a str,
    pub hotline: &'a str,
    pub is_demo: bool,
}

pub async fn create<'e, E: Executor<'e, Database = Any>>(ex: E, centre: &NewCentre<'_>) -> Result<i64> {
    Ok(sqlx::query("INSERT INTO centres (name, country, time_zone, hotline, is_demo, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(centre.name)
        .bind(centre.country)
        .bind(centre.time_zone)
        .bind(centre.hotline)
        .bind(i64::from(centre.is_demo))
        .bind(now())
        .fetch_one(ex)
        .await?
        .try_get("id")?)
}

pub async fn contact(db: &Db, centre_id: i64) -> Result<Option<CentreContact>> {
    sqlx::query("SELECT name, hotline FROM centres WHERE id = $1")
        .bind(centre_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| {
            Ok(CentreContact {
                name: row.try_get("name")?,
                hotline: row.try_get("hotline")?,
            })
        })
        .transpose()
}

pub async fn profile(db: &Db, centre_id: i64) -> Result<Option<CentreProfile>> {
    sqlx::query("SELECT name, hotline, country, time_zone, language, reply_hours FROM centres WHERE id = $1")
        .bind(centre_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| {
            Ok(CentreProfile {
                name: row.try_get("name")?,
                hotline: row.try_get("hotline")?,
                country: row.try_get("country")?,
                time_zone: row.try_get("time_zone")?,
                language: row.try_get("language")?,
                reply_hours: row.try_get("reply_hours")?,
            })
        })
        .transpose()
}

pub async fn time_zone(db: &Db, centre_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query("SELECT time_zone FROM centres WHERE id = $1")
        .bind(centre_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get("time_zone"))
        .transpose()?)
}

pub async fn list(db: &Db, only: Option<i64>) -> Result<Vec<CentreRow>> {
    sqlx::query("SELECT id, name, country FROM centres WHERE ($1 IS NULL OR id = $1) ORDER BY name, id")
        .bind(only)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(CentreRow {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                country: row.try_get("country")?,
            })
        })
        .collect()
}

/// The countries of the deployment's real centres (not demo ones): where a released region
/// must hold more than one of them.
pub async fn deployed_countries(db: &Db) -> Result<std::collections::BTreeSet<String>> {
    sqlx::query("SELECT DISTINCT country FROM centres WHERE is_demo = 0")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| Ok(row.try_get("country")?))
        .collect()
}

/// Sets the reply time a centre promises; `false` when there is no such centre.
pub async fn set_reply_hours(db: &Db, centre_id: i64, hours: i64, entry: super::audit::Entry<'_>) -> Result<bool> {
    let change = sqlx::query("UPDATE centres SET reply_hours = $1 WHERE id = $2")
        .bind(hours)
        .bind(centre_id);
    super::audit::if_changed(db, change, entry).await
}
