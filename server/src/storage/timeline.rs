//! Treatments and their milestones: created, loaded and found by order reference. Changes to
//! a timeline are written by `timeline_changes`.
use super::{audit::Entry, now, Db, DbKind, Result, StorageError};
use app::domain::timeline::{
    Milestone, MilestoneKind, MilestoneStatus, Plan, PlanStep, Source, Stage, Summary, Timeline, TreatmentStatus,
};
use chrono::NaiveDate;
use sqlx::{any::AnyRow, Any, Row, Transaction};
use std::sync::LazyLock;

pub use super::timeline_changes::{close, delivery, save_change, ChangeRecord, Delivery};

#[derive(Clone, Debug)]
pub struct StoredTreatment {
    pub id: i64,
    pub patient_id: i64,
    pub centre_id: i64,
    pub status: TreatmentStatus,
    pub version: i64,
    pub product_id: String,
    pub product_name: String,
    pub template_id: String,
    pub order_reference: String,
    pub timeline: Timeline,
    /// When each milestone was done, to the second, where the sender said so.
    pub actual_at: Vec<Option<i64>>,
    pub planned_at: Vec<Option<i64>>,
}

pub struct NewTreatment<'a> {
    pub patient_id: i64,
    pub product_id: &'a str,
    pub product_name: &'a str,
    pub template_id: &'a str,
    pub order_reference: &'a str,
    pub timeline: &'a Timeline,
    pub planned_at: &'a [Option<i64>],
    pub summary: &'a Summary,
}

fn decode(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unexpected value {value:?}").into(),
    }
}

fn date(row: &AnyRow, column: &str) -> Result<NaiveDate> {
    let text: String = row.try_get(column)?;
    Ok(day(column, &text)?)
}

/// A stored `YYYY-MM-DD`.
fn day(column: &str, text: &str) -> std::result::Result<NaiveDate, sqlx::Error> {
    text.parse().map_err(|_| decode(column, text))
}

pub(super) fn write_summary_sql() -> &'static str {
    "UPDATE treatments SET version = version + 1, stage = $1, next_key = $2, next_on = $3, is_delayed = $4, has_conflict = $5, infusion_on = $6, next_kind = $9 WHERE id = $7 AND version = $8"
}

pub async fn create(
    db: &Db,
    new: &NewTreatment<'_>,
    audit: Entry<'_>,
    actor_id: Option<i64>,
    reminders: &super::reminders::ReminderPlan,
) -> Result<i64, StorageError> {
    let steps: Vec<&PlanStep> = new.timeline.plan.steps.iter().collect();
    let plan_json = serde_json::to_string(&steps).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let mut tx = db.pool.begin().await?;
    let s = new.summary;
    let inserted = sqlx::query("INSERT INTO treatments (patient_id, product_id, product_name, template_id, order_reference, start_on, plan_json, stage, next_key, next_on, is_delayed, has_conflict, infusion_on, created_by, created_at, next_kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id")
        .bind(new.patient_id)
        .bind(new.product_id)
        .bind(new.product_name)
        .bind(new.template_id)
        .bind(new.order_reference)
        .bind(new.timeline.start.to_string())
        .bind(plan_json)
        .bind(s.stage.as_str())
        .bind(s.next_key.clone())
        .bind(s.next_on.map(|d| d.to_string()))
        .bind(i64::from(s.delayed))
        .bind(i64::from(s.conflict))
        .bind(s.infusion_on.map(|d| d.to_string()))
        .bind(actor_id)
        .bind(now())
        .bind(s.next_kind.map(MilestoneKind::as_str))
        .fetch_one(&mut *tx)
        .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        // Which unique rule broke: the database names it (PostgreSQL: the constraint; SQLite:
        // the column), and a failed statement leaves no transaction to ask in.
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            let names_reference = db.message().contains("order_reference")
                || db.constraint().is_some_and(|c| c.contains("order_reference"));
            return Err(if names_reference {
                StorageError::OrderReferenceTaken
            } else {
                StorageError::ActiveTreatmentExists
            });
        }
        Err(error) => return Err(error.into()),
    };
    for (position, m) in new.timeline.milestones.iter().enumerate() {
        insert_milestone(
            &mut tx,
            id,
            position,
            m,
            new.planned_at.get(position).copied().flatten(),
            None,
        )
        .await?;
    }
    super::audit::record_about(&mut tx, audit, "treatment", id).await?;
    super::reminders::sync(&mut tx, reminders, now()).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_milestone(
    tx: &mut Transaction<'static, Any>,
    treatment_id: i64,
    position: usize,
    m: &Milestone,
    planned_at: Option<i64>,
    actual_at: Option<i64>,
) -> Result<()> {
    sqlx::query("INSERT INTO milestones (treatment_id, position, key, kind, status, planned_on, planned_at, extra_days, actual_on, actual_at, source, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(treatment_id)
        .bind(position as i64)
        .bind(&m.key)
        .bind(m.kind.as_str())
        .bind(m.status.as_str())
        .bind(m.planned_on.to_string())
        .bind(planned_at)
        .bind(i64::from(m.extra_days))
        .bind(m.actual_on.map(|d| d.to_string()))
        .bind(actual_at)
        .bind(m.source.map(Source::as_str))
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The columns of a treatment (`t`, joined with its patient `p`), in one row, its milestones
/// gathered into one JSON array of `MilestoneFields` in milestone order (`NULL` when it has
/// none). Every page and check-in reads a timeline, and on PostgreSQL each query is a round
/// trip, so it comes in one query; as one row, because the Any driver converts every value
/// of every row: a row per milestone (some thirty) was the largest single cost of a check-in
/// in perf (2026-12-05). `treatment_of` reads the row. Made once per database kind.
pub(super) fn treatment_columns(kind: DbKind) -> &'static str {
    static POSTGRES: LazyLock<String> = LazyLock::new(|| treatment_columns_unless(DbKind::Postgres, "FALSE"));
    static SQLITE: LazyLock<String> = LazyLock::new(|| treatment_columns_unless(DbKind::Sqlite, "FALSE"));
    match kind {
        DbKind::Postgres => &POSTGRES,
        DbKind::Sqlite => &SQLITE,
    }
}

/// As `treatment_columns`, but the plan and the milestones come `NULL` when `kept` holds:
/// the reader has them already (`kept_treatments`). The database skips the gathering then.
pub(super) fn treatment_columns_unless(kind: DbKind, kept: &str) -> String {
    let array = match kind {
        DbKind::Postgres => "json_build_array",
        DbKind::Sqlite => "json_array",
    };
    // Each milestone as JSON text, joined as text: an aggregate over JSON values would need
    // SQLite to keep their subtype through its sorter.
    format!(
        "t.id, t.patient_id, p.centre_id, t.version, t.product_id, t.status, t.product_name, t.template_id, \
         t.order_reference, t.start_on, CASE WHEN {kept} THEN NULL ELSE t.plan_json END AS plan_json, \
         CASE WHEN {kept} THEN NULL ELSE \
         (SELECT '[' || string_agg(CAST({array}(m.key, m.kind, m.status, m.planned_on, m.planned_at, m.extra_days, \
         m.actual_on, m.actual_at, m.source) AS TEXT), ',' ORDER BY m.position) || ']' \
         FROM milestones m WHERE m.treatment_id = t.id) END AS milestones"
    )
}

pub async fn load(db: &Db, treatment_id: i64) -> Result<Option<StoredTreatment>> {
    load_where(db, "t.id = $1", treatment_id).await
}

/// The patient's ($1) latest treatment, as a condition on `t`.
pub(super) const LATEST_OF_PATIENT: &str =
    "t.id = (SELECT id FROM treatments WHERE patient_id = $1 ORDER BY id DESC LIMIT 1)";

/// The patient's most recent treatment, active or closed, read whole.
pub async fn load_latest_of_patient(db: &Db, patient_id: i64) -> Result<Option<StoredTreatment>> {
    load_where(db, LATEST_OF_PATIENT, patient_id).await
}

async fn load_where(db: &Db, condition: &'static str, value: i64) -> Result<Option<StoredTreatment>> {
    let sql = format!(
        "SELECT {} FROM treatments t JOIN patients p ON p.user_id = t.patient_id WHERE {condition}",
        treatment_columns(db.kind)
    );
    match sqlx::query(&sql).bind(value).fetch_optional(&db.pool).await? {
        Some(row) => treatment_of(&row),
        None => Ok(None),
    }
}

/// The treatment in a row of `treatment_columns`; `None` when its columns are empty (a
/// query that joined none).
pub(super) fn treatment_of(row: &AnyRow) -> Result<Option<StoredTreatment>> {
    let Some(id) = row.try_get::<Option<i64>, _>("id")? else {
        return Ok(None);
    };
    let status: String = row.try_get("status")?;
    let plan_json: String = row.try_get("plan_json")?;
    let steps: Vec<PlanStep> = serde_json::from_str(&plan_json).map_err(|_| decode("plan_json", "(invalid plan)"))?;
    let plan = Plan::new(steps).map_err(|_| decode("plan_json", "(cyclic plan)"))?;
    let stored: Option<String> = row.try_get("milestones")?;
    let fields: Vec<MilestoneFields> = serde_json::from_str(stored.as_deref().unwrap_or("[]"))
        .map_err(|_| decode("milestones", "(invalid milestones)"))?;
    let mut milestones = Vec::with_capacity(fields.len());
    let (mut planned_at, mut actual_at) = (Vec::new(), Vec::new());
    for f in fields {
        let (m, planned, actual) = milestone(f)?;
        milestones.push(m);
        planned_at.push(planned);
        actual_at.push(actual);
    }
    if milestones.len() != plan.steps.len() {
        return Err(decode("milestones", "(count differs from the plan)").into());
    }
    Ok(Some(StoredTreatment {
        id,
        patient_id: row.try_get("patient_id")?,
        centre_id: row.try_get("centre_id")?,
        status: TreatmentStatus::parse(&status).ok_or_else(|| decode("status", &status))?,
        version: row.try_get("version")?,
        product_id: row.try_get("product_id")?,
        product_name: row.try_get("product_name")?,
        template_id: row.try_get("template_id")?,
        order_reference: row.try_get("order_reference")?,
        timeline: Timeline {
            plan,
            start: date(row, "start_on")?,
            milestones,
        },
        actual_at,
        planned_at,
    }))
}

/// A milestone as `treatment_columns` gathers it: key, kind, status, planned_on,
/// planned_at, extra_days, actual_on, actual_at, source.
#[derive(serde::Deserialize)]
struct MilestoneFields(
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// The milestone, and when it was planned and done to the second.
fn milestone(fields: MilestoneFields) -> Result<(Milestone, Option<i64>, Option<i64>)> {
    let MilestoneFields(key, kind, status, planned_on, planned_at, extra, actual_on, actual_at, source) = fields;
    let milestone = Milestone {
        key,
        kind: MilestoneKind::parse(&kind).ok_or_else(|| decode("kind", &kind))?,
        status: MilestoneStatus::parse(&status).ok_or_else(|| decode("status", &status))?,
        planned_on: day("planned_on", &planned_on)?,
        extra_days: i32::try_from(extra).map_err(|_| decode("extra_days", &extra.to_string()))?,
        actual_on: actual_on.as_deref().map(|t| day("actual_on", t)).transpose()?,
        source: source.as_deref().and_then(Source::parse),
    };
    Ok((milestone, planned_at, actual_at))
}

/// The patient's most recent treatment, active or closed.
pub async fn latest_of_patient(db: &Db, patient_id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query("SELECT id FROM treatments WHERE patient_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(patient_id)
            .fetch_optional(&db.pool)
            .await?
            .map(|row| row.try_get("id"))
            .transpose()?,
    )
}

pub async fn by_order_reference(db: &Db, reference: &str) -> Result<Option<StoredTreatment>> {
    let id: Option<i64> = sqlx::query("SELECT id FROM treatments WHERE order_reference = $1")
        .bind(reference)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get("id"))
        .transpose()?;
    match id {
        Some(id) => load(db, id).await,
        None => Ok(None),
    }
}

pub fn stage_of(value: &str) -> Stage {
    Stage::parse(value).unwrap_or(Stage::Preparing)
}

/// Patients with a treatment still open.
pub async fn active_patients(db: &Db) -> Result<Vec<i64>> {
    sqlx::query("SELECT DISTINCT patient_id FROM treatments WHERE status = 'active' ORDER BY patient_id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| row.try_get("patient_id").map_err(StorageError::from))
        .collect()
}
