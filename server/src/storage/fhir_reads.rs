//! What the hospital's FHIR API reads: one page of one kind of record, in the centres a
//! client may read, filtered as its search says (`domain::fhir_api::search`). Each page is
//! in a fixed order, (date, number), and starts after the place the last one ended, so
//! that a record written meanwhile neither repeats nor hides one.
use super::{Db, Result};
use app::domain::{fhir_api::Kind, triage::Level};
use sqlx::{any::AnyRow, Row};

/// Which records: every bound is optional but the centres.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub centres: Vec<i64>,
    /// These patients only (already known to be in `centres`).
    pub patients: Option<Vec<i64>>,
    /// Dated at or after, and before (Unix seconds; a CarePlan's day, see `period_bounds`).
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub statuses: Vec<&'static str>,
    /// After this (date, number).
    pub after: Option<(i64, i64)>,
    /// This record alone (a read by id).
    pub only: Option<i64>,
    pub limit: i64,
}

enum Bind {
    Int(i64),
    Text(String),
}

/// One kind's query: its tables, its date and number, and the condition of each status.
struct Shape {
    from: &'static str,
    at: &'static str,
    number: &'static str,
    patient: &'static str,
    always: &'static str,
    columns: &'static str,
}

fn shape(kind: Kind) -> Shape {
    match kind {
        Kind::Patient => Shape {
            from: "patients p JOIN users pu ON pu.id = p.user_id",
            at: "CAST(0 AS BIGINT)",
            number: "p.user_id",
            patient: "p.user_id",
            always: "1 = 1",
            columns: "p.hospital_number",
        },
        Kind::CarePlan => Shape {
            from: "treatments x JOIN patients p ON p.user_id = x.patient_id JOIN users pu ON pu.id = p.user_id",
            at: "CAST(0 AS BIGINT)",
            number: "x.id",
            patient: "x.patient_id",
            always: "1 = 1",
            columns: "x.status",
        },
        Kind::QuestionnaireResponse => Shape {
            from: "checkin_responses x JOIN patients p ON p.user_id = x.patient_id JOIN users pu ON pu.id = p.user_id",
            at: "COALESCE(x.answered_at, x.submitted_at)",
            number: "x.id",
            patient: "x.patient_id",
            // A caregiver's own wellbeing is theirs, not the patient's record.
            always: "x.subject = 'patient'",
            columns: "x.reported_by, x.questionnaire_name, x.answers, x.scores",
        },
        Kind::Flag => Shape {
            from: "flags x JOIN patients p ON p.user_id = x.patient_id JOIN users pu ON pu.id = p.user_id",
            at: "x.raised_at",
            number: "x.id",
            patient: "x.patient_id",
            // A flag of a caregiver's own wellbeing is theirs, as their answers are.
            always: "(x.response_id IS NULL OR EXISTS (SELECT 1 FROM checkin_responses r \
                     WHERE r.id = x.response_id AND r.subject = 'patient'))",
            columns: "x.response_id, x.rule, x.level, x.resolved_at",
        },
        Kind::Communication => Shape {
            from: "team_messages x JOIN users au ON au.id = x.author_id \
                   JOIN patients p ON p.user_id = x.patient_id JOIN users pu ON pu.id = p.user_id",
            at: "x.sent_at",
            number: "x.id",
            patient: "x.patient_id",
            always: "1 = 1",
            columns: "x.author_id, au.display_name, x.from_team, x.text",
        },
    }
}

/// The SQL condition of one status of `kind`.
fn status_condition(kind: Kind, status: &str) -> &'static str {
    match (kind, status) {
        (Kind::Flag, "active") => "x.resolved_at IS NULL",
        (Kind::Flag, _) => "x.resolved_at IS NOT NULL",
        (Kind::CarePlan, "active") => "x.status = 'active'",
        (Kind::CarePlan, "completed") => "x.status = 'completed'",
        (Kind::CarePlan, _) => "x.status IN ('withdrawn', 'transferred', 'deceased')",
        _ => "1 = 1",
    }
}

/// A CarePlan's start, its first step's day (as `fhir_resources` writes `period.start`).
const PLAN_START: &str =
    "(SELECT MIN(COALESCE(m.actual_on, m.planned_on)) FROM milestones m WHERE m.treatment_id = x.id)";

/// One page of `kind`: at most `filter.limit` rows, each with `at`, `number`, `patient_id`,
/// `centre_id` and `locale`, and the kind's own columns.
pub async fn page(db: &Db, kind: Kind, filter: &Filter) -> Result<Vec<AnyRow>> {
    let shape = shape(kind);
    let mut binds = Vec::new();
    let mut conditions = vec![shape.always.to_string()];
    conditions.push(listed("p.centre_id", &filter.centres, &mut binds));
    if let Some(patients) = &filter.patients {
        conditions.push(listed(shape.patient, patients, &mut binds));
    }
    if let Some(number) = filter.only {
        let place = bind(&mut binds, Bind::Int(number));
        conditions.push(format!("{} = {place}", shape.number));
    }
    if !filter.statuses.is_empty() {
        let any: Vec<&str> = filter.statuses.iter().map(|s| status_condition(kind, s)).collect();
        conditions.push(format!("({})", any.join(" OR ")));
    }
    dated(kind, &shape, filter, &mut conditions, &mut binds);
    if let Some((at, number)) = filter.after {
        let (a, n) = (bind(&mut binds, Bind::Int(at)), bind(&mut binds, Bind::Int(number)));
        conditions.push(format!(
            "({at_} > {a} OR ({at_} = {a} AND {number_} > {n}))",
            at_ = shape.at,
            number_ = shape.number
        ));
    }
    let limit = bind(&mut binds, Bind::Int(filter.limit));
    let sql = format!(
        "SELECT {at} AS at, {number} AS number, {patient} AS patient_id, p.centre_id, pu.locale, {columns} \
         FROM {from} WHERE {conditions} ORDER BY 1, 2 LIMIT {limit}",
        at = shape.at,
        number = shape.number,
        patient = shape.patient,
        columns = shape.columns,
        from = shape.from,
        conditions = conditions.join(" AND "),
    );
    Ok(bound(&sql, binds).fetch_all(&db.pool).await?)
}

/// The query `sql` with its values bound in order.
fn bound(sql: &str, binds: Vec<Bind>) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
    binds.into_iter().fold(sqlx::query(sql), |query, b| match b {
        Bind::Int(n) => query.bind(n),
        Bind::Text(s) => query.bind(s),
    })
}

fn bind(binds: &mut Vec<Bind>, value: Bind) -> String {
    binds.push(value);
    format!("${}", binds.len())
}

/// `column IN ($1, $2, …)`; never true for an empty list.
fn listed(column: &str, values: &[i64], binds: &mut Vec<Bind>) -> String {
    if values.is_empty() {
        return "1 = 0".into();
    }
    let places: Vec<String> = values.iter().map(|v| bind(binds, Bind::Int(*v))).collect();
    format!("{column} IN ({})", places.join(", "))
}

fn dated(kind: Kind, shape: &Shape, filter: &Filter, conditions: &mut Vec<String>, binds: &mut Vec<Bind>) {
    for (bound, op) in [(filter.from, ">="), (filter.until, "<")] {
        let Some(at) = bound else {
            continue;
        };
        let (left, value) = if kind == Kind::CarePlan {
            // A day: within [from, until) when its midnight is.
            let day = app::domain::fhir_api::search::first_day_from(at).to_string();
            (PLAN_START, Bind::Text(day))
        } else {
            (shape.at, Bind::Int(at))
        };
        let place = bind(binds, value);
        conditions.push(format!("{left} {op} {place}"));
    }
}

/// The patients of `centres` with the hospital number `number`.
pub async fn patients_numbered(db: &Db, centres: &[i64], number: &str) -> Result<Vec<i64>> {
    let mut binds = vec![Bind::Text(number.to_string())];
    let within = listed("centre_id", centres, &mut binds);
    let sql = format!("SELECT user_id FROM patients WHERE hospital_number = $1 AND {within} ORDER BY user_id");
    let rows = bound(&sql, binds).fetch_all(&db.pool).await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("user_id"))
        .collect::<std::result::Result<_, _>>()?)
}

/// A flag's level as stored (the column allows only the three).
pub fn level_of(row: &AnyRow) -> Result<Level> {
    let level: String = row.try_get("level")?;
    Ok(Level::parse(&level).unwrap_or(Level::Urgent))
}
