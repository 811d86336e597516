//! Requests counted per key (a user, an address) in fixed windows of time, in the database
//! so that every instance counts the same requests.
use super::{now, Db, Result};

/// One request more in the current window: answers how many the window holds now, and the
/// second at which the window ends.
pub async fn count_one(db: &Db, scope: &str, key: &str, window_seconds: i64) -> Result<(i64, i64)> {
    let window = window_seconds.max(1);
    let start = now() - now().rem_euclid(window);
    let count: i64 = sqlx::query_scalar(
        "INSERT INTO rate_counters (scope, key, window_start, count) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (scope, key, window_start) DO UPDATE SET count = rate_counters.count + 1 \
         RETURNING count",
    )
    .bind(scope)
    .bind(key)
    .bind(start)
    .fetch_one(&db.pool)
    .await?;
    Ok((count, start + window))
}

/// Forgets windows that ended before `before`.
pub async fn prune(db: &Db, before: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM rate_counters WHERE window_start < $1")
        .bind(before)
        .execute(&db.pool)
        .await?
        .rows_affected())
}
