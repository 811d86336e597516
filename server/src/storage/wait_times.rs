//! How long cells took to come back at a centre: the days from collection (apheresis done)
//! to the cells' arrival back (product received), one per past treatment, for "how long will
//! I wait?" (`app::domain::timeline::wait_range`). Dates are the centre's local days, as
//! stored; the difference is worked out here rather than in SQL, where SQLite and PostgreSQL
//! differ.
use super::{Db, Result};
use app::domain::{
    timeline::delay_reason::{delay_days as days_later, DelayReason},
    validation::iso_date,
};
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

/// Why the treatment's latest delay was late, if it said (a later delay without a reason
/// says nothing, and an earlier reason is not carried over to it).
pub async fn latest_delay_reason(db: &Db, treatment_id: i64) -> Result<Option<DelayReason>> {
    let latest = sqlx::query(
        "SELECT delay_reason FROM timeline_changes WHERE treatment_id = $1 AND action IN ('delay', 'delayed') \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(treatment_id)
    .fetch_optional(&db.pool)
    .await?;
    let stored: Option<String> = match latest {
        Some(row) => row.try_get("delay_reason")?,
        None => None,
    };
    Ok(stored.as_deref().and_then(DelayReason::parse))
}

/// Each delay for `reason` at the centre made on or after `since` (any product; any
/// treatment, closed ones too), as (treatment, days it moved its step later). A delay that
/// moved nothing later is left out (`delay_reason::delay_days`).
pub async fn delays_for(db: &Db, centre_id: i64, reason: DelayReason, since: NaiveDate) -> Result<Vec<(i64, i64)>> {
    let since_at = since
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    let rows = sqlx::query(
        "SELECT c.treatment_id, h.old_on, h.new_on FROM timeline_changes c \
         JOIN treatments t ON t.id = c.treatment_id \
         JOIN patients p ON p.user_id = t.patient_id \
         JOIN milestone_history h ON h.change_id = c.id AND h.key = c.milestone_key \
         WHERE p.centre_id = $1 AND c.delay_reason = $2 AND c.at >= $3",
    )
    .bind(centre_id)
    .bind(reason.as_str())
    .bind(since_at)
    .fetch_all(&db.pool)
    .await?;
    let day = |text: Option<String>| text.as_deref().and_then(iso_date);
    Ok(rows
        .iter()
        .filter_map(|row| {
            let days = days_later(day(row.try_get("old_on").ok())?, day(row.try_get("new_on").ok())?)?;
            Some((row.try_get("treatment_id").ok()?, days))
        })
        .collect())
}
