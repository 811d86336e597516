//! Questions for the next visit: asked by a patient or caregiver, taken back by the asker
//! while not yet discussed, marked discussed by a nurse. Each write carries its audit entry
//! in the same transaction.
use super::{audit, now, Db, Result};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: i64,
    pub asked_by: i64,
    pub asker_name: String,
    pub text: String,
    pub asked_at: i64,
    pub answered_at: Option<i64>,
}

/// How many questions one patient may have open at once: a list to read before a visit,
/// not a mailbox (and a bound on what a runaway client can store).
pub const MAX_OPEN: i64 = 50;

/// Adds a question; `false` when the patient already has [`MAX_OPEN`] open ones.
pub async fn ask(db: &Db, patient_id: i64, asked_by: i64, text: &str, entry: audit::Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM visit_questions WHERE patient_id = $1 AND answered_at IS NULL AND removed_at IS NULL",
    )
    .bind(patient_id)
    .fetch_one(&mut *tx)
    .await?;
    if open >= MAX_OPEN {
        return Ok(false);
    }
    sqlx::query("INSERT INTO visit_questions (patient_id, asked_by, text, asked_at) VALUES ($1, $2, $3, $4)")
        .bind(patient_id)
        .bind(asked_by)
        .bind(text)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    audit::record_in(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// The patient's questions not taken back: open ones first, then the 20 latest discussed.
pub async fn of_patient(db: &Db, patient_id: i64) -> Result<Vec<Question>> {
    let rows = sqlx::query(
        "SELECT q.id, q.asked_by, u.display_name, q.text, q.asked_at, q.answered_at FROM visit_questions q \
         JOIN users u ON u.id = q.asked_by \
         WHERE q.patient_id = $1 AND q.removed_at IS NULL \
         ORDER BY CASE WHEN q.answered_at IS NULL THEN 0 ELSE 1 END, q.asked_at, q.id",
    )
    .bind(patient_id)
    .fetch_all(&db.pool)
    .await?;
    let all = rows
        .iter()
        .map(|row| {
            Ok(Question {
                id: row.try_get("id")?,
                asked_by: row.try_get("asked_by")?,
                asker_name: row.try_get("display_name")?,
                text: row.try_get("text")?,
                asked_at: row.try_get("asked_at")?,
                answered_at: row.try_get("answered_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let (open, mut answered): (Vec<_>, Vec<_>) = all.into_iter().partition(|q| q.answered_at.is_none());
    answered.sort_by_key(|q| std::cmp::Reverse(q.answered_at));
    answered.truncate(20);
    Ok(open.into_iter().chain(answered).collect())
}

/// Takes back the asker's own open question; `false` when there is none such.
pub async fn take_back(db: &Db, patient_id: i64, id: i64, asked_by: i64, entry: audit::Entry<'_>) -> Result<bool> {
    let change = sqlx::query(
        "UPDATE visit_questions SET removed_at = $1 WHERE id = $2 AND patient_id = $3 AND asked_by = $4 \
         AND answered_at IS NULL AND removed_at IS NULL",
    )
    .bind(now())
    .bind(id)
    .bind(patient_id)
    .bind(asked_by);
    audit::if_changed(db, change, entry).await
}

/// Marks an open question of this patient discussed; `false` when there is none such.
pub async fn discussed(db: &Db, patient_id: i64, id: i64, nurse_id: i64, entry: audit::Entry<'_>) -> Result<bool> {
    let change = sqlx::query(
        "UPDATE visit_questions SET answered_at = $1, answered_by = $2 WHERE id = $3 AND patient_id = $4 \
         AND answered_at IS NULL AND removed_at IS NULL",
    )
    .bind(now())
    .bind(nurse_id)
    .bind(id)
    .bind(patient_id);
    audit::if_changed(db, change, entry).await
}
