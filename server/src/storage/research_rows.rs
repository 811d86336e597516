//! The rows an export reads, streamed from the database in research-id order: memory is
//! bounded by one member's records (their responses come as one row), whatever the number
//! of rows. Only what the export may use is selected.
use super::{member_responses, Db, Result, StorageError};
use futures_util::{
    stream::{self, BoxStream},
    StreamExt, TryStreamExt,
};
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

/// A caregiver's answers about their own wellbeing are theirs, not the patient's: the
/// patient's consent does not cover them, so only `subject = 'patient'` rows are read.
/// `scores`: each row's `json` holds its scores instead of its answers.
pub fn responses(
    db: &Db,
    export_id: i64,
    snapshot_at: i64,
    which: Responses,
    scores: bool,
) -> BoxStream<'_, Result<ResponseRow>> {
    answers_and_scores(db, export_id, snapshot_at, which)
        .map_ok(move |r| match scores {
            true => ResponseRow {
                json: r.scores,
                ..r.response
            },
            false => r.response,
        })
        .boxed()
}

/// A response with both its answers and its scores (JSON as stored), for the wide layout.
pub struct ScoredResponse {
    pub response: ResponseRow,
    pub scores: String,
}

/// The members' responses (`Questionnaires`: the diary's left out), answers and scores
/// together, in research-id order, then questionnaire and time.
///
/// Read a member at a time: each member's responses come joined into one row, in that
/// order, and are split here. Read a row per response, an export spent most of its time
/// on handing rows over from the database driver, about 6 µs each through sqlx's SQLite
/// worker, more than SQLite took to read them (BENCHMARKS.md, issue 23).
pub fn answers_and_scores(
    db: &Db,
    export_id: i64,
    snapshot_at: i64,
    which: Responses,
) -> BoxStream<'_, Result<ScoredResponse>> {
    sqlx::query(member_responses::sql(db.kind, which))
        .bind(export_id)
        .bind(snapshot_at)
        .fetch(&db.pool)
        .map(|row| {
            let r: AnyRow = row?;
            let joined: String = r.try_get(2)?;
            member_responses::split(r.try_get(0)?, r.try_get(1)?, &joined)
        })
        .map_ok(|responses| stream::iter(responses.into_iter().map(Ok)))
        .try_flatten()
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
