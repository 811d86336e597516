//! The silence watch's side of the flags: the facts about each watched patient, and the
//! flags it raises and closes. The decision itself is `app::domain::triage::silence`.
use super::{audit, now, Db, Result};
use app::domain::triage::silence::Closed;
use sqlx::Row;

/// One patient who may be silent: an active treatment infused on or after the earliest day
/// watched, or an open silence flag.
#[derive(Clone, Debug)]
pub struct WatchRow {
    pub patient_id: i64,
    /// The centre's time zone.
    pub zone: String,
    /// Local date at the centre.
    pub infusion_on: Option<String>,
    /// The infusion is recorded done (the stage says so), not only planned.
    pub infused: bool,
    pub admitted: bool,
    pub last_diary_at: Option<i64>,
    /// The open silence flag: its id and when it was raised.
    pub open: Option<(i64, i64)>,
    pub last_closed_at: Option<i64>,
}

const OPEN: &str = "f.patient_id = p.user_id AND f.rule = $1 AND f.response_id IS NULL AND f.resolved_at IS NULL";

/// `infused_since` is a local date (YYYY-MM-DD) early enough for every centre's zone.
pub async fn watched(db: &Db, rule: &str, questionnaire: &str, infused_since: &str) -> Result<Vec<WatchRow>> {
    let sql = format!(
        "SELECT p.user_id, c.time_zone, t.infusion_on, t.stage, p.admitted_since, \
         (SELECT MAX(r.submitted_at) FROM checkin_responses r WHERE r.patient_id = p.user_id AND r.subject = 'patient' AND r.questionnaire_name = $2) AS last_diary, \
         (SELECT f.id FROM flags f WHERE {OPEN}) AS open_id, \
         (SELECT f.raised_at FROM flags f WHERE {OPEN}) AS open_at, \
         (SELECT MAX(f.resolved_at) FROM flags f WHERE f.patient_id = p.user_id AND f.rule = $1 AND f.response_id IS NULL) AS last_closed \
         FROM patients p JOIN centres c ON c.id = p.centre_id \
         LEFT JOIN treatments t ON t.patient_id = p.user_id AND t.status = 'active' \
         WHERE t.infusion_on >= $3 OR EXISTS (SELECT 1 FROM flags f WHERE {OPEN}) ORDER BY p.user_id"
    );
    let rows = sqlx::query(&sql)
        .bind(rule)
        .bind(questionnaire)
        .bind(infused_since)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            let stage: Option<String> = r.try_get("stage")?;
            let admitted: Option<i64> = r.try_get("admitted_since")?;
            let open_id: Option<i64> = r.try_get("open_id")?;
            let open_at: Option<i64> = r.try_get("open_at")?;
            Ok(WatchRow {
                patient_id: r.try_get("user_id")?,
                zone: r.try_get("time_zone")?,
                infusion_on: r.try_get("infusion_on")?,
                infused: matches!(stage.as_deref(), Some("close_monitoring" | "follow_up")),
                admitted: admitted.is_some(),
                last_diary_at: r.try_get("last_diary")?,
                open: open_id.zip(open_at),
                last_closed_at: r.try_get("last_closed")?,
            })
        })
        .collect()
}

/// Raises the patient's silence flag, unless one is open already (another instance's run).
pub async fn raise(db: &Db, patient_id: i64, rule: &str, level: &str, at: i64) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO flags (response_id, patient_id, rule, level, raised_at) VALUES (NULL, $1, $2, $3, $4) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(patient_id)
    .bind(rule)
    .bind(level)
    .bind(at)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        super::hospital_deliveries::enqueue_in(&mut tx, id, at).await?;
        let entry = audit::Entry::new("flag.silence_raised", "scheduler").about(patient_id);
        audit::record_about(&mut tx, entry, "flag", id).await?;
    }
    tx.commit().await?;
    Ok(id.is_some())
}

/// Closes an open silence flag for a reason no nurse had to judge.
pub async fn close(db: &Db, flag_id: i64, patient_id: i64, why: Closed) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE flags SET resolved_at = $1, resolution = $2 WHERE id = $3 AND resolved_at IS NULL")
        .bind(now())
        .bind(why.as_str())
        .bind(flag_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if done {
        let entry = audit::Entry::new("flag.silence_closed", "scheduler").about(patient_id);
        audit::record_about(&mut tx, entry, "flag", flag_id).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Hides a silence flag from the queue until `until`; `false` when it is not an open silence
/// flag (answer flags are never snoozed: they each need a nurse's look).
pub async fn snooze(db: &Db, flag_id: i64, until: i64, entry: audit::Entry<'_>) -> Result<bool> {
    let subject = format!("flag:{flag_id}");
    let change = sqlx::query(
        "UPDATE flags SET snoozed_until = $1 WHERE id = $2 AND response_id IS NULL AND resolved_at IS NULL",
    )
    .bind(until)
    .bind(flag_id);
    audit::if_changed(db, change, entry.subject(subject.as_str())).await
}

/// When the patient's latest answer to `questionnaire` arrived, for the queue's words.
pub async fn last_answer(db: &Db, patient_id: i64, questionnaire: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT MAX(submitted_at) FROM checkin_responses WHERE patient_id = $1 AND subject = 'patient' AND questionnaire_name = $2",
    )
    .bind(patient_id)
    .bind(questionnaire)
    .fetch_one(&db.pool)
    .await?)
}
