//! The facts behind the manufacturing turnaround page: for each treatment of a centre, the
//! days its cells were collected, released and infused (steps done), how far reported delays
//! moved its release, and whether it was made again.
use super::{Db, Result};
use app::domain::{
    turnaround::{Course, Model},
    validation::iso_date,
};
use sqlx::Row;
use std::collections::HashMap;

fn done(kind: &str) -> String {
    format!(
        "(SELECT m.actual_on FROM milestones m WHERE m.treatment_id = t.id AND m.kind = '{kind}' \
         AND m.status = 'done' ORDER BY m.position DESC LIMIT 1)"
    )
}

/// Every treatment of the centre (a centre's few hundred; the months are chosen later).
pub async fn courses(db: &Db, centre_id: i64) -> Result<Vec<Course>> {
    let sql = format!(
        "SELECT t.id, t.product_id, t.template_id, {} AS collected, {} AS released, {} AS infused, \
         CASE WHEN EXISTS (SELECT 1 FROM timeline_changes c WHERE c.treatment_id = t.id \
             AND c.action IN ('remanufacture', 'out_of_specification')) THEN 1 ELSE 0 END AS again \
         FROM treatments t JOIN patients p ON p.user_id = t.patient_id WHERE p.centre_id = $1 ORDER BY t.id",
        done("apheresis"),
        done("product_released"),
        done("infusion"),
    );
    let rows = sqlx::query(&sql).bind(centre_id).fetch_all(&db.pool).await?;
    let delays = release_delays(db, centre_id).await?;
    let date = |v: Option<String>| v.as_deref().and_then(iso_date);
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let template: String = r.try_get("template_id")?;
        let again: i64 = r.try_get("again")?;
        out.push(Course {
            product: r.try_get("product_id")?,
            model: Model::of_template(&template),
            collected: date(r.try_get("collected")?),
            released: date(r.try_get("released")?),
            infused: date(r.try_get("infused")?),
            release_delay_days: delays.get(&id).copied().unwrap_or(0),
            remanufactured: again == 1,
        });
    }
    Ok(out)
}

/// Per treatment, the days its release was moved later by changes that marked it delayed.
async fn release_delays(db: &Db, centre_id: i64) -> Result<HashMap<i64, i64>> {
    let rows = sqlx::query(
        "SELECT c.treatment_id, h.old_on, h.new_on FROM milestone_history h \
         JOIN timeline_changes c ON c.id = h.change_id \
         JOIN milestones m ON m.treatment_id = c.treatment_id AND m.position = h.position \
         JOIN treatments t ON t.id = c.treatment_id JOIN patients p ON p.user_id = t.patient_id \
         WHERE p.centre_id = $1 AND m.kind = 'product_released' AND h.new_status = 'delayed'",
    )
    .bind(centre_id)
    .fetch_all(&db.pool)
    .await?;
    let mut days: HashMap<i64, i64> = HashMap::new();
    for r in &rows {
        let (old, new): (String, String) = (r.try_get("old_on")?, r.try_get("new_on")?);
        let moved = match (iso_date(&old), iso_date(&new)) {
            (Some(a), Some(b)) => (b - a).num_days().max(0),
            _ => 0,
        };
        *days.entry(r.try_get("treatment_id")?).or_default() += moved;
    }
    Ok(days)
}
