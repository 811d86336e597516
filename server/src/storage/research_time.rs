//! What the k check on time reads of a cohort, as the data stood at the export's cut: each
//! member's journey milestones (a treatment closed after the cut was still active then; a
//! milestone changed after the cut is read as it was before the change) and the instants of
//! their answers. Read for a project's members before an export is made (to choose what it
//! releases) and for an export's members when its files are written.
use super::{research_exports::MembersOf, research_rows::AnswerStamp, Db, Result};
use app::domain::research::Dataset;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};

pub struct MilestoneRow {
    pub patient_id: i64,
    pub treatment_id: i64,
    pub product_id: String,
    /// As of the cut.
    pub treatment_status: String,
    pub kind: String,
    /// As of the cut.
    pub status: String,
    /// The milestone's date as of the cut: done, else planned.
    pub on: String,
    /// The date first planned, before any change moved it.
    pub first_planned_on: String,
}

fn members_of(of: MembersOf) -> &'static str {
    match of {
        MembersOf::Export => "research_export_members m WHERE m.export_id = $1",
        MembersOf::Project => "research_project_members m WHERE m.project_id = $1",
    }
}

/// The journey milestones (apheresis, release, infusion; the shipping of the cells, which
/// only a centralised journey has) of every treatment opened by the cut, in order of
/// patient, treatment and position.
pub async fn milestones(db: &Db, of: MembersOf, owner_id: i64, snapshot_at: i64) -> Result<Vec<MilestoneRow>> {
    // The first change after the cut holds the milestone as it was at the cut.
    let then = |column: &str| {
        format!(
            "(SELECT h.{column} FROM milestone_history h JOIN timeline_changes c ON c.id = h.change_id \
             WHERE c.treatment_id = t.id AND h.key = ms.key AND c.at > $2 ORDER BY h.change_id LIMIT 1)"
        )
    };
    let sql = format!(
        "SELECT m.patient_id, t.id, t.product_id, \
         CASE WHEN t.closed_at IS NOT NULL AND t.closed_at > $2 THEN 'active' ELSE t.status END, \
         ms.kind, COALESCE({status_then}, ms.status), \
         COALESCE({on_then}, CASE WHEN ms.status = 'done' THEN ms.actual_on END, ms.planned_on), \
         COALESCE((SELECT h.old_on FROM milestone_history h JOIN timeline_changes c ON c.id = h.change_id \
          WHERE c.treatment_id = t.id AND h.key = ms.key ORDER BY h.change_id LIMIT 1), ms.planned_on) \
         FROM {members} AND t.created_at <= $2 AND ms.kind IN ('apheresis', 'cells_shipped', 'product_released', 'infusion') \
         ORDER BY m.patient_id, t.id, ms.position",
        status_then = then("old_status"),
        on_then = then("old_on"),
        members = members_of(of).replace(
            " WHERE ",
            " JOIN treatments t ON t.patient_id = m.patient_id JOIN milestones ms ON ms.treatment_id = t.id WHERE "
        ),
    );
    sqlx::query(&sql)
        .bind(owner_id)
        .bind(snapshot_at)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(MilestoneRow {
                patient_id: r.try_get(0)?,
                treatment_id: r.try_get(1)?,
                product_id: r.try_get(2)?,
                treatment_status: r.try_get(3)?,
                kind: r.try_get(4)?,
                status: r.try_get(5)?,
                on: r.try_get(6)?,
                first_planned_on: r.try_get(7)?,
            })
        })
        .collect()
}

/// A change to a treatment by the cut that the journey's manufacturing facts count: a run
/// started again (`remanufacture` by a nurse, `out_of_specification` from the site), or a
/// delay with its coded reason.
pub struct JourneyChange {
    pub treatment_id: i64,
    pub remanufacture: bool,
    pub delay_reason: Option<String>,
}

pub async fn journey_changes(db: &Db, of: MembersOf, owner_id: i64, snapshot_at: i64) -> Result<Vec<JourneyChange>> {
    let sql = format!(
        "SELECT c.treatment_id, c.action, c.delay_reason FROM {} AND t.created_at <= $2 AND c.at <= $2 \
         AND (c.action IN ('remanufacture', 'out_of_specification') OR c.delay_reason IS NOT NULL) \
         ORDER BY c.treatment_id, c.id",
        members_of(of).replace(
            " WHERE ",
            " JOIN treatments t ON t.patient_id = m.patient_id JOIN timeline_changes c ON c.treatment_id = t.id WHERE "
        )
    );
    sqlx::query(&sql)
        .bind(owner_id)
        .bind(snapshot_at)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            let action: String = r.try_get(1)?;
            Ok(JourneyChange {
                treatment_id: r.try_get(0)?,
                remanufacture: matches!(action.as_str(), "remanufacture" | "out_of_specification"),
                delay_reason: r.try_get(2)?,
            })
        })
        .collect()
}

/// The condition on a response `r` that some dataset asked for writes its time: items.csv
/// (and its FHIR form) every questionnaire but the diary, diary.csv the diary, scores.csv the
/// responses with a score, flags.csv those that raised a flag by the cut.
fn released_by(datasets: &BTreeSet<Dataset>) -> String {
    let mut any: Vec<&str> = Vec::new();
    for d in datasets {
        any.push(match d {
            Dataset::Items => "r.questionnaire_name <> 'symptom-diary'",
            Dataset::Diary => "r.questionnaire_name = 'symptom-diary'",
            Dataset::Scores => "r.scores <> '[]'",
            Dataset::Flags => "EXISTS (SELECT 1 FROM flags f WHERE f.response_id = r.id AND f.raised_at <= $2)",
            Dataset::Journeys => continue,
        });
    }
    if any.is_empty() {
        "1 = 0".into()
    } else {
        format!("({})", any.join(" OR "))
    }
}

/// When each member answered what, by the cut: (patient, `questionnaire|version|reported_by`,
/// when and to which window): everything a file says of a response besides its answers. Only
/// the patient's own responses, as every file reads them, and only those whose time one of
/// `datasets` writes.
pub async fn answer_instants(
    db: &Db,
    of: MembersOf,
    (owner_id, snapshot_at): (i64, i64),
    datasets: &BTreeSet<Dataset>,
) -> Result<Vec<(i64, String, AnswerStamp)>> {
    let sql = format!(
        "SELECT r.patient_id, r.questionnaire_name || '|' || r.questionnaire_version || '|' || r.reported_by, r.submitted_at, \
         r.timepoint, r.due_at FROM {} \
         AND r.subject = 'patient' AND r.submitted_at <= $2 AND {} ORDER BY r.patient_id, r.submitted_at",
        members_of(of).replace(
            " WHERE ",
            " JOIN checkin_responses r ON r.patient_id = m.patient_id WHERE "
        ),
        released_by(datasets)
    );
    sqlx::query(&sql)
        .bind(owner_id)
        .bind(snapshot_at)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, AnswerStamp::read(r, 2)?)))
        .collect()
}

/// What the latest export holding each of the project's members released of them (the k
/// check's key), whatever project it was made for: the next export is checked together with
/// it, and each key holds the one before it, so every release of a patient is checked as one.
pub async fn released_before(db: &Db, project_id: i64) -> Result<HashMap<i64, String>> {
    sqlx::query(
        "SELECT m.patient_id, m.time_key FROM research_export_members m \
         JOIN research_project_members p ON p.patient_id = m.patient_id AND p.project_id = $1 \
         WHERE m.export_id = (SELECT MAX(l.export_id) FROM research_export_members l WHERE l.patient_id = m.patient_id)",
    )
    .bind(project_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Each member's scores by the cut: (patient, questionnaire, instant, scores as stored).
pub async fn scores(db: &Db, project_id: i64, snapshot_at: i64) -> Result<Vec<(i64, String, i64, String)>> {
    sqlx::query(
        "SELECT r.patient_id, r.questionnaire_name, r.submitted_at, r.scores FROM research_project_members m \
         JOIN checkin_responses r ON r.patient_id = m.patient_id \
         WHERE m.project_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 ORDER BY r.patient_id, r.submitted_at",
    )
    .bind(project_id)
    .bind(snapshot_at)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
    .collect()
}
