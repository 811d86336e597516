//! `POST /api/v1/integrations/manufacturing-events`: manufacturing sites and orchestration
//! platforms report on an order. Signed per Standard Webhooks; idempotent by webhook-id;
//! whatever the answer, a refused event changes nothing.
use crate::{
    services::manufacturing_events::{self as events, EventError, Report},
    startup::AppState,
    storage::integrations::{self, ActiveIntegration},
    webhook_signatures,
};
use app::domain::timeline::{delay_reason::DelayReason, Action, EditError, EventKind, EventProblem, MilestoneKind};
use app::domain::validation::iso_date;
use axum::{
    body::Bytes,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use chrono::DateTime;
use serde_json::{json, Value};
use std::net::SocketAddr;

pub const PATH: &str = "/api/v1/integrations/manufacturing-events";

/// The longest `webhook-id` taken.
const MAX_WEBHOOK_ID: usize = 256;

fn answer(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

fn problem(status: StatusCode, field: Option<&str>, message: &str) -> Response {
    let mut body = json!({ "error": message });
    if let Some(field) = field {
        body["field"] = json!(field);
    }
    answer(status, body)
}

fn unexpected(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "manufacturing event failed");
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        None,
        "temporarily unavailable; retry later",
    )
}

fn field_problem(field: &'static str, message: &str) -> EventProblem {
    EventProblem {
        field,
        message: message.to_string(),
    }
}

/// Reads the payload field by field, so that the answer names the one at fault. Public for
/// the fuzzer (`fuzz_targets.rs`).
pub fn parse(body: &[u8]) -> Result<Report, EventProblem> {
    let value: Value = serde_json::from_slice(body).map_err(|_| field_problem("body", "the body is not JSON"))?;
    let object = value
        .as_object()
        .ok_or_else(|| field_problem("body", "the body must be a JSON object"))?;
    let text = |field: &'static str| -> Result<Option<&str>, EventProblem> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(field_problem(field, "must be a string")),
        }
    };
    let kind_text = text("type")?.ok_or_else(|| field_problem("type", "is required"))?;
    let kind = EventKind::parse(kind_text).ok_or_else(|| {
        let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        field_problem(
            "type",
            &format!("unknown event type; expected one of {}", known.join(", ")),
        )
    })?;
    let order_reference = text("order_reference")?
        .map(str::trim)
        .filter(|r| !r.is_empty() && r.len() <= 64)
        .ok_or_else(|| field_problem("order_reference", "is required (at most 64 characters)"))?
        .to_string();
    let occurred_at = text("occurred_at")?
        .ok_or_else(|| field_problem("occurred_at", "is required"))
        .and_then(|t| {
            DateTime::parse_from_rfc3339(t).map(|t| t.timestamp()).map_err(|_| {
                field_problem(
                    "occurred_at",
                    "must be an RFC 3339 date-time, such as 2026-03-20T09:30:00Z",
                )
            })
        })?;
    let expected_on = text("expected_on")?
        .map(|d| iso_date(d).ok_or_else(|| field_problem("expected_on", "must be a date, YYYY-MM-DD")))
        .transpose()?;
    let milestone = text("milestone")?
        .map(|m| MilestoneKind::parse(m).ok_or_else(|| field_problem("milestone", "unknown milestone")))
        .transpose()?;
    let delay_reason = text("delay_reason")?
        .map(|code| {
            DelayReason::parse(code).ok_or_else(|| {
                let known: Vec<&str> = DelayReason::ALL.iter().map(|r| r.as_str()).collect();
                field_problem(
                    "delay_reason",
                    &format!("unknown reason; expected one of {}", known.join(", ")),
                )
            })
        })
        .transpose()?;
    Ok(Report {
        order_reference,
        kind,
        occurred_at,
        expected_on,
        milestone,
        delay_reason,
    })
}

fn edit_problem(error: &EditError, action: Action) -> (&'static str, String) {
    let date_field = if matches!(action, Action::Done(_)) {
        "occurred_at"
    } else {
        "expected_on"
    };
    // In words, field by field: an answer never carries a Rust debug dump.
    match error {
        EditError::DoneInFuture { .. } => ("occurred_at", "is in the future".into()),
        EditError::TooFarFromToday { .. } => (date_field, "is more than a year from today".into()),
        EditError::DelayNotLater { planned, .. } => {
            ("expected_on", format!("must be after the planned date {planned}"))
        }
        EditError::AlreadyDone { kind } => ("type", format!("'{}' is already done", kind.as_str())),
        EditError::UnknownMilestone(_) => ("type", "this treatment's journey has no step for it".into()),
        EditError::TreatmentClosed => (
            "order_reference",
            "this treatment is closed; its timeline no longer changes".into(),
        ),
        EditError::MustFollow {
            kind,
            date,
            other,
            other_date,
        } => (
            date_field,
            format!(
                "'{}' on {date} would come before '{}' on {other_date}, which must come first",
                kind.as_str(),
                other.as_str()
            ),
        ),
        EditError::MustPrecede {
            kind,
            date,
            other,
            other_date,
        } => (
            date_field,
            format!(
                "'{}' on {date} would come after '{}' on {other_date}, which must come later",
                kind.as_str(),
                other.as_str()
            ),
        ),
        EditError::CannotCancel { kind } => ("type", format!("'{}' cannot be cancelled", kind.as_str())),
        EditError::RemanufactureOnlyManufacturing => ("type", "only manufacturing can be started again".into()),
    }
}

pub async fn manufacturing_event(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (sender, webhook_id) = match signed_sender(&state, &headers, &body).await {
        Ok(signed) => signed,
        Err(refusal) => return refusal,
    };
    for _attempt in 0..3 {
        match handle(&state, &sender, &webhook_id, &body, peer).await {
            Err(Retry) => continue,
            Ok(response) => return response,
        }
    }
    refused(EventError::Retry)
}

/// The integration whose secret signed this body, and the delivery's webhook-id.
async fn signed_sender(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(ActiveIntegration, String), Response> {
    let header = |name: &'static str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (Some(id), Some(timestamp), Some(signature)) = (
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
    ) else {
        return Err(problem(
            StatusCode::UNAUTHORIZED,
            None,
            "webhook-id, webhook-timestamp and webhook-signature are required",
        ));
    };
    // Stored with each delivery: no sender needs more (Standard Webhooks' ids are short).
    if id.len() > MAX_WEBHOOK_ID {
        return Err(problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("webhook-id"),
            &format!("must be at most {MAX_WEBHOOK_ID} characters"),
        ));
    }
    let active = integrations::active(&state.db).await.map_err(unexpected)?;
    let now = crate::storage::now();
    for integration in active {
        let secret = match state
            .backend
            .secrets
            .open(crate::secrets::Purpose::IntegrationSecret, &integration.secret)
        {
            Ok(opened) => opened.plain,
            Err(error) => {
                tracing::error!(%error, integration = integration.id, "an integration's secret does not open");
                continue;
            }
        };
        match webhook_signatures::verify(&secret, &id, &timestamp, &signature, body, now) {
            Ok(()) => return Ok((integration, id)),
            Err(webhook_signatures::SignatureError::NoMatch) => continue,
            Err(error) => return Err(problem(StatusCode::UNAUTHORIZED, None, &error.to_string())),
        }
    }
    Err(problem(StatusCode::UNAUTHORIZED, None, "no signature matches"))
}

struct Retry;

/// One try: the answer given before to this delivery, or the event read and applied.
async fn handle(
    state: &AppState,
    sender: &ActiveIntegration,
    webhook_id: &str,
    body: &[u8],
    peer: SocketAddr,
) -> Result<Response, Retry> {
    let services = &state.backend;
    match events::earlier_answer(services, sender.id, webhook_id).await {
        Ok(Some((status, response))) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let value: Value = serde_json::from_str(&response).unwrap_or(Value::Null);
            return Ok(answer(status, value));
        }
        Ok(None) => {}
        Err(error) => return Ok(refused(error)),
    }
    let report = match parse(body) {
        Ok(report) => report,
        Err(p) => return Ok(problem(StatusCode::UNPROCESSABLE_ENTITY, Some(p.field), &p.message)),
    };
    if report.occurred_at > crate::storage::now() + webhook_signatures::TOLERANCE_SECONDS {
        return Ok(problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("occurred_at"),
            "is in the future",
        ));
    }
    match events::apply(services, sender, webhook_id, &report, &peer.ip().to_string()).await {
        Ok(applied) => Ok(answer(StatusCode::OK, applied)),
        Err(EventError::Retry) => Err(Retry),
        Err(error) => Ok(refused(error)),
    }
}

/// The answer to an event that was not applied.
fn refused(error: EventError) -> Response {
    match error {
        EventError::UnknownOrder => problem(
            StatusCode::NOT_FOUND,
            Some("order_reference"),
            "no treatment has this order reference",
        ),
        EventError::Closed => problem(
            StatusCode::CONFLICT,
            Some("order_reference"),
            "this treatment is closed; its timeline no longer changes",
        ),
        EventError::Invalid(p) => problem(StatusCode::UNPROCESSABLE_ENTITY, Some(p.field), &p.message),
        EventError::Edit(error, action) => {
            let (field, message) = edit_problem(&error, action);
            problem(StatusCode::UNPROCESSABLE_ENTITY, Some(field), &message)
        }
        EventError::Planning => problem(
            StatusCode::SERVICE_UNAVAILABLE,
            None,
            "The reminders could not be planned; try again.",
        ),
        EventError::Retry => problem(
            StatusCode::CONFLICT,
            None,
            "the timeline kept changing meanwhile; retry later",
        ),
        EventError::Unavailable(error) => unexpected(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::timeline::MilestoneKind;
    use chrono::NaiveDate;

    #[test]
    fn refusals_are_words_never_debug_dumps() {
        let kind = MilestoneKind::ProductReleased;
        let other = MilestoneKind::Apheresis;
        let (date, other_date) = (NaiveDate::MIN, NaiveDate::MAX);
        let every = [
            EditError::UnknownMilestone("x".into()),
            EditError::TreatmentClosed,
            EditError::TooFarFromToday { kind },
            EditError::DoneInFuture { kind },
            EditError::MustFollow {
                kind,
                date,
                other,
                other_date,
            },
            EditError::MustPrecede {
                kind,
                date,
                other,
                other_date,
            },
            EditError::DelayNotLater { kind, planned: date },
            EditError::CannotCancel { kind },
            EditError::AlreadyDone { kind },
            EditError::RemanufactureOnlyManufacturing,
        ];
        for error in every {
            let (_, message) = edit_problem(&error, Action::Cancel);
            assert!(!message.contains('{') && !message.contains("kind:"), "{message}");
        }
    }
}
