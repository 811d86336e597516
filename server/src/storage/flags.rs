//! The nurses' review queue: open flags of a centre, worst first, then oldest first; who
//! acknowledged them and when; and their resolution.
use super::{audit::Entry, now, Db, Result};
use app::domain::triage::{Advice, Level};
use sqlx::Row;

pub struct OpenFlag {
    pub id: i64,
    pub patient_id: i64,
    pub patient_name: String,
    pub rule: String,
    pub level: String,
    pub advice: Option<String>,
    pub raised_at: i64,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<i64>,
    /// The answer that raised it; none for a silence (`silence.rs`).
    pub answer: Option<RaisingAnswer>,
    /// The nurse who took it on.
    pub assigned_to: Option<(i64, String)>,
}

pub struct RaisingAnswer {
    pub questionnaire: String,
    pub answers: String,
    pub scores: String,
    /// The scores of the same person's answer before this one, for a rise.
    pub previous_scores: Option<String>,
}

/// Open flags of the centre that are not snoozed at `now`: urgent, then high, then review;
/// oldest first within each.
pub async fn open_for_centre(db: &Db, centre_id: i64, now: i64) -> Result<Vec<OpenFlag>> {
    sqlx::query("SELECT f.id, f.patient_id, p.full_name, f.rule, f.level, f.advice, f.raised_at, u.display_name AS acknowledged_by, f.acknowledged_at, f.assigned_to, a.display_name AS assignee, r.questionnaire_name, r.answers, r.scores, (SELECT p2.scores FROM checkin_responses p2 WHERE p2.patient_id = r.patient_id AND p2.subject = r.subject AND p2.respondent_id = r.respondent_id AND p2.questionnaire_name = r.questionnaire_name AND p2.id < r.id ORDER BY p2.id DESC LIMIT 1) AS previous_scores FROM flags f JOIN patients p ON p.user_id = f.patient_id LEFT JOIN checkin_responses r ON r.id = f.response_id LEFT JOIN users u ON u.id = f.acknowledged_by LEFT JOIN users a ON a.id = f.assigned_to WHERE p.centre_id = $1 AND f.resolved_at IS NULL AND (f.snoozed_until IS NULL OR f.snoozed_until <= $2) ORDER BY CASE f.level WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, f.raised_at, f.id")
        .bind(centre_id)
        .bind(now)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let questionnaire: Option<String> = r.try_get("questionnaire_name")?;
            let answer = match questionnaire {
                Some(questionnaire) => Some(RaisingAnswer {
                    questionnaire,
                    answers: r.try_get("answers")?,
                    scores: r.try_get("scores")?,
                    previous_scores: r.try_get("previous_scores")?,
                }),
                None => None,
            };
            let assigned_id: Option<i64> = r.try_get("assigned_to")?;
            let assignee: Option<String> = r.try_get("assignee")?;
            Ok(OpenFlag {
                id: r.try_get("id")?,
                patient_id: r.try_get("patient_id")?,
                patient_name: r.try_get("full_name")?,
                rule: r.try_get("rule")?,
                level: r.try_get("level")?,
                advice: r.try_get("advice")?,
                raised_at: r.try_get("raised_at")?,
                acknowledged_by: r.try_get("acknowledged_by")?,
                acknowledged_at: r.try_get("acknowledged_at")?,
                answer,
                assigned_to: assigned_id.zip(assignee),
            })
        })
        .collect()
}

/// A fingerprint of the centre's open queue that names no one: it changes when a flag is
/// raised, acknowledged or resolved, or an urgent one turns overdue. The page asks for it
/// every few seconds and reads the queue itself (audit-logged) only when it changed.
pub async fn queue_fingerprint(db: &Db, centre_id: i64, overdue_before: i64, now: i64) -> Result<String> {
    let row = sqlx::query("SELECT COUNT(*) AS open, COALESCE(MAX(f.id), 0) AS newest, COALESCE(MAX(f.acknowledged_at), 0) AS seen, COALESCE(SUM(CASE WHEN f.level = 'urgent' AND f.acknowledged_at IS NULL AND f.raised_at <= $2 THEN 1 ELSE 0 END), 0) AS overdue, CAST(COALESCE(SUM(f.id * COALESCE(f.assigned_to, 0)), 0) AS BIGINT) AS assigned FROM flags f JOIN patients p ON p.user_id = f.patient_id WHERE p.centre_id = $1 AND f.resolved_at IS NULL AND (f.snoozed_until IS NULL OR f.snoozed_until <= $3)")
        .bind(centre_id)
        .bind(overdue_before)
        .bind(now)
        .fetch_one(&db.pool)
        .await?;
    let open: i64 = row.try_get("open")?;
    let newest: i64 = row.try_get("newest")?;
    let seen: i64 = row.try_get("seen")?;
    let overdue: i64 = row.try_get("overdue")?;
    let assigned: i64 = row.try_get("assigned")?;
    Ok(format!("{open}.{newest}.{seen}.{overdue}.{assigned}"))
}

/// The patient a flag is about, for access decisions.
pub async fn patient_of(db: &Db, flag_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query("SELECT patient_id FROM flags WHERE id = $1")
        .bind(flag_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get("patient_id"))
        .transpose()?)
}

/// Marks the flag seen by this nurse, once: a second acknowledgement changes nothing.
pub async fn acknowledge(db: &Db, flag_id: i64, nurse_id: i64, audit: Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE flags SET acknowledged_by = $1, acknowledged_at = $2 WHERE id = $3 AND acknowledged_at IS NULL",
    )
    .bind(nurse_id)
    .bind(now())
    .bind(flag_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        super::audit::record_about(&mut tx, audit, "flag", flag_id).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Closes the flag with a note; acknowledges it too if nobody had.
pub async fn resolve(db: &Db, flag_id: i64, nurse_id: i64, note: &str, audit: Entry<'_>) -> Result<bool> {
    let at = now();
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE flags SET resolved_by = $1, resolved_at = $2, resolution = $3, acknowledged_by = COALESCE(acknowledged_by, $1), acknowledged_at = COALESCE(acknowledged_at, $2) WHERE id = $4 AND resolved_at IS NULL")
        .bind(nurse_id)
        .bind(at)
        .bind(note)
        .bind(flag_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if done {
        super::audit::record_about(&mut tx, audit, "flag", flag_id).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// A flag as its patient reads of it: which answer raised it, how urgent, the advice shown,
/// and when a nurse first acknowledged it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseFlag {
    pub id: i64,
    pub response_id: i64,
    pub rule: String,
    pub level: Level,
    pub advice: Option<Advice>,
    pub acknowledged_at: Option<i64>,
    pub raised_at: i64,
    /// When the team closed it.
    pub resolved_at: Option<i64>,
}

/// Every flag raised by the patient's answers (not by a silence), oldest first.
pub async fn of_patient_responses(db: &Db, patient_id: i64) -> Result<Vec<ResponseFlag>> {
    let rows = sqlx::query(
        "SELECT id, response_id, rule, level, advice, acknowledged_at, raised_at, resolved_at FROM flags WHERE patient_id = $1 AND response_id IS NOT NULL ORDER BY raised_at, id",
    )
    .bind(patient_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let level: String = row.try_get("level")?;
        let advice: Option<String> = row.try_get("advice")?;
        out.push(ResponseFlag {
            id: row.try_get("id")?,
            response_id: row.try_get("response_id")?,
            rule: row.try_get("rule")?,
            // The column allows only the three levels.
            level: Level::parse(&level).unwrap_or(Level::Urgent),
            advice: advice.as_deref().and_then(Advice::parse),
            acknowledged_at: row.try_get("acknowledged_at")?,
            raised_at: row.try_get("raised_at")?,
            resolved_at: row.try_get("resolved_at")?,
        });
    }
    Ok(out)
}

/// Gives the flag to a nurse (`None`: to nobody); `false` when it is no longer open.
pub async fn assign(db: &Db, flag_id: i64, nurse_id: Option<i64>, audit: Entry<'_>) -> Result<bool> {
    let subject = format!("flag:{flag_id}");
    let change = sqlx::query("UPDATE flags SET assigned_to = $1 WHERE id = $2 AND resolved_at IS NULL")
        .bind(nurse_id)
        .bind(flag_id);
    super::audit::if_changed(db, change, audit.subject(subject.as_str())).await
}
