//! Manufacturing events, as an orchestration platform or a manufacturing site reports them,
//! turned into timeline changes. They name the order reference only, never the patient.
use super::edit::Action;
use super::milestone::MilestoneKind;
use super::state::Timeline;
use crate::i18n::Msg;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    ApheresisMaterialReceived,
    ManufacturingStarted,
    ProductReleased,
    OutOfSpecification,
    Shipped,
    Delivered,
    Delayed,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::ApheresisMaterialReceived,
        EventKind::ManufacturingStarted,
        EventKind::ProductReleased,
        EventKind::OutOfSpecification,
        EventKind::Shipped,
        EventKind::Delivered,
        EventKind::Delayed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ApheresisMaterialReceived => "apheresis_material_received",
            EventKind::ManufacturingStarted => "manufacturing_started",
            EventKind::ProductReleased => "product_released",
            EventKind::OutOfSpecification => "out_of_specification",
            EventKind::Shipped => "shipped",
            EventKind::Delivered => "delivered",
            EventKind::Delayed => "delayed",
        }
    }

    pub fn parse(value: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// Said to the care team in the change history, and to the patient as the reason a date
    /// moved, in each reader's language. The stored change keeps only the kind (its action).
    pub fn words(self) -> Msg {
        match self {
            EventKind::ApheresisMaterialReceived => Msg::EvApheresisReceived,
            EventKind::ManufacturingStarted => Msg::EvManufacturingStarted,
            EventKind::ProductReleased => Msg::EvProductReleased,
            EventKind::OutOfSpecification => Msg::EvOutOfSpecification,
            EventKind::Shipped => Msg::EvShipped,
            EventKind::Delivered => Msg::EvDelivered,
            EventKind::Delayed => Msg::EvDelayed,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManufacturingEvent {
    pub kind: EventKind,
    /// When it happened, as a local date at the treating centre.
    pub occurred_on: NaiveDate,
    /// For a delay: the new expected date. For out of specification: when the new run
    /// starts (the event's own date if absent).
    pub expected_on: Option<NaiveDate>,
    /// For a delay: which step is late (the release, if absent).
    pub milestone: Option<MilestoneKind>,
}

/// Which payload field is at fault, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventProblem {
    pub field: &'static str,
    pub message: String,
}

impl EventProblem {
    fn new(field: &'static str, message: impl Into<String>) -> EventProblem {
        EventProblem {
            field,
            message: message.into(),
        }
    }
}

/// The milestone to change and how.
pub fn change_for(timeline: &Timeline, event: &ManufacturingEvent) -> Result<(String, Action), EventProblem> {
    let key_of = |kind: MilestoneKind| timeline.first_of(kind).map(|m| m.key.clone());
    let not_in_journey = || {
        EventProblem::new(
            "type",
            format!("this treatment's journey has no step for '{}'", event.kind.as_str()),
        )
    };
    let done = |kind: MilestoneKind| {
        key_of(kind)
            .map(|key| (key, Action::Done(event.occurred_on)))
            .ok_or_else(not_in_journey)
    };
    match event.kind {
        // Point-of-care journeys have no shipping leg: the material is received on site.
        EventKind::ApheresisMaterialReceived => {
            done(MilestoneKind::CellsShipped).or_else(|_| done(MilestoneKind::Apheresis))
        }
        EventKind::ManufacturingStarted => done(MilestoneKind::ManufacturingStarted),
        EventKind::ProductReleased => done(MilestoneKind::ProductReleased),
        EventKind::Shipped => done(MilestoneKind::ProductShipped),
        EventKind::Delivered => done(MilestoneKind::ProductReceived),
        EventKind::OutOfSpecification => key_of(MilestoneKind::ManufacturingStarted)
            .map(|key| {
                (
                    key,
                    Action::Remanufacture(event.expected_on.unwrap_or(event.occurred_on)),
                )
            })
            .ok_or_else(not_in_journey),
        EventKind::Delayed => {
            let kind = event.milestone.unwrap_or(MilestoneKind::ProductReleased);
            if !kind.is_manufacturing() {
                return Err(EventProblem::new(
                    "milestone",
                    "a manufacturing site reports delays of manufacturing steps only",
                ));
            }
            let expected = event
                .expected_on
                .ok_or_else(|| EventProblem::new("expected_on", "a delay needs the new expected date (YYYY-MM-DD)"))?;
            key_of(kind).map(|key| (key, Action::Delay(expected))).ok_or_else(|| {
                EventProblem::new(
                    "milestone",
                    format!("this treatment's journey has no '{}' step", kind.as_str()),
                )
            })
        }
    }
}
