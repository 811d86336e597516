//! How many state-changing requests one signed-in person may make per minute, counted in
//! the database (`storage::rate_counters`) so that every instance counts the same ones.
//! A check-in is neither refused (a red flag must always be stored) nor counted: a phone
//! that sends a week of diaries kept offline must not use up the person's minute for other
//! changes, and counting would cost every check-in a write of its own, on one row per person
//! (the load test saw it: on PostgreSQL, each person's check-ins queued on that row).
use crate::{startup::AppState, storage::rate_counters};
use app::backend::Viewer;
use axum::{
    http::{header, Method, StatusCode},
    response::{IntoResponse, Response},
};

/// Server functions that only read: not counted. Every other call under `/api/` is a write,
/// so that a new server function is limited unless it is listed here.
const READS: &[&str] = &[
    "account/passkeys",
    "account/second-factor",
    "account/time-zone",
    "admin/instruments",
    "admin/hospital/view",
    "admin/integrations/list",
    "admin/journeys",
    "admin/questionnaires/list",
    "audit/list",
    "staff/awaiting",
    "calendar/feeds",
    "caregivers/list",
    "checkins/form",
    "checkins/patient",
    "desk/board",
    "desk/handover",
    "desk/patient",
    "desk/turnaround",
    "flags/fingerprint",
    "help/centres",
    "help/read",
    "messages/thread",
    "messages/waiting",
    "flags/queue",
    "flags/queue-refresh",
    "home",
    "inbox/list",
    "offline/plan",
    "push/devices",
    "questions/list",
    "push/key",
    "reminders/patient",
    "reminders/settings",
    "results/mine",
    "research/consent",
    "research/options",
    "research/progress",
    "research/projects",
    "research/projects/options",
    "timeline/board",
    "timeline/history",
    "timeline/preview",
    "timeline/read",
];

/// The forms outside `/api/` that a signed-in person sends (signing in has its own rules).
const SIGNED_IN_FORMS: &[&str] = &[
    "/auth/password",
    "/auth/passkey/register/options",
    "/auth/passkey/register",
    "/auth/passkey/remove",
    "/auth/own-device",
];

/// Never refused, so not counted.
const ALWAYS_STORED: &[&str] = &["checkins/submit"];

#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    Read,
    Write,
    /// A write that is stored whatever the rate.
    AlwaysStored,
}

/// What a request is, for the limit. The webhook has its own signature and is not a
/// person's request; signing in and out have their own rules.
pub fn kind_of(method: &Method, path: &str) -> Kind {
    if method != Method::POST {
        return Kind::Read;
    }
    if SIGNED_IN_FORMS.contains(&path) {
        return Kind::Write;
    }
    let Some(name) = path.strip_prefix("/api/") else {
        return Kind::Read;
    };
    if path == super::webhook::PATH || READS.contains(&name) {
        Kind::Read
    } else if ALWAYS_STORED.contains(&name) {
        Kind::AlwaysStored
    } else {
        Kind::Write
    }
}

/// `Some(answer)` when the request must not go on: over the limit (429), or the count could
/// not be kept (503).
pub async fn refusal(state: &AppState, method: &Method, path: &str, viewer: &Viewer) -> Option<Response> {
    if kind_of(method, path) != Kind::Write {
        return None;
    }
    let key = viewer.actor.user_id.to_string();
    let (count, window_ends) = match rate_counters::count_one(&state.db, "writes", &key, 60).await {
        Ok(counted) => counted,
        Err(error) => {
            tracing::error!(%error, "counting a write failed");
            return Some(
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "5")],
                    "The service is busy. Try again in a moment.",
                )
                    .into_response(),
            );
        }
    };
    let limit = i64::from(state.config.writes_per_minute);
    if count <= limit {
        return None;
    }
    tracing::warn!(
        user = viewer.actor.user_id,
        count,
        path,
        "writes over the per-minute limit refused"
    );
    let wait = (window_ends - crate::storage::now()).max(1).to_string();
    Some(
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, wait)],
            "Too many changes in a short time. Wait a minute, then try again.",
        )
            .into_response(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_counted_reads_are_not_and_check_ins_are_always_stored() {
        assert_eq!(kind_of(&Method::POST, "/api/timeline/change"), Kind::Write);
        assert_eq!(kind_of(&Method::POST, "/api/some/new-function"), Kind::Write);
        assert_eq!(kind_of(&Method::POST, "/api/flags/queue"), Kind::Read);
        assert_eq!(kind_of(&Method::POST, "/api/checkins/submit"), Kind::AlwaysStored);
        assert_eq!(kind_of(&Method::POST, "/auth/password"), Kind::Write);
        assert_eq!(kind_of(&Method::POST, "/auth/passkey/register"), Kind::Write);
        assert_eq!(kind_of(&Method::POST, "/auth/own-device"), Kind::Write);
        // Signing in is throttled per address by its own rule.
        assert_eq!(kind_of(&Method::POST, "/auth/passkey/sign-in"), Kind::Read);
        assert_eq!(kind_of(&Method::GET, "/api/timeline/change"), Kind::Read);
        assert_eq!(kind_of(&Method::POST, crate::http::webhook::PATH), Kind::Read);
    }
}
