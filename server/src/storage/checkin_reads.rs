//! What a check-in submission reads before it is stored. On PostgreSQL every query is a
//! round trip to another process, and submissions are the busiest write: apart from the
//! session, a submission reads once, on arrival (`arrival`), on the one connection it then
//! writes on (`checkins::insert_on`), which also claims the answer's window.
use super::{
    kept_treatments::KeptTreatments,
    timeline::{treatment_columns_unless, treatment_of, StoredTreatment, LATEST_OF_PATIENT},
    Db, DbKind, Result, StorageError,
};
use app::domain::checkins::{short_name_of, Score};
use sqlx::{any::AnyRow, Any, AnyConnection, Row};
use std::sync::{Arc, LazyLock};

/// A submission as it arrives: who sends what about whom.
pub struct Asked<'a> {
    pub patient_id: i64,
    pub client_id: &'a str,
    /// The questionnaire's name as sent: its imported definition is looked up by it.
    pub questionnaire: &'a str,
    /// `patient`, or `caregiver` for a caregiver's own wellbeing.
    pub subject: &'a str,
    pub respondent_id: i64,
}

impl Asked<'_> {
    /// The name responses to the questionnaire are stored under, as far as the name sent
    /// tells: its last segment. An imported definition may name itself otherwise.
    pub fn short_name(&self) -> &str {
        short_name_of(self.questionnaire)
    }
}

/// What the database knows of a submission as it arrives.
pub struct Arrival {
    /// The patient's centre; `None` when the id is no patient's.
    pub centre: Option<CheckinCentre>,
    /// Whether a response with this client id is stored already (a replay).
    pub sent_before: bool,
    /// The latest imported definition of the questionnaire, by the name sent, if any.
    pub imported: Option<String>,
    /// The scores of the latest earlier response to the questionnaire named as
    /// `Asked::short_name`, by the same subject (a caregiver's own answers compared only
    /// with their own).
    pub previous_scores: Vec<Score>,
    /// The patient's latest treatment, whose timeline places the answer in its window (as
    /// this instance kept it, when the database says it is current).
    pub treatment: Option<Arc<StoredTreatment>>,
}

/// What a check-in needs of the patient's centre (`accounts::patient_centre` answers the
/// id alone).
pub struct CheckinCentre {
    pub centre_id: i64,
    /// °C, when the centre set its own.
    pub fever_threshold_c: Option<f64>,
    pub time_zone: String,
}

/// The latest response's scores to a questionnaire by a subject ($1 patient, $2 subject,
/// $3 questionnaire, $4 respondent).
const PREVIOUS_SCORES: &str = "SELECT r.scores FROM checkin_responses r WHERE r.patient_id = $1 AND r.subject = $2 \
     AND r.questionnaire_name = $3 AND ($2 = 'patient' OR r.respondent_id = $4) \
     ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1";

/// One row, whether or not the id is a patient's or the patient has a treatment: the joins
/// are outer, from a row of its own. $7, $8 and $9 are the id, version and centre of the
/// treatment this instance keeps for the patient (-1 when none): when all three still hold,
/// the plan and milestones are not sent (`kept_treatments`).
fn arrival_sql(kind: DbKind) -> String {
    const KEPT: &str = "t.id = $7 AND t.version = $8 AND p.centre_id = $9";
    format!(
        "SELECT c.fever_threshold_tenths, c.time_zone, \
         (SELECT COUNT(*) FROM checkin_responses s WHERE s.client_id = $5) AS sent_before, \
         (SELECT q.definition FROM questionnaires q WHERE q.name = $6 ORDER BY q.id DESC LIMIT 1) AS imported, \
         ({PREVIOUS_SCORES}) AS previous_scores, {treatment}, \
         CASE WHEN {KEPT} THEN 1 ELSE 0 END AS kept_is_current \
         FROM (SELECT 1 AS one) AS here \
         LEFT JOIN patients p ON p.user_id = $1 LEFT JOIN centres c ON c.id = p.centre_id \
         LEFT JOIN treatments t ON {LATEST_OF_PATIENT}",
        treatment = treatment_columns_unless(kind, KEPT),
    )
}

static ARRIVAL_POSTGRES: LazyLock<String> = LazyLock::new(|| arrival_sql(DbKind::Postgres));
static ARRIVAL_SQLITE: LazyLock<String> = LazyLock::new(|| arrival_sql(DbKind::Sqlite));

/// The patient's centre, whether the client id was sent before, the imported
/// questionnaire, the previous scores and the treatment, in one query (on `conn`, taken
/// from `db`'s pool).
pub async fn arrival(conn: &mut AnyConnection, db: &Db, asked: &Asked<'_>) -> Result<Arrival> {
    let sql = match db.kind {
        DbKind::Postgres => &ARRIVAL_POSTGRES,
        DbKind::Sqlite => &ARRIVAL_SQLITE,
    };
    let kept = db.kept_treatments.get(asked.patient_id);
    let (kept_id, kept_version, kept_centre) = kept.as_ref().map_or((-1, -1, -1), |t| (t.id, t.version, t.centre_id));
    let row = sqlx::query(sql)
        .bind(asked.patient_id)
        .bind(asked.subject)
        .bind(asked.short_name())
        .bind(asked.respondent_id)
        .bind(asked.client_id)
        .bind(asked.questionnaire)
        .bind(kept_id)
        .bind(kept_version)
        .bind(kept_centre)
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
        previous_scores: scores_of(row.try_get("previous_scores")?)?,
        treatment: latest_treatment(&row, &db.kept_treatments, asked.patient_id, kept)?,
    })
}

/// The kept copy when the database said it is current; else the treatment as read, kept
/// for the next time.
fn latest_treatment(
    row: &AnyRow,
    kept_treatments: &KeptTreatments,
    patient_id: i64,
    kept: Option<Arc<StoredTreatment>>,
) -> Result<Option<Arc<StoredTreatment>>> {
    let current = row.try_get::<i64, _>("kept_is_current")? == 1;
    if let (true, Some(kept)) = (current, kept) {
        kept_treatments.used();
        return Ok(Some(kept));
    }
    let read = treatment_of(row)?.map(Arc::new);
    kept_treatments.keep(patient_id, read.clone());
    Ok(read)
}

/// The scores of the latest earlier response to `questionnaire` by the same subject (a
/// caregiver's own answers compared only with their own).
pub async fn previous_scores<'c>(
    executor: impl sqlx::Executor<'c, Database = Any>,
    patient_id: i64,
    subject: &str,
    respondent_id: i64,
    questionnaire: &str,
) -> Result<Vec<Score>, StorageError> {
    let row = sqlx::query(PREVIOUS_SCORES)
        .bind(patient_id)
        .bind(subject)
        .bind(questionnaire)
        .bind(respondent_id)
        .fetch_optional(executor)
        .await?;
    scores_of(row.map(|r| r.try_get("scores")).transpose()?)
}

fn scores_of(stored: Option<String>) -> Result<Vec<Score>, StorageError> {
    Ok(stored
        .map(|s| serde_json::from_str(&s))
        .transpose()?
        .unwrap_or_default())
}

/// The threshold stored in tenths of a degree, as °C.
pub(super) fn fever_threshold_of(row: &AnyRow) -> Result<Option<f64>> {
    Ok(row
        .try_get::<Option<i64>, _>("fever_threshold_tenths")?
        .map(|tenths| tenths as f64 / 10.0))
}
