//! Practical help (`app::domain::practical_help`): each centre's texts and language, and the
//! country a patient stays in. Each write carries its audit entry in the same transaction.
use super::{audit, now, Db, Result};
use sqlx::Row;

/// A centre's texts, by topic name, in the order of the topics' names.
pub async fn of_centre(db: &Db, centre_id: i64) -> Result<Vec<(String, String)>> {
    sqlx::query("SELECT topic, body FROM centre_help WHERE centre_id = $1 ORDER BY topic")
        .bind(centre_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("topic")?, row.try_get("body")?)))
        .collect()
}

/// A centre's practical help as an admin saves it: its language, and each topic's text
/// (`None` removes the topic). `false` when there is no such centre.
pub async fn save(
    db: &Db,
    centre_id: i64,
    language: &str,
    texts: &[(&str, Option<String>)],
    admin_id: i64,
    entry: audit::Entry<'_>,
) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let found = sqlx::query("UPDATE centres SET language = $1 WHERE id = $2")
        .bind(language)
        .bind(centre_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if found == 0 {
        return Ok(false);
    }
    for (topic, text) in texts {
        sqlx::query("DELETE FROM centre_help WHERE centre_id = $1 AND topic = $2")
            .bind(centre_id)
            .bind(*topic)
            .execute(&mut *tx)
            .await?;
        if let Some(body) = text {
            sqlx::query(
                "INSERT INTO centre_help (centre_id, topic, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(centre_id)
            .bind(*topic)
            .bind(body)
            .bind(now())
            .bind(admin_id)
            .execute(&mut *tx)
            .await?;
        }
    }
    audit::record_in(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// Where the patient stays, when it is not the centre's country.
pub async fn staying_country(db: &Db, patient_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query("SELECT staying_country FROM patients WHERE user_id = $1")
        .bind(patient_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get::<Option<String>, _>("staying_country"))
        .transpose()?
        .flatten())
}

pub async fn set_staying_country(
    db: &Db,
    patient_id: i64,
    country: Option<&str>,
    entry: audit::Entry<'_>,
) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE patients SET staying_country = $1 WHERE user_id = $2")
        .bind(country)
        .bind(patient_id)
        .execute(&mut *tx)
        .await?;
    audit::record_in(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}
