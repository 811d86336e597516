//! One path for every change to a timeline, whoever asks: a nurse in the editor or a
//! manufacturing site through the webhook. Apply the action on the centre's today, re-plan
//! the reminders from the old plan to the new, build the change record, and save it all in
//! one transaction (with the webhook's delivery record, so that an event applies once).
use super::{reminders, timeline_views::planned_instants, Services};
use crate::{
    storage::{
        audit::Entry,
        centres::CentreProfile,
        timeline::{self as store, ChangeRecord, Delivery, StoredTreatment},
        StorageError,
    },
    zones,
};
use app::{
    domain::timeline::{apply, delay_reason::DelayReason, summary, Action, EditError, Outcome, Source},
    error::AppError,
};
use serde_json::{json, Value};

/// A change to the latest timeline of a treatment, as asked for.
pub struct Change<'a> {
    pub stored: &'a StoredTreatment,
    pub centre: &'a CentreProfile,
    pub milestone: &'a str,
    pub action: Action,
    /// As written in the history: the nurse's action or the event's type.
    pub action_name: &'a str,
    pub reason: &'a str,
    /// Why a delay is late, when it says.
    pub delay_reason: Option<DelayReason>,
    pub by: ChangedBy<'a>,
    pub audit: Entry<'a>,
}

pub enum ChangedBy<'a> {
    Nurse {
        actor_id: i64,
    },
    /// A signed manufacturing event; `occurred_at` is the instant the site reported.
    Integration {
        integration_id: i64,
        webhook_id: &'a str,
        occurred_at: i64,
    },
}

impl<'a> ChangedBy<'a> {
    fn actor_id(&self) -> Option<i64> {
        match self {
            ChangedBy::Nurse { actor_id } => Some(*actor_id),
            ChangedBy::Integration { .. } => None,
        }
    }

    fn integration_id(&self) -> Option<i64> {
        match self {
            ChangedBy::Integration { integration_id, .. } => Some(*integration_id),
            ChangedBy::Nurse { .. } => None,
        }
    }

    /// The webhook delivery this change answers, recorded with it.
    fn delivery<'t>(&self, answer: &'t str) -> Option<Delivery<'t>>
    where
        'a: 't,
    {
        match self {
            ChangedBy::Integration {
                integration_id,
                webhook_id,
                ..
            } => Some(Delivery {
                integration_id: *integration_id,
                webhook_id,
                status: 200,
                response: answer,
            }),
            ChangedBy::Nurse { .. } => None,
        }
    }
}

#[derive(Debug)]
pub enum ChangeError {
    Edit(EditError),
    /// The reminders could not be planned.
    Planning(AppError),
    Store(StorageError),
}

/// What a saved change did, and for a webhook the answer recorded with its delivery.
pub struct Saved {
    pub outcome: Outcome,
    pub answer: Option<Value>,
}

/// What the change would do, on the centre's today; nothing is saved.
pub fn outcome(change: &Change<'_>) -> Result<Outcome, EditError> {
    let today = zones::today_in(zones::zone_or_utc(&change.centre.time_zone));
    apply(
        &change.stored.timeline,
        change.milestone,
        change.action,
        source(&change.by),
        today,
    )
}

/// Applies the change and saves it with its re-planned reminders, history, audit entry and
/// (for a webhook) delivery record, or saves nothing.
pub async fn apply_and_save(services: &Services, change: Change<'_>) -> Result<Saved, ChangeError> {
    let outcome = outcome(&change).map_err(ChangeError::Edit)?;
    let zone = zones::zone_or_utc(&change.centre.time_zone);
    let stored = change.stored;
    let reminders = reminders::plan_for(
        services,
        stored.patient_id,
        zone,
        Some(&stored.timeline),
        Some(&outcome.timeline),
        zones::today_in(zone),
    )
    .await
    .map_err(ChangeError::Planning)?;
    let answer =
        matches!(change.by, ChangedBy::Integration { .. }).then(|| delivery_answer(change.milestone, &outcome));
    let answer_text = answer.as_ref().map(Value::to_string);
    let actual_at = actual_at(&change);
    let record = ChangeRecord {
        source: source(&change.by),
        actor_id: change.by.actor_id(),
        integration_id: change.by.integration_id(),
        action: change.action_name,
        milestone_key: Some(change.milestone),
        reason: change.reason,
        delay_reason: change.delay_reason.map(DelayReason::as_str),
        audit: change.audit,
        delivery: answer_text.as_deref().and_then(|text| change.by.delivery(text)),
        reminders: &reminders,
    };
    store::save_change(
        &services.db,
        stored,
        &outcome,
        &planned_instants(&outcome.timeline, &change.centre.time_zone),
        actual_at,
        &summary(&outcome.timeline),
        record,
    )
    .await
    .map_err(ChangeError::Store)?;
    Ok(Saved { outcome, answer })
}

fn source(by: &ChangedBy<'_>) -> Source {
    match by {
        ChangedBy::Nurse { .. } => Source::Nurse,
        ChangedBy::Integration { .. } => Source::Integration,
    }
}

/// The instant the changed step was done: as a site reported it, or none when a nurse gave
/// only a date or the step is to be made again (its old hour no longer holds).
fn actual_at(change: &Change<'_>) -> Option<(usize, Option<i64>)> {
    let index = change.stored.timeline.index_of(change.milestone)?;
    match (change.action, &change.by) {
        (Action::Done(_), ChangedBy::Integration { occurred_at, .. }) => Some((index, Some(*occurred_at))),
        (Action::Done(_) | Action::Remanufacture(_), _) => Some((index, None)),
        _ => None,
    }
}

/// The webhook's answer to an applied event, kept with its delivery and given again to a
/// sender that retries it.
fn delivery_answer(milestone: &str, outcome: &Outcome) -> Value {
    json!({
        "status": "applied",
        "milestone": milestone,
        "moved": outcome.moves.len(),
        "conflicts": outcome.conflicts.len(),
    })
}
