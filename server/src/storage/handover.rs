//! The shift handover's own facts: when the centre's last handover was given and by whom,
//! recording a new one, and the patients in their first days after infusion with their last
//! diary (for the temperature).
use super::{audit, Db, Result};
use sqlx::Row;

/// When the centre's last handover was given, and by whom.
pub async fn last_given(db: &Db, centre_id: i64) -> Result<Option<(i64, String)>> {
    let row = sqlx::query(
        "SELECT h.given_at, u.display_name FROM handovers h JOIN users u ON u.id = h.nurse_id \
         WHERE h.centre_id = $1 ORDER BY h.given_at DESC, h.id DESC LIMIT 1",
    )
    .bind(centre_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.try_get("given_at")?, r.try_get("display_name")?)))
        .transpose()
}

/// Records a handover given now: the next one lists what changed after it.
pub async fn give(db: &Db, centre_id: i64, nurse_id: i64, at: i64, entry: audit::Entry<'_>) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("INSERT INTO handovers (centre_id, nurse_id, given_at) VALUES ($1, $2, $3)")
        .bind(centre_id)
        .bind(nurse_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    audit::record_in(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// A patient in the first days after infusion.
pub struct Watched {
    pub patient_id: i64,
    pub name: String,
    /// Local date at the centre.
    pub infusion_on: String,
    pub admitted: bool,
    pub nurse: Option<String>,
    /// The latest diary about them: its answers (JSON) and when it arrived.
    pub last_diary: Option<(String, i64)>,
}

/// The centre's patients infused on or after `infused_since` (YYYY-MM-DD), the infusion
/// done, the most recent infusion first.
pub async fn watched(db: &Db, centre_id: i64, infused_since: &str, diary: &str) -> Result<Vec<Watched>> {
    let latest = "FROM checkin_responses r WHERE r.patient_id = p.user_id AND r.subject = 'patient' \
                  AND r.questionnaire_name = $3 ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1";
    let rows = sqlx::query(&format!(
        "SELECT p.user_id, p.full_name, t.infusion_on, p.admitted_since, u.display_name AS nurse, \
         (SELECT r.answers {latest}) AS answers, (SELECT r.submitted_at {latest}) AS answered_at \
         FROM patients p JOIN treatments t ON t.patient_id = p.user_id AND t.status = 'active' \
         LEFT JOIN users u ON u.id = p.assigned_to \
         WHERE p.centre_id = $1 AND t.infusion_on >= $2 AND t.stage IN ('close_monitoring', 'follow_up') \
         ORDER BY t.infusion_on DESC, p.full_name"
    ))
    .bind(centre_id)
    .bind(infused_since)
    .bind(diary)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let admitted: Option<i64> = r.try_get("admitted_since")?;
            let answers: Option<String> = r.try_get("answers")?;
            let at: Option<i64> = r.try_get("answered_at")?;
            Ok(Watched {
                patient_id: r.try_get("user_id")?,
                name: r.try_get("full_name")?,
                infusion_on: r.try_get("infusion_on")?,
                admitted: admitted.is_some(),
                nurse: r.try_get("nurse")?,
                last_diary: answers.zip(at),
            })
        })
        .collect()
}
