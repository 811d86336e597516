//! Removing what is no longer needed: ended sessions, old sign-in attempts and request
//! counts. Keeping less is the simplest privacy measure.
use super::{now, sessions::SessionLimits, Db, Result};

/// Sign-in attempts older than this no longer count for throttling.
const ATTEMPTS_KEPT_SECONDS: i64 = 24 * 3600;

/// Answers how many sessions and attempts were removed.
pub async fn prune(db: &Db, limits: &SessionLimits) -> Result<(u64, u64)> {
    let now = now();
    let sessions =
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $1 - COALESCE(idle_seconds, $2)")
            .bind(now)
            .bind(limits.idle_seconds)
            .execute(&db.pool)
            .await?
            .rows_affected();
    let attempts = sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1")
        .bind(now - ATTEMPTS_KEPT_SECONDS)
        .execute(&db.pool)
        .await?
        .rows_affected();
    // Rate windows last minutes; a day is past any of them.
    let attempts = attempts + super::rate_counters::prune(db, now - ATTEMPTS_KEPT_SECONDS).await?;
    // A browser not used to sign in for a year is no longer known.
    super::known_devices::prune(db, now - 365 * 24 * 3600).await?;
    super::passkeys::prune_ceremonies(db, now).await?;
    super::fhir_clients::prune(db, now).await?;
    super::sso::prune(db, now).await?;
    Ok((sessions, attempts))
}
