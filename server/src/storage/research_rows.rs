//! The rows an export reads, streamed from the database in research-id order: memory stays
//! flat whatever the number of rows. Only what the export may use is selected.
use super::{Db, Result, StorageError};
use futures_util::{stream::BoxStream, StreamExt};
use sqlx::{any::AnyRow, Row};

/// Which responses a file covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Responses {
    /// The symptom diary only.
    Diary,
    /// Every questionnaire but the diary.
    Questionnaires,
    /// Both.
    All,
}

/// When an answer came, as stored: its instant, the timepoint of the window it answered and
/// when that window was due (none for answers stored before answers kept them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerStamp {
    pub at: i64,
    pub timepoint: Option<String>,
    pub due_at: Option<i64>,
}

impl AnswerStamp {
    /// Read from `at`, `at + 1` and `at + 2` of a row (instant, timepoint, due instant).
    pub fn read(row: &AnyRow, at: usize) -> Result<AnswerStamp> {
        Ok(AnswerStamp {
            at: row.try_get(at)?,
            timepoint: row.try_get(at + 1)?,
            due_at: row.try_get(at + 2)?,
        })
    }
}

pub struct ResponseRow {
    pub patient_id: i64,
    pub questionnaire: String,
    pub version: String,
    pub reported_by: String,
    pub answered: AnswerStamp,
    /// The answers (or the scores) as stored, JSON.
    pub json: String,
}

/// A response row as both reads select it: patient, questionnaire, version, reporter, then
/// the answer's stamp (`AnswerStamp::read`), then its answers or scores.
fn response_row(r: &AnyRow) -> Result<ResponseRow> {
    Ok(ResponseRow {
        patient_id: r.try_get(0)?,
        questionnaire: r.try_get(1)?,
        version: r.try_get(2)?,
        reported_by: r.try_get(3)?,
        answered: AnswerStamp::read(r, 4)?,
        json: r.try_get(7)?,
    })
}

/// A caregiver's answers about their own wellbeing are theirs, not the patient's: the
/// patient's consent does not cover them, so only `subject = 'patient'` rows are read.
pub fn responses(
    db: &Db,
    export_id: i64,
    snapshot_at: i64,
    which: Responses,
    scores: bool,
) -> BoxStream<'_, Result<ResponseRow>> {
    let sql: &'static str = match (which, scores) {
        (Responses::Diary, false) => concat!(
            "SELECT r.patient_id, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.submitted_at, r.timepoint, r.due_at, r.answers AS json ",
            "FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
            "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 AND r.questionnaire_name = 'symptom-diary' ",
            "ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
        ),
        (Responses::Questionnaires, false) => concat!(
            "SELECT r.patient_id, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.submitted_at, r.timepoint, r.due_at, r.answers AS json ",
            "FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
            "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 AND r.questionnaire_name <> 'symptom-diary' ",
            "ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
        ),
        (_, false) => concat!(
            "SELECT r.patient_id, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.submitted_at, r.timepoint, r.due_at, r.answers AS json ",
            "FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
            "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 ",
            "ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
        ),
        (_, true) => concat!(
            "SELECT r.patient_id, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.submitted_at, r.timepoint, r.due_at, r.scores AS json ",
            "FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
            "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 ",
            "ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
        ),
    };
    sqlx::query(sql)
        .bind(export_id)
        .bind(snapshot_at)
        .fetch(&db.pool)
        .map(|row| response_row(&row?))
        .boxed()
}

/// A response with both its answers and its scores (JSON as stored), for the wide layout.
pub struct ScoredResponse {
    pub response: ResponseRow,
    pub scores: String,
}

/// The members' responses (`Questionnaires`: the diary's left out), answers and scores
/// together, in research-id order (then questionnaire and time, as the long files).
pub fn answers_and_scores(
    db: &Db,
    export_id: i64,
    snapshot_at: i64,
    which: Responses,
) -> BoxStream<'_, Result<ScoredResponse>> {
    let sql: &'static str = match which {
        Responses::Questionnaires => concat!(
            "SELECT r.patient_id, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.submitted_at, r.timepoint, r.due_at, ",
            "r.answers, r.scores FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
            "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 AND r.questionnaire_name <> 'symptom-diary' ",
            "ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
        ),
        Responses::Diary => concat!(
            "SELECT r.patient_id, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.submitted_at, r.timepoint, r.due_at, ",
            "r.answers, r.scores FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
            "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 AND r.questionnaire_name = 'symptom-diary' ",
            "ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
        ),
        Responses::All => concat!(
            "SELECT r.patient_id, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.submitted_at, r.timepoint, r.due_at, ",
            "r.answers, r.scores FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
            "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 ",
            "ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
        ),
    };
    sqlx::query(sql)
        .bind(export_id)
        .bind(snapshot_at)
        .fetch(&db.pool)
        .map(|row| {
            let r: AnyRow = row?;
            Ok(ScoredResponse {
                response: response_row(&r)?,
                scores: r.try_get(8)?,
            })
        })
        .boxed()
}

pub struct FlagRow {
    pub patient_id: i64,
    /// The response that raised it: its questionnaire and when it was given.
    pub questionnaire: String,
    pub answered: AnswerStamp,
    pub rule: String,
    pub level: String,
    pub advice: Option<String>,
    pub raised_at: i64,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
}

/// Flags raised on the patient's own responses; the free-text resolution is not read.
pub fn flags(db: &Db, export_id: i64, snapshot_at: i64) -> BoxStream<'_, Result<FlagRow>> {
    sqlx::query(concat!(
        "SELECT f.patient_id, f.rule, f.level, f.advice, f.raised_at, f.acknowledged_at, f.resolved_at, r.questionnaire_name, r.submitted_at, r.timepoint, r.due_at ",
        "FROM research_export_members m JOIN flags f ON f.patient_id = m.patient_id JOIN checkin_responses r ON r.id = f.response_id ",
        "WHERE m.export_id = $1 AND r.subject = 'patient' AND f.raised_at <= $2 AND r.submitted_at <= $2 ORDER BY m.research_id, f.raised_at, f.id"
    ))
    .bind(export_id)
    .bind(snapshot_at)
    .fetch(&db.pool)
    .map(|row| {
        let r: AnyRow = row?;
        Ok(FlagRow {
            patient_id: r.try_get(0)?,
            rule: r.try_get(1)?,
            level: r.try_get(2)?,
            advice: r.try_get(3)?,
            raised_at: r.try_get(4)?,
            acknowledged_at: r.try_get(5)?,
            resolved_at: r.try_get(6)?,
            questionnaire: r.try_get(7)?,
            answered: AnswerStamp::read(&r, 8)?,
        })
    })
    .boxed()
}

/// The questionnaires and versions the members' responses answer, by the snapshot.
pub async fn instrument_versions(db: &Db, export_id: i64, snapshot_at: i64) -> Result<Vec<(String, String)>> {
    sqlx::query(concat!(
        "SELECT DISTINCT r.questionnaire_name, r.questionnaire_version ",
        "FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
        "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 ORDER BY 1, 2"
    ))
    .bind(export_id)
    .bind(snapshot_at)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Every imported questionnaire definition (FHIR JSON), all versions.
pub async fn imported_definitions(db: &Db) -> Result<Vec<String>> {
    sqlx::query("SELECT definition FROM questionnaires ORDER BY id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0).map_err(StorageError::from))
        .collect()
}

/// Members whose answers an export writes (levels 0 to 5 of `time_release::LEVELS`); journeys
/// are written at levels 0, 1, 2, 4 and 6. The researcher sees these totals, so they count
/// only what is written: nothing about what was held back.
const ANSWERS_RELEASED: &str = "AND m.time_level BETWEEN 0 AND 5";

/// How many records a file's stream will read: the progress bar's scale.
pub async fn count_responses(db: &Db, export_id: i64, snapshot_at: i64, which: Responses) -> Result<i64> {
    let filter = match which {
        Responses::Diary => "AND r.questionnaire_name = 'symptom-diary'",
        Responses::Questionnaires => "AND r.questionnaire_name <> 'symptom-diary'",
        Responses::All => "",
    };
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id \
         WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 {filter} {ANSWERS_RELEASED}"
    ))
    .bind(export_id)
    .bind(snapshot_at)
    .fetch_one(&db.pool)
    .await?)
}

pub async fn count_flags(db: &Db, export_id: i64, snapshot_at: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(concat!(
        "SELECT COUNT(*) FROM research_export_members m JOIN flags f ON f.patient_id = m.patient_id ",
        "JOIN checkin_responses r ON r.id = f.response_id WHERE m.export_id = $1 AND r.subject = 'patient' AND f.raised_at <= $2 ",
        "AND r.submitted_at <= $2 AND m.time_level BETWEEN 0 AND 5"
    ))
    .bind(export_id)
    .bind(snapshot_at)
    .fetch_one(&db.pool)
    .await?)
}

pub async fn count_treatments(db: &Db, export_id: i64, snapshot_at: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM research_export_members m JOIN treatments t ON t.patient_id = m.patient_id WHERE m.export_id = $1 AND t.created_at <= $2 AND m.time_level IN (0, 1, 2, 4, 6)",
    )
    .bind(export_id)
    .bind(snapshot_at)
    .fetch_one(&db.pool)
    .await?)
}
