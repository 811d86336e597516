//! The nurses' board of a centre, searched, filtered, sorted and paged in the database, so
//! that a centre of 2 000 patients sends one page of rows. Only a checked `BoardFilter`
//! reaches here: sort keys are ours, the search is a bound `LIKE` pattern.
use super::{Db, Result};
use app::domain::{
    desk_board::{BoardFilter, SortKey, StageFilter, PAGE_SIZE},
    timeline::{MilestoneKind, Stage},
    triage::Level,
};
use sqlx::Row;

pub struct DeskRecord {
    pub patient_id: i64,
    pub name: String,
    pub order_reference: Option<String>,
    pub product_name: Option<String>,
    pub stage: Option<Stage>,
    pub next_key: Option<String>,
    pub next_kind: Option<MilestoneKind>,
    pub next_on: Option<String>,
    pub delayed: bool,
    pub conflict: bool,
    pub nurse: Option<String>,
    pub admitted: bool,
    pub open_flags: i64,
    pub worst_flag: Option<Level>,
    pub missed: i64,
}

const OPEN_FLAG: &str = "f.patient_id = p.user_id AND f.resolved_at IS NULL";

/// The conditions every query of the board shares, with their bound values from `$2`.
fn conditions(filter: &BoardFilter, viewer_id: i64) -> (String, Vec<Bound>) {
    let mut sql = String::from("p.centre_id = $1");
    let mut values = Vec::new();
    let next = |v: Bound, values: &mut Vec<Bound>| {
        values.push(v);
        format!("${}", values.len() + 1)
    };
    if !filter.search.is_empty() {
        let n = next(Bound::Text(filter.like_pattern()), &mut values);
        sql += &format!(
            " AND (LOWER(p.full_name) LIKE {n} ESCAPE '\\' OR LOWER(COALESCE(t.order_reference, '')) LIKE {n} ESCAPE '\\')"
        );
    }
    match filter.stage {
        StageFilter::Any => {}
        StageFilter::NoTreatment => sql += " AND t.id IS NULL",
        StageFilter::Is(stage) => {
            let n = next(Bound::Text(stage.as_str().to_string()), &mut values);
            sql += &format!(" AND t.stage = {n}");
        }
    }
    if filter.flagged {
        sql += &format!(" AND EXISTS (SELECT 1 FROM flags f WHERE {OPEN_FLAG})");
    }
    if filter.missed {
        sql += " AND t.missed_checkins > 0";
    }
    if filter.mine {
        let n = next(Bound::Int(viewer_id), &mut values);
        sql += &format!(" AND p.assigned_to = {n}");
    }
    (sql, values)
}

enum Bound {
    Text(String),
    Int(i64),
}

fn order_by(filter: &BoardFilter) -> String {
    let dir = if filter.descending { "DESC" } else { "ASC" };
    let key = match filter.sort {
        SortKey::Attention => format!(
            "worst {dir}, missed {} , LOWER(p.full_name) {dir}",
            if filter.descending { "ASC" } else { "DESC" }
        ),
        SortKey::Name => format!("LOWER(p.full_name) {dir}"),
        SortKey::Stage => format!(
            "CASE t.stage WHEN 'preparing' THEN 0 WHEN 'cells_in_production' THEN 1 WHEN 'awaiting_infusion' THEN 2 \
             WHEN 'close_monitoring' THEN 3 WHEN 'follow_up' THEN 4 ELSE 5 END {dir}, LOWER(p.full_name)"
        ),
        SortKey::Next => format!("CASE WHEN t.next_on IS NULL THEN 1 ELSE 0 END, t.next_on {dir}, LOWER(p.full_name)"),
        SortKey::Nurse => {
            format!("CASE WHEN u.display_name IS NULL THEN 1 ELSE 0 END, u.display_name {dir}, LOWER(p.full_name)")
        }
    };
    format!("{key}, p.user_id")
}

/// One page of the board and how many rows all pages hold.
pub async fn page(db: &Db, centre_id: i64, viewer_id: i64, filter: &BoardFilter) -> Result<(Vec<DeskRecord>, i64)> {
    let (conditions, values) = conditions(filter, viewer_id);
    let from = "FROM patients p LEFT JOIN treatments t ON t.patient_id = p.user_id AND t.status = 'active' \
                LEFT JOIN users u ON u.id = p.assigned_to";
    let count_sql = format!("SELECT COUNT(*) {from} WHERE {conditions}");
    let rows_sql = format!(
        "SELECT p.user_id, p.full_name, t.order_reference, t.product_name, t.stage, t.next_key, t.next_kind, t.next_on, \
         t.is_delayed, t.has_conflict, u.display_name AS nurse, p.admitted_since, COALESCE(t.missed_checkins, 0) AS missed, \
         (SELECT COUNT(*) FROM flags f WHERE {OPEN_FLAG}) AS open_flags, \
         COALESCE((SELECT MIN(CASE f.level WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END) FROM flags f WHERE {OPEN_FLAG}), 3) AS worst \
         {from} WHERE {conditions} ORDER BY {} LIMIT {PAGE_SIZE} OFFSET {}",
        order_by(filter),
        filter.page.max(0) * PAGE_SIZE,
    );
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(centre_id);
    let mut rows = sqlx::query(&rows_sql).bind(centre_id);
    for v in &values {
        match v {
            Bound::Text(s) => {
                count = count.bind(s.clone());
                rows = rows.bind(s.clone());
            }
            Bound::Int(i) => {
                count = count.bind(*i);
                rows = rows.bind(*i);
            }
        }
    }
    let (total, rows) = tokio::try_join!(count.fetch_one(&db.pool), rows.fetch_all(&db.pool))?;
    let records = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
    Ok((records, total))
}

fn record(r: &sqlx::any::AnyRow) -> Result<DeskRecord> {
    let stage: Option<String> = r.try_get("stage")?;
    let next_kind: Option<String> = r.try_get("next_kind")?;
    let delayed: Option<i64> = r.try_get("is_delayed")?;
    let conflict: Option<i64> = r.try_get("has_conflict")?;
    let admitted: Option<i64> = r.try_get("admitted_since")?;
    let worst: i64 = r.try_get("worst")?;
    Ok(DeskRecord {
        patient_id: r.try_get("user_id")?,
        name: r.try_get("full_name")?,
        order_reference: r.try_get("order_reference")?,
        product_name: r.try_get("product_name")?,
        stage: stage.as_deref().and_then(Stage::parse),
        next_key: r.try_get("next_key")?,
        next_kind: next_kind.as_deref().and_then(MilestoneKind::parse),
        next_on: r.try_get("next_on")?,
        delayed: delayed == Some(1),
        conflict: conflict == Some(1),
        nurse: r.try_get("nurse")?,
        admitted: admitted.is_some(),
        open_flags: r.try_get("open_flags")?,
        worst_flag: usize::try_from(worst).ok().and_then(|i| Level::ALL.get(i).copied()),
        missed: r.try_get("missed")?,
    })
}

/// Writes the count of check-ins each active treatment missed, where it changed.
pub async fn set_missed(db: &Db, counts: &[(i64, i64)]) -> Result<usize> {
    let mut changed = 0;
    for (treatment_id, missed) in counts {
        changed += sqlx::query("UPDATE treatments SET missed_checkins = $1 WHERE id = $2 AND missed_checkins <> $1")
            .bind(*missed)
            .bind(*treatment_id)
            .execute(&db.pool)
            .await?
            .rows_affected() as usize;
    }
    Ok(changed)
}

/// The active treatments whose check-ins are watched: (treatment, patient).
pub async fn active_treatments(db: &Db) -> Result<Vec<(i64, i64)>> {
    sqlx::query("SELECT id, patient_id FROM treatments WHERE status = 'active' ORDER BY id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("patient_id")?)))
        .collect()
}
