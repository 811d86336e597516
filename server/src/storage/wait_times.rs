//! How long cells took to come back at a centre: the days from collection (apheresis done)
//! to the cells' arrival back (product received), one per past treatment, for "how long will
//! I wait?" (`app::domain::timeline::wait_range`). Dates are the centre's local days, as
//! stored; the difference is worked out here rather than in SQL, where SQLite and PostgreSQL
//! differ.
use super::{Db, Result};
use app::domain::validation::iso_date;
use chrono::NaiveDate;
use sqlx::Row;

/// The days, in no particular order, of the centre's treatments of `product_id` whose cells
/// came back on or after `since` (any status: a treatment closed since still counts). A date
/// that does not read as one, or a return before the collection, is left out.
pub async fn return_days(db: &Db, centre_id: i64, product_id: &str, since: NaiveDate) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT a.actual_on AS collected, r.actual_on AS returned FROM treatments t \
         JOIN patients p ON p.user_id = t.patient_id \
         JOIN milestones a ON a.treatment_id = t.id AND a.kind = 'apheresis' AND a.status = 'done' \
         JOIN milestones r ON r.treatment_id = t.id AND r.kind = 'product_received' AND r.status = 'done' \
         WHERE p.centre_id = $1 AND t.product_id = $2 AND r.actual_on >= $3 AND a.actual_on IS NOT NULL",
    )
    .bind(centre_id)
    .bind(product_id)
    .bind(since.to_string())
    .fetch_all(&db.pool)
    .await?;
    let day = |text: Option<String>| text.as_deref().and_then(iso_date);
    Ok(rows
        .iter()
        .filter_map(|row| {
            let collected = day(row.try_get("collected").ok())?;
            let returned = day(row.try_get("returned").ok())?;
            let days = (returned - collected).num_days();
            (days >= 0).then_some(days)
        })
        .collect())
}
