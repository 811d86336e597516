//! `POST /api/v1/integrations/manufacturing-events`: manufacturing sites and orchestration
//! platforms report on an order. Signed per Standard Webhooks; idempotent by webhook-id;
//! whatever the answer, a refused event changes nothing.
use crate::{
    services::timeline_views::{centre_profile, planned_instants},
    startup::AppState,
    storage::{
        audit::Entry,
        integrations::{self, ActiveIntegration},
        timeline::{self as store, ChangeRecord, Delivery, StoreError},
    },
    webhook_signatures, zones,
};
use app::domain::timeline::{
    apply, change_for, summary, Action, EditError, EventKind, EventProblem, ManufacturingEvent, MilestoneKind, Source,
};
use axum::{
    body::Bytes,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use chrono::{DateTime, NaiveDate};
use serde_json::{json, Value};
use std::net::SocketAddr;

pub const PATH: &str = "/api/v1/integrations/manufacturing-events";

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

struct Parsed {
    order_reference: String,
    kind: EventKind,
    occurred_at: i64,
    expected_on: Option<NaiveDate>,
    milestone: Option<MilestoneKind>,
}

fn field_problem(field: &'static str, message: &str) -> EventProblem {
    EventProblem {
        field,
        message: message.to_string(),
    }
}

/// Reads the payload field by field, so that the answer names the one at fault.
fn parse(body: &[u8]) -> Result<Parsed, EventProblem> {
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
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| field_problem("expected_on", "must be a date, YYYY-MM-DD"))
        })
        .transpose()?;
    let milestone = text("milestone")?
        .map(|m| MilestoneKind::parse(m).ok_or_else(|| field_problem("milestone", "unknown milestone")))
        .transpose()?;
    Ok(Parsed {
        order_reference,
        kind,
        occurred_at,
        expected_on,
        milestone,
    })
}

fn edit_problem(error: &EditError, action: Action) -> (&'static str, String) {
    let date_field = if matches!(action, Action::Done(_)) {
        "occurred_at"
    } else {
        "expected_on"
    };
    match error {
        EditError::DoneInFuture { .. } => ("occurred_at", "is in the future".into()),
        EditError::TooFarFromToday { .. } => (date_field, "is more than a year from today".into()),
        EditError::DelayNotLater { planned, .. } => {
            ("expected_on", format!("must be after the planned date {planned}"))
        }
        EditError::AlreadyDone { kind } => ("type", format!("'{}' is already done", kind.as_str())),
        other => ("type", format!("cannot be applied: {other:?}")),
    }
}

pub async fn manufacturing_event(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &'static str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (Some(id), Some(timestamp), Some(signature)) = (
        header("webhook-id"),
        header("webhook-timestamp"),
        header("webhook-signature"),
    ) else {
        return problem(
            StatusCode::UNAUTHORIZED,
            None,
            "webhook-id, webhook-timestamp and webhook-signature are required",
        );
    };
    let active = match integrations::active(&state.db).await {
        Ok(list) => list,
        Err(error) => return unexpected(error),
    };
    let now = crate::storage::now();
    let mut sender = None;
    for integration in active {
        match webhook_signatures::verify(&integration.secret, &id, &timestamp, &signature, &body, now) {
            Ok(()) => {
                sender = Some(integration);
                break;
            }
            Err(webhook_signatures::SignatureError::NoMatch) => continue,
            Err(error) => return problem(StatusCode::UNAUTHORIZED, None, &error.to_string()),
        }
    }
    let Some(sender) = sender else {
        return problem(StatusCode::UNAUTHORIZED, None, "no signature matches");
    };
    for _attempt in 0..3 {
        match handle(&state, &sender, &id, &body, peer).await {
            Err(Retry) => continue,
            Ok(response) => return response,
        }
    }
    problem(
        StatusCode::CONFLICT,
        None,
        "the timeline kept changing meanwhile; retry later",
    )
}

struct Retry;

async fn handle(
    state: &AppState,
    sender: &ActiveIntegration,
    webhook_id: &str,
    body: &[u8],
    peer: SocketAddr,
) -> Result<Response, Retry> {
    let db = &state.db;
    let integration_id = sender.id;
    match store::delivery(db, integration_id, webhook_id).await {
        Ok(Some((status, response))) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let value: Value = serde_json::from_str(&response).unwrap_or(Value::Null);
            return Ok(answer(status, value));
        }
        Ok(None) => {}
        Err(error) => return Ok(unexpected(error)),
    }
    let event = match parse(body) {
        Ok(event) => event,
        Err(p) => return Ok(problem(StatusCode::UNPROCESSABLE_ENTITY, Some(p.field), &p.message)),
    };
    if event.occurred_at > crate::storage::now() + webhook_signatures::TOLERANCE_SECONDS {
        return Ok(problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("occurred_at"),
            "is in the future",
        ));
    }
    // An order outside the sender's scope is answered as unknown: a sender learns nothing
    // about orders that are not its own.
    let stored = match store::by_order_reference(db, &event.order_reference).await {
        Ok(Some(stored)) if sender.scope.allows(&stored.product_id, stored.centre_id) => stored,
        Ok(_) => {
            return Ok(problem(
                StatusCode::NOT_FOUND,
                Some("order_reference"),
                "no treatment has this order reference",
            ))
        }
        Err(error) => return Ok(unexpected(error)),
    };
    if stored.status.is_closed() {
        return Ok(problem(
            StatusCode::CONFLICT,
            Some("order_reference"),
            "this treatment is closed; its timeline no longer changes",
        ));
    }
    let centre = match centre_profile(&state.backend, stored.centre_id).await {
        Ok(centre) => centre,
        Err(error) => return Ok(unexpected(format!("{error:?}"))),
    };
    let zone = zones::zone_or_utc(&centre.time_zone);
    let occurred_on = zones::local(event.occurred_at, zone)
        .map(|l| l.0)
        .unwrap_or_else(|| zones::today_in(zone));
    let domain_event = ManufacturingEvent {
        kind: event.kind,
        occurred_on,
        expected_on: event.expected_on,
        milestone: event.milestone,
    };
    let (key, action) = match change_for(&stored.timeline, &domain_event) {
        Ok(change) => change,
        Err(p) => return Ok(problem(StatusCode::UNPROCESSABLE_ENTITY, Some(p.field), &p.message)),
    };
    let outcome = match apply(
        &stored.timeline,
        &key,
        action,
        Source::Integration,
        zones::today_in(zone),
    ) {
        Ok(outcome) => outcome,
        Err(error) => {
            let (field, message) = edit_problem(&error, action);
            return Ok(problem(StatusCode::UNPROCESSABLE_ENTITY, Some(field), &message));
        }
    };
    let response = json!({
        "status": "applied",
        "milestone": key,
        "moved": outcome.moves.len(),
        "conflicts": outcome.conflicts.len(),
    });
    let response_text = response.to_string();
    let planned_at = planned_instants(&outcome.timeline, &centre.time_zone);
    let done_at = stored.timeline.index_of(&key).and_then(|i| match action {
        Action::Done(_) => Some((i, Some(event.occurred_at))),
        Action::Remanufacture(_) => Some((i, None)),
        _ => None,
    });
    let reminders = match crate::services::reminders::plan_for(
        &state.backend,
        stored.patient_id,
        zone,
        Some(&stored.timeline),
        Some(&outcome.timeline),
        zones::today_in(zone),
    )
    .await
    {
        Ok(plan) => plan,
        Err(_) => {
            return Ok(problem(
                StatusCode::SERVICE_UNAVAILABLE,
                None,
                "The reminders could not be planned; try again.",
            ))
        }
    };
    let subject = format!("integration:{integration_id}");
    let client_addr = peer.ip().to_string();
    let change = ChangeRecord {
        source: Source::Integration,
        actor_id: None,
        integration_id: Some(integration_id),
        action: event.kind.as_str(),
        milestone_key: Some(&key),
        reason: event.kind.reason(),
        audit: Entry {
            actor: None,
            action: "timeline.changed",
            patient_id: Some(stored.patient_id),
            subject: Some(&subject),
            client_addr: &client_addr,
        },
        delivery: Some(Delivery {
            integration_id,
            webhook_id,
            status: 200,
            response: &response_text,
        }),
        reminders: &reminders,
    };
    let saved = store::save_change(
        db,
        &stored,
        &outcome,
        &planned_at,
        done_at,
        &summary(&outcome.timeline),
        change,
    )
    .await;
    match saved {
        Ok(_) => Ok(answer(StatusCode::OK, response)),
        // Another request applied this event or changed the timeline meanwhile: look again.
        Err(StoreError::AlreadyDelivered | StoreError::Stale) => Err(Retry),
        Err(error) => Ok(unexpected(error)),
    }
}
