//! Check-in responses and the flags they raised. A response, its scores, its flags and its
//! audit entry are written in one transaction, or not at all.
use super::{audit::Entry, checkin_reads::fever_threshold_of, is_unique_violation, Db, Result, StorageError};
use app::domain::{
    checkins::Score,
    triage::{Advice, Flag, Level},
};
use sqlx::{AnyConnection, Row};

pub struct NewResponse<'a> {
    pub client_id: &'a str,
    pub patient_id: i64,
    /// `patient`, or `caregiver` for a caregiver's own wellbeing.
    pub subject: &'a str,
    pub respondent_id: i64,
    pub reported_by: &'a str,
    pub questionnaire: &'a str,
    pub version: &'a str,
    /// The window answered, if any: kept only if no answer to it is stored yet, else the
    /// response is stored with no window (and not late).
    pub schedule_id: Option<&'a str>,
    pub due_at: Option<i64>,
    /// The window's nominal timepoint (`unscheduled` without one); `unscheduled` too when
    /// the window had its answer already.
    pub timepoint: &'a str,
    /// When the person answered (Unix seconds), which a phone kept offline may put before
    /// the arrival.
    pub answered_at: i64,
    /// When it reached the server: the same reading of the clock that `answered_at` falls
    /// back to, so that an answer given on arrival has the two equal.
    pub submitted_at: i64,
    pub is_late: bool,
    pub answers_json: &'a str,
    pub scores: &'a [Score],
    pub triage_version: &'a str,
    /// The check-in schedule's version in force when it came.
    pub schedule_version: &'a str,
    pub flags: &'a [Flag],
    /// Set when a flag is urgent: every nurse of the centre gets an alert through the
    /// reminders outbox, written with the flag.
    pub urgent_alert: Option<UrgentAlert<'a>>,
}

pub struct UrgentAlert<'a> {
    /// The reminder rule of urgent alerts.
    pub rule: &'a str,
    pub centre_id: i64,
    /// When it is due: now, by the dispatcher's clock.
    pub at: i64,
    /// How long the alert is worth delivering.
    pub useful_seconds: i64,
}

/// A response as stored, for a replay: what the first submission was answered.
pub struct StoredResponse {
    pub id: i64,
    pub respondent_id: i64,
    pub patient_id: i64,
    pub questionnaire: String,
    pub version: String,
    pub scores: Vec<Score>,
    pub flags: Vec<Flag>,
    pub is_late: bool,
}

/// A response stored: its id, and whether it is late for its window (never when the window
/// it was given had its answer already: it is then stored without one).
pub struct Inserted {
    pub id: i64,
    pub is_late: bool,
}

pub async fn insert(db: &Db, new: &NewResponse<'_>, audit: Entry<'_>) -> Result<Inserted, StorageError> {
    insert_on(&mut *db.connection().await?, new, audit).await
}

/// As `insert`, on a connection the caller holds (a submission reads and writes on one).
pub async fn insert_on(
    conn: &mut AnyConnection,
    new: &NewResponse<'_>,
    audit: Entry<'_>,
) -> Result<Inserted, StorageError> {
    let scores = serde_json::to_string(new.scores)?;
    let at = new.submitted_at;
    let mut tx = sqlx::Connection::begin(conn).await?;
    // The window is claimed in the insert: an answer to a window that has its answer
    // already is stored without it (and is not late for it).
    let inserted = sqlx::query(
        "INSERT INTO checkin_responses (client_id, patient_id, subject, respondent_id, reported_by, \
         questionnaire_name, questionnaire_version, schedule_id, due_at, submitted_at, answered_at, is_late, \
         answers, scores, triage_version, level, timepoint, schedule_version) \
         SELECT $1, $2, $3, $4, $5, $6, $7, CASE WHEN taken.answers = 0 THEN $8 END, \
         CASE WHEN taken.answers = 0 THEN $9 END, $10, $11, CASE WHEN taken.answers = 0 THEN $12 ELSE 0 END, \
         $13, $14, $15, $16, CASE WHEN taken.answers = 0 THEN $17 ELSE 'unscheduled' END, $18 \
         FROM (SELECT COUNT(*) AS answers FROM checkin_responses w WHERE w.patient_id = $2 \
           AND w.schedule_id = $8 AND w.due_at = $9 AND (w.subject = 'patient' OR w.respondent_id = $4)) AS taken \
         RETURNING id, is_late",
    )
    .bind(new.client_id)
    .bind(new.patient_id)
    .bind(new.subject)
    .bind(new.respondent_id)
    .bind(new.reported_by)
    .bind(new.questionnaire)
    .bind(new.version)
    .bind(new.schedule_id)
    .bind(new.due_at)
    .bind(at)
    .bind(new.answered_at)
    .bind(i64::from(new.is_late))
    .bind(new.answers_json)
    .bind(&scores)
    .bind(new.triage_version)
    .bind(new.flags.iter().map(|f| f.level).min().map(Level::as_str))
    .bind(new.timepoint)
    .bind(new.schedule_version)
    .fetch_one(&mut *tx)
    .await;
    let (id, is_late): (i64, i64) = match inserted {
        Ok(row) => (row.try_get("id")?, row.try_get("is_late")?),
        Err(error) if is_unique_violation(&error) => return Err(StorageError::AlreadyStored),
        Err(error) => return Err(error.into()),
    };
    for flag in new.flags {
        let flag_id: i64 = sqlx::query_scalar("INSERT INTO flags (response_id, patient_id, rule, level, advice, raised_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(id)
            .bind(new.patient_id)
            .bind(&flag.rule)
            .bind(flag.level.as_str())
            .bind(flag.advice.map(Advice::as_str))
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
        // The hospital's systems hear of a red flag from the transaction that raised it.
        super::hospital_deliveries::enqueue_in(&mut tx, flag_id, at).await?;
    }
    if let Some(alert) = &new.urgent_alert {
        let subject = format!("checkin:{id}");
        let expires_at = alert.at + alert.useful_seconds;
        super::reminders::alert_nurses_of(
            &mut tx,
            alert.centre_id,
            new.patient_id,
            alert.rule,
            &subject,
            alert.at,
            expires_at,
        )
        .await?;
    }
    super::audit::record_about(&mut tx, audit, "checkin", id).await?;
    tx.commit().await?;
    Ok(Inserted {
        id,
        is_late: is_late != 0,
    })
}

pub async fn by_client_id(conn: &mut AnyConnection, client_id: &str) -> Result<Option<StoredResponse>, StorageError> {
    let Some(row) = sqlx::query("SELECT id, respondent_id, patient_id, questionnaire_name, questionnaire_version, scores, is_late FROM checkin_responses WHERE client_id = $1")
        .bind(client_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let scores: String = row.try_get("scores")?;
    let is_late: i64 = row.try_get("is_late")?;
    let mut flags = Vec::new();
    for f in sqlx::query("SELECT rule, level, advice FROM flags WHERE response_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        let level: String = f.try_get("level")?;
        let advice: Option<String> = f.try_get("advice")?;
        flags.push(Flag {
            rule: f.try_get("rule")?,
            level: Level::parse(&level).ok_or_else(|| sqlx::Error::ColumnDecode {
                index: "level".into(),
                source: format!("unexpected value {level:?}").into(),
            })?,
            advice: advice.as_deref().and_then(Advice::parse),
        });
    }
    flags.sort_by_key(|f| (f.level, f.advice.is_none(), f.advice));
    Ok(Some(StoredResponse {
        id,
        respondent_id: row.try_get("respondent_id")?,
        patient_id: row.try_get("patient_id")?,
        questionnaire: row.try_get("questionnaire_name")?,
        version: row.try_get("questionnaire_version")?,
        scores: serde_json::from_str(&scores)?,
        flags,
        is_late: is_late != 0,
    }))
}

/// The windows answered since `since`, as (schedule, due instant): the patient's by
/// whoever answered them, a caregiver's own only by that caregiver (`reader_id`).
pub async fn answered_windows(db: &Db, patient_id: i64, reader_id: i64, since: i64) -> Result<Vec<(String, i64)>> {
    sqlx::query("SELECT schedule_id, due_at FROM checkin_responses WHERE patient_id = $1 AND schedule_id IS NOT NULL AND due_at >= $2 AND (subject = 'patient' OR respondent_id = $3)")
        .bind(patient_id)
        .bind(since)
        .bind(reader_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("schedule_id")?, r.try_get("due_at")?)))
        .collect()
}

/// The answers of the latest response to this questionnaire by this respondent about this
/// subject, as stored (JSON).
pub async fn latest_answers(
    db: &Db,
    patient_id: i64,
    subject: &str,
    respondent_id: i64,
    questionnaire: &str,
) -> Result<Option<String>> {
    Ok(sqlx::query("SELECT answers FROM checkin_responses WHERE patient_id = $1 AND subject = $2 AND questionnaire_name = $3 AND ($2 = 'patient' OR respondent_id = $4) ORDER BY submitted_at DESC, id DESC LIMIT 1")
        .bind(patient_id)
        .bind(subject)
        .bind(questionnaire)
        .bind(respondent_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get("answers"))
        .transpose()?)
}

/// The centre's fever threshold in °C, if it set one.
pub async fn fever_threshold(db: &Db, centre_id: i64) -> Result<Option<f64>> {
    sqlx::query("SELECT fever_threshold_tenths FROM centres WHERE id = $1")
        .bind(centre_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| fever_threshold_of(&row))
        .transpose()
        .map(Option::flatten)
}

/// A stored response, for the nurse's review of one patient.
pub struct ResponseRecord {
    pub id: i64,
    pub subject: String,
    pub reported_by: String,
    pub questionnaire: String,
    /// When the person answered: for an answer sent later from a phone kept offline,
    /// before it arrived.
    pub answered_at: i64,
    /// When it reached the server.
    pub submitted_at: i64,
    pub is_late: bool,
    pub level: Option<String>,
    pub answers: String,
    pub scores: String,
}

/// The patient's responses, oldest first (at most the latest `limit`).
pub async fn of_patient(db: &Db, patient_id: i64, limit: i64) -> Result<Vec<ResponseRecord>> {
    let mut rows: Vec<ResponseRecord> = sqlx::query("SELECT id, subject, reported_by, questionnaire_name, COALESCE(answered_at, submitted_at) AS answered_at, submitted_at, is_late, level, answers, scores FROM checkin_responses WHERE patient_id = $1 ORDER BY 5 DESC, id DESC LIMIT $2")
        .bind(patient_id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let late: i64 = r.try_get("is_late")?;
            Ok(ResponseRecord {
                id: r.try_get("id")?,
                subject: r.try_get("subject")?,
                reported_by: r.try_get("reported_by")?,
                questionnaire: r.try_get("questionnaire_name")?,
                answered_at: r.try_get("answered_at")?,
                submitted_at: r.try_get("submitted_at")?,
                is_late: late != 0,
                level: r.try_get("level")?,
                answers: r.try_get("answers")?,
                scores: r.try_get("scores")?,
            })
        })
        .collect::<Result<_>>()?;
    rows.reverse();
    Ok(rows)
}
