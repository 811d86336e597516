//! The nurses' review queue: open flags of their centre, worst first, then oldest first (or
//! sorted by a column), a page at a time.
pub use crate::domain::flag_queue::QueueQuery;
use crate::{
    domain::triage::{Advice, Level},
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRow {
    pub id: i64,
    pub patient_id: i64,
    pub patient_name: String,
    pub level: Level,
    pub advice: Option<Advice>,
    /// The answer that raised it, in the nurse's language.
    pub what: String,
    /// When it was raised, in the viewer's time zone.
    pub raised_on: String,
    pub raised_time: String,
    pub minutes_open: i64,
    pub acknowledged_by: Option<String>,
    /// Urgent and not acknowledged within the escalation time.
    pub overdue: bool,
    /// Raised by a silence, not an answer: it may be snoozed.
    pub silence: bool,
    /// The nurse who took it on.
    pub assigned_to: Option<i64>,
    pub assignee: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagQueue {
    /// One page of the queue, in the order asked for.
    pub rows: Vec<FlagRow>,
    /// Open flags on every page together.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// Urgent flags nobody acknowledged in time, on every page.
    pub overdue: i64,
    pub escalation_minutes: i64,
    /// Whom a flag can be given to.
    pub nurses: Vec<crate::api::desk::NurseOption>,
}

#[server(endpoint = "flags/queue")]
pub async fn open_flags(#[server(default)] query: QueueQuery) -> Result<FlagQueue, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.flag_queue(&request, query).await)
}

/// The same queue, read again because the fingerprint changed: the page's own timer, which
/// must not keep an unattended session alive (`server/src/http/background_polls.rs`).
#[server(endpoint = "flags/queue-refresh")]
pub async fn refresh_flags(#[server(default)] query: QueueQuery) -> Result<FlagQueue, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.flag_queue(&request, query).await)
}

/// Changes whenever the queue does; names no one, so reading it writes no audit entry.
#[server(endpoint = "flags/fingerprint")]
pub async fn flags_fingerprint() -> Result<String, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.flags_fingerprint(&request).await)
}

#[server(endpoint = "flags/acknowledge")]
pub async fn acknowledge_flag(id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.acknowledge_flag(&request, id).await)
}

#[server(endpoint = "flags/resolve")]
pub async fn resolve_flag(id: i64, note: String) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.resolve_flag(&request, id, note).await)
}
