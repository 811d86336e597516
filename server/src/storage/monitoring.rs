//! What the metrics endpoint reads from the database at each scrape: the state every
//! instance shares (the reminder queue, the urgent flags), so that any instance reports
//! the same figures and an alert may take any one of them.
use super::{Db, Result};
use sqlx::Row;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Reminders due now or earlier and not yet sent (waiting or being sent).
    pub queue_due: i64,
    /// The earliest send time among them (seconds), if any.
    pub queue_oldest_due_at: Option<i64>,
    /// Urgent flags not yet resolved.
    pub urgent_open: i64,
    /// When the oldest urgent flag no nurse has acknowledged was raised (seconds), if any.
    pub urgent_oldest_unacknowledged_at: Option<i64>,
}

pub async fn snapshot(db: &Db, now: i64) -> Result<Snapshot> {
    let queue = sqlx::query(
        "SELECT COUNT(*) AS due, MIN(send_at) AS oldest FROM reminders \
         WHERE state IN ('pending', 'sending') AND send_at <= $1",
    )
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    let flags = sqlx::query(
        "SELECT COUNT(*) AS open, \
                MIN(CASE WHEN acknowledged_at IS NULL THEN raised_at END) AS oldest \
           FROM flags WHERE level = 'urgent' AND resolved_at IS NULL",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok(Snapshot {
        queue_due: queue.try_get("due")?,
        queue_oldest_due_at: queue.try_get("oldest")?,
        urgent_open: flags.try_get("open")?,
        urgent_oldest_unacknowledged_at: flags.try_get("oldest")?,
    })
}
