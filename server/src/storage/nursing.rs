//! What the centre's nurses keep about a patient beyond the timeline: who looks after them,
//! whether they are admitted, and dated nursing notes (read by the centre's nurses alone).
use super::{audit, Db, Result};
use sqlx::Row;

/// The centre's nurses who can sign in, by name: whom a patient or a flag may be given to.
pub async fn nurses_of(db: &Db, centre_id: i64) -> Result<Vec<(i64, String)>> {
    sqlx::query(
        "SELECT id, display_name FROM users WHERE role = 'nurse' AND centre_id = $1 \
         AND deactivated_at IS NULL AND awaiting_since IS NULL ORDER BY display_name, id",
    )
    .bind(centre_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("display_name")?)))
    .collect()
}

pub struct PatientCare {
    pub admitted_since: Option<i64>,
    pub assigned_to: Option<(i64, String)>,
}

pub async fn care_of(db: &Db, patient_id: i64) -> Result<Option<PatientCare>> {
    let Some(r) = sqlx::query(
        "SELECT p.admitted_since, p.assigned_to, u.display_name FROM patients p \
         LEFT JOIN users u ON u.id = p.assigned_to WHERE p.user_id = $1",
    )
    .bind(patient_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let id: Option<i64> = r.try_get("assigned_to")?;
    let name: Option<String> = r.try_get("display_name")?;
    Ok(Some(PatientCare {
        admitted_since: r.try_get("admitted_since")?,
        assigned_to: id.zip(name),
    }))
}

/// Marks the patient admitted (`Some(since)`) or back home (`None`).
pub async fn set_admitted(db: &Db, patient_id: i64, since: Option<i64>, entry: audit::Entry<'_>) -> Result<()> {
    change(
        db,
        "UPDATE patients SET admitted_since = $1 WHERE user_id = $2",
        since,
        patient_id,
        entry,
    )
    .await
}

/// Gives the patient to a nurse (`None`: to nobody).
pub async fn assign(db: &Db, patient_id: i64, nurse_id: Option<i64>, entry: audit::Entry<'_>) -> Result<()> {
    change(
        db,
        "UPDATE patients SET assigned_to = $1 WHERE user_id = $2",
        nurse_id,
        patient_id,
        entry,
    )
    .await
}

async fn change(db: &Db, sql: &str, value: Option<i64>, patient_id: i64, entry: audit::Entry<'_>) -> Result<()> {
    audit::if_changed(db, sqlx::query(sql).bind(value).bind(patient_id), entry).await?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct Note {
    pub id: i64,
    pub author: String,
    pub written_at: i64,
    pub text: String,
}

/// The patient's nursing notes, newest first.
pub async fn notes_of(db: &Db, patient_id: i64, limit: i64) -> Result<Vec<Note>> {
    sqlx::query(
        "SELECT n.id, u.display_name, n.written_at, n.text FROM nursing_notes n JOIN users u ON u.id = n.author_id \
         WHERE n.patient_id = $1 ORDER BY n.written_at DESC, n.id DESC LIMIT $2",
    )
    .bind(patient_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Note {
            id: r.try_get("id")?,
            author: r.try_get("display_name")?,
            written_at: r.try_get("written_at")?,
            text: r.try_get("text")?,
        })
    })
    .collect()
}

/// Writes a note and its audit entry together.
pub async fn add_note(
    db: &Db,
    patient_id: i64,
    author_id: i64,
    at: i64,
    text: &str,
    entry: audit::Entry<'_>,
) -> Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO nursing_notes (patient_id, author_id, written_at, text) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(patient_id)
    .bind(author_id)
    .bind(at)
    .bind(text)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_about(&mut tx, entry, "nursing_note", id).await?;
    tx.commit().await?;
    Ok(id)
}
