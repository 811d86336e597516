//! A signed manufacturing event, applied to the treatment it names: found by its order
//! reference within the sender's scope, read as a change to the timeline on the centre's
//! clock, and saved through `timeline_change` with its delivery record. HTTP (signatures,
//! parsing, answers) is in `http/webhook.rs`.
use super::{
    timeline_change::{self, Change, ChangeError, ChangedBy},
    timeline_views::centre_profile,
    Services,
};
use crate::{
    storage::{audit::Entry, integrations::ActiveIntegration, timeline as store, StorageError},
    zones,
};
use app::domain::timeline::{
    change_for, delay_reason::DelayReason, Action, EditError, EventKind, EventProblem, ManufacturingEvent,
    MilestoneKind,
};
use chrono::NaiveDate;
use serde_json::Value;

/// An event as the sender reported it, read from the payload.
pub struct Report {
    pub order_reference: String,
    pub kind: EventKind,
    /// Seconds since the epoch, UTC.
    pub occurred_at: i64,
    pub expected_on: Option<NaiveDate>,
    pub milestone: Option<MilestoneKind>,
    /// `delayed`: why, from the coded list.
    pub delay_reason: Option<DelayReason>,
}

#[derive(Debug)]
pub enum EventError {
    /// No treatment the sender may touch has this order reference.
    UnknownOrder,
    /// The treatment is closed; its timeline no longer changes.
    Closed,
    /// The event does not fit the timeline (a field at fault).
    Invalid(EventProblem),
    /// The change it calls for cannot be applied.
    Edit(EditError, Action),
    /// The event was applied or the timeline changed meanwhile: look again.
    Retry,
    /// The reminders could not be planned.
    Planning,
    Unavailable(String),
}

/// The answer given to this delivery before, if the sender already sent it.
pub async fn earlier_answer(
    services: &Services,
    integration_id: i64,
    webhook_id: &str,
) -> Result<Option<(u16, String)>, EventError> {
    store::delivery(&services.db, integration_id, webhook_id)
        .await
        .map_err(|error| EventError::Unavailable(error.to_string()))
}

/// Applies the event and answers what the sender is told (and told again if it retries).
pub async fn apply(
    services: &Services,
    sender: &ActiveIntegration,
    webhook_id: &str,
    report: &Report,
    client_addr: &str,
) -> Result<Value, EventError> {
    // An order outside the sender's scope is answered as unknown: a sender learns nothing
    // about orders that are not its own.
    let stored = match store::by_order_reference(&services.db, &report.order_reference).await {
        Ok(Some(stored)) if sender.scope.allows(&stored.product_id, stored.centre_id) => stored,
        Ok(_) => return Err(EventError::UnknownOrder),
        Err(error) => return Err(EventError::Unavailable(error.to_string())),
    };
    if stored.status.is_closed() {
        return Err(EventError::Closed);
    }
    let centre = centre_profile(services, stored.centre_id)
        .await
        .map_err(|error| EventError::Unavailable(format!("{error:?}")))?;
    let zone = zones::zone_or_utc(&centre.time_zone);
    let event = ManufacturingEvent {
        kind: report.kind,
        occurred_on: zones::local(report.occurred_at, zone)
            .map(|l| l.0)
            .unwrap_or_else(|| zones::today_in(zone)),
        expected_on: report.expected_on,
        milestone: report.milestone,
    };
    let (key, action) = change_for(&stored.timeline, &event).map_err(EventError::Invalid)?;
    let subject = format!("integration:{}", sender.id);
    let change = Change {
        stored: &stored,
        centre: &centre,
        milestone: &key,
        action,
        action_name: report.kind.as_str(),
        // The reader's language gives the words: the action names the event.
        reason: "",
        delay_reason: report.delay_reason.filter(|_| report.kind == EventKind::Delayed),
        by: ChangedBy::Integration {
            integration_id: sender.id,
            webhook_id,
            occurred_at: report.occurred_at,
        },
        audit: Entry::new("timeline.changed", client_addr)
            .about(stored.patient_id)
            .subject(subject.as_str()),
    };
    match timeline_change::apply_and_save(services, change).await {
        Ok(saved) => Ok(saved.answer.unwrap_or(Value::Null)),
        Err(ChangeError::Edit(error)) => Err(EventError::Edit(error, action)),
        Err(ChangeError::Planning(_)) => Err(EventError::Planning),
        // Another request applied this event or changed the timeline meanwhile.
        Err(ChangeError::Store(StorageError::AlreadyDelivered | StorageError::Stale)) => Err(EventError::Retry),
        Err(ChangeError::Store(error)) => Err(EventError::Unavailable(error.to_string())),
    }
}
