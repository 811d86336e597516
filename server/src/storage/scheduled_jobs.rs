//! Jobs that run on a schedule, once across instances. An instance claims the job's row
//! under a lease, as the dispatcher claims reminders: the claim is one `UPDATE` whose
//! condition only a free, due row meets, so of two instances asking at once one gets it
//! (PostgreSQL re-reads the row after the first commits; SQLite has one writer). A lease
//! that runs out (an instance died mid-run) frees the job for another.
use super::{Db, Result};

/// Claims `name` if it is due at `now` and nobody holds it: `true` when this caller runs it.
pub async fn claim(db: &Db, name: &str, now: i64, lease_until: i64, token: i64) -> Result<bool> {
    sqlx::query("INSERT INTO scheduled_jobs (name, due_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(now)
        .execute(&db.pool)
        .await?;
    let claimed = sqlx::query(
        "UPDATE scheduled_jobs SET lease_until = $1, claim = $2 \
         WHERE name = $3 AND due_at <= $4 AND (lease_until IS NULL OR lease_until < $4)",
    )
    .bind(lease_until)
    .bind(token)
    .bind(name)
    .bind(now)
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(claimed == 1)
}

/// Frees the job after a run by the claim's holder, due again at `next_due`.
pub async fn finish(db: &Db, name: &str, token: i64, ran_at: i64, next_due: i64) -> Result<()> {
    sqlx::query(
        "UPDATE scheduled_jobs SET due_at = $1, lease_until = NULL, claim = NULL, last_run_at = $2 \
         WHERE name = $3 AND claim = $4",
    )
    .bind(next_due)
    .bind(ran_at)
    .bind(name)
    .bind(token)
    .execute(&db.pool)
    .await?;
    Ok(())
}
