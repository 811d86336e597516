//! The nurses' scheduled jobs, each run once across instances through `scheduled_jobs`:
//! the silence watch (`silence_watch.rs`) and the count of missed check-ins the board
//! filters on (`desk_board.rs`).
use super::Services;
use std::{sync::Arc, time::Duration};

/// Every instance asks each minute; the first to claim a due run does it.
pub fn spawn(services: Arc<Services>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            match super::silence_watch::run_once(&services).await {
                Ok(Some(run)) if run != super::silence_watch::WatchRun::default() => {
                    tracing::info!(raised = run.raised, closed = run.closed, "the silence watch ran")
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "the silence watch failed; it runs again in a few minutes"),
            }
            if let Err(error) = super::desk_board::count_missed(&services).await {
                tracing::warn!(%error, "counting missed check-ins failed; it runs again in a few minutes");
            }
        }
    })
}
