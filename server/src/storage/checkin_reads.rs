//! What a check-in submission reads before it is stored. On PostgreSQL every query is a
//! round trip to another process, and submissions are the busiest write: apart from the
//! session, a submission reads once on arrival (`arrival`), once for its timeline
//! (`timeline::load_latest_of_patient_on`), and once when it knows its window (`prior`),
//! all on the one connection it then writes on (`checkins::insert_on`).
use super::{Result, StorageError};
use app::domain::checkins::Score;
use sqlx::{any::AnyRow, AnyConnection, Row};

/// What the database knows of a submission as it arrives.
pub struct Arrival {
    /// The patient's centre; `None` when the id is no patient's.
    pub centre: Option<CheckinCentre>,
    /// Whether a response with this client id is stored already (a replay).
    pub sent_before: bool,
    /// The latest imported definition of the questionnaire, by the name sent, if any.
    pub imported: Option<String>,
}

/// What a check-in needs of the patient's centre (`accounts::patient_centre` answers the
/// id alone).
pub struct CheckinCentre {
    pub centre_id: i64,
    /// °C, when the centre set its own.
    pub fever_threshold_c: Option<f64>,
    pub time_zone: String,
}

/// The patient's centre, whether the client id was sent before, and the imported
/// questionnaire, in one row (each part may be absent: hence the row of its own).
pub async fn arrival(
    conn: &mut AnyConnection,
    patient_id: i64,
    client_id: &str,
    questionnaire: &str,
) -> Result<Arrival> {
    let row = sqlx::query(
        "SELECT p.centre_id, c.fever_threshold_tenths, c.time_zone, \
         (SELECT COUNT(*) FROM checkin_responses r WHERE r.client_id = $2) AS sent_before, \
         (SELECT q.definition FROM questionnaires q WHERE q.name = $3 ORDER BY q.id DESC LIMIT 1) AS imported \
         FROM (SELECT 1 AS one) AS here \
         LEFT JOIN patients p ON p.user_id = $1 LEFT JOIN centres c ON c.id = p.centre_id",
    )
    .bind(patient_id)
    .bind(client_id)
    .bind(questionnaire)
    .fetch_one(&mut *conn)
    .await?;
    let centre = match row.try_get::<Option<i64>, _>("centre_id")? {
        Some(centre_id) => Some(CheckinCentre {
            centre_id,
            fever_threshold_c: fever_threshold_of(&row)?,
            time_zone: row.try_get("time_zone")?,
        }),
        None => None,
    };
    Ok(Arrival {
        centre,
        sent_before: row.try_get::<i64, _>("sent_before")? > 0,
        imported: row.try_get("imported")?,
    })
}

/// What earlier answers say of a submission, once its questionnaire, subject and window
/// are known.
pub struct Prior {
    /// The scores of the latest earlier response to the same questionnaire by the same
    /// subject (a caregiver's own answers compared only with their own).
    pub previous_scores: Vec<Score>,
    /// Whether the window asked about already has its answer.
    pub window_answered: bool,
}

/// A window asked about: its schedule and due instant.
pub struct WindowKey<'a> {
    pub schedule_id: &'a str,
    pub due_at: i64,
}

pub async fn prior(
    conn: &mut AnyConnection,
    patient_id: i64,
    subject: &str,
    respondent_id: i64,
    questionnaire: &str,
    window: Option<WindowKey<'_>>,
) -> Result<Prior, StorageError> {
    // No window: a schedule id no response has, so the count is 0.
    let (schedule_id, due_at) = window.map_or(("", 0), |w| (w.schedule_id, w.due_at));
    let row = sqlx::query(
        "SELECT (SELECT r.scores FROM checkin_responses r WHERE r.patient_id = $1 AND r.subject = $2 \
           AND r.questionnaire_name = $3 AND ($2 = 'patient' OR r.respondent_id = $4) \
           ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1) AS previous_scores, \
         (SELECT COUNT(*) FROM checkin_responses w WHERE w.patient_id = $1 AND w.schedule_id = $5 \
           AND w.due_at = $6 AND (w.subject = 'patient' OR w.respondent_id = $4)) AS window_answers",
    )
    .bind(patient_id)
    .bind(subject)
    .bind(questionnaire)
    .bind(respondent_id)
    .bind(schedule_id)
    .bind(due_at)
    .fetch_one(&mut *conn)
    .await?;
    let previous: Option<String> = row.try_get("previous_scores")?;
    Ok(Prior {
        previous_scores: previous
            .map(|s| serde_json::from_str(&s))
            .transpose()?
            .unwrap_or_default(),
        window_answered: row.try_get::<i64, _>("window_answers")? > 0,
    })
}

/// The threshold stored in tenths of a degree, as °C.
pub(super) fn fever_threshold_of(row: &AnyRow) -> Result<Option<f64>> {
    Ok(row
        .try_get::<Option<i64>, _>("fever_threshold_tenths")?
        .map(|tenths| tenths as f64 / 10.0))
}
