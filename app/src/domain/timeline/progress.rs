//! Where a patient is in the journey, in the words the patient and the nurse use.
use super::milestone::{MilestoneKind, MilestoneStatus};
use super::state::Timeline;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// Referral, eligibility, up to apheresis.
    Preparing,
    /// The cells are collected and being made.
    CellsInProduction,
    /// The product is ready; lymphodepletion and infusion are next.
    AwaitingInfusion,
    /// From infusion to the end of the stay near the centre.
    CloseMonitoring,
    /// Afterwards, for years.
    FollowUp,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Preparing,
        Stage::CellsInProduction,
        Stage::AwaitingInfusion,
        Stage::CloseMonitoring,
        Stage::FollowUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Preparing => "preparing",
            Stage::CellsInProduction => "cells_in_production",
            Stage::AwaitingInfusion => "awaiting_infusion",
            Stage::CloseMonitoring => "close_monitoring",
            Stage::FollowUp => "follow_up",
        }
    }
}

fn done(timeline: &Timeline, kind: MilestoneKind) -> bool {
    timeline
        .first_of(kind)
        .is_some_and(|m| m.status == MilestoneStatus::Done)
}

pub fn stage(timeline: &Timeline) -> Stage {
    if done(timeline, MilestoneKind::StayNearCentreEnds) {
        Stage::FollowUp
    } else if done(timeline, MilestoneKind::Infusion) {
        Stage::CloseMonitoring
    } else if done(timeline, MilestoneKind::ProductReceived)
        || (timeline.first_of(MilestoneKind::ProductReceived).is_none()
            && done(timeline, MilestoneKind::ProductReleased))
    {
        Stage::AwaitingInfusion
    } else if done(timeline, MilestoneKind::Apheresis) {
        Stage::CellsInProduction
    } else {
        Stage::Preparing
    }
}

/// How the day counter reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayCounter {
    /// Days relative to infusion: −3, 0, +12. Before infusion only once its date is firm.
    Day(i64),
    /// The cells are being made and day 0 is not firm yet.
    WaitingForCells,
    /// Before apheresis: nothing to count yet.
    NotStarted,
}

pub fn day_counter(timeline: &Timeline, today: NaiveDate) -> DayCounter {
    let Some(infusion) = timeline.first_of(MilestoneKind::Infusion) else {
        return DayCounter::NotStarted;
    };
    let firm = infusion.status.is_pinned() || stage(timeline) >= Stage::AwaitingInfusion;
    if firm {
        DayCounter::Day((today - infusion.date()).num_days())
    } else if stage(timeline) == Stage::CellsInProduction {
        DayCounter::WaitingForCells
    } else {
        DayCounter::NotStarted
    }
}

/// A step is late when it is reported delayed, or when its date has passed and it is not done.
pub fn is_late(timeline: &Timeline, index: usize, today: NaiveDate) -> bool {
    timeline.milestones.get(index).is_some_and(|m| {
        m.status == MilestoneStatus::Delayed
            || (matches!(m.status, MilestoneStatus::Planned | MilestoneStatus::Confirmed) && m.planned_on < today)
    })
}

/// While the cells are made: the step they are at, the expected release and whether it slipped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub at: MilestoneKind,
    pub expected_release: NaiveDate,
    pub delayed: bool,
}

pub fn waiting(timeline: &Timeline, today: NaiveDate) -> Option<Waiting> {
    if stage(timeline) != Stage::CellsInProduction {
        return None;
    }
    let release = timeline.index_of_kind(MilestoneKind::ProductReleased)?;
    let at = timeline
        .milestones
        .iter()
        .filter(|m| m.kind.is_manufacturing() || m.kind == MilestoneKind::Apheresis)
        .filter(|m| m.status == MilestoneStatus::Done)
        .map(|m| m.kind)
        .max()
        .unwrap_or(MilestoneKind::Apheresis);
    // Said plainly when a step is reported delayed or the release date has passed; a
    // shipping tick the nurse has not made yet is not a delay.
    let delayed = timeline
        .milestones
        .iter()
        .any(|m| m.kind.is_manufacturing() && m.status == MilestoneStatus::Delayed)
        || is_late(timeline, release, today);
    Some(Waiting {
        at,
        expected_release: timeline.milestones[release].date(),
        delayed,
    })
}

impl Timeline {
    pub fn index_of_kind(&self, kind: MilestoneKind) -> Option<usize> {
        self.milestones.iter().position(|m| m.kind == kind)
    }
}

impl Stage {
    pub fn parse(value: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// What the nurse's list shows of a treatment, kept beside it so that the list of a whole
/// centre is one small query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub stage: Stage,
    pub next_key: Option<String>,
    pub next_kind: Option<MilestoneKind>,
    pub next_on: Option<NaiveDate>,
    /// A step is reported delayed.
    pub delayed: bool,
    /// A pinned date breaks the order and needs a nurse.
    pub conflict: bool,
    pub infusion_on: Option<NaiveDate>,
}

pub fn summary(timeline: &Timeline) -> Summary {
    let next = timeline.next_step().map(|i| &timeline.milestones[i]);
    Summary {
        stage: stage(timeline),
        next_key: next.map(|m| m.key.clone()),
        next_kind: next.map(|m| m.kind),
        next_on: next.map(|m| m.date()),
        delayed: timeline.milestones.iter().any(|m| m.status == MilestoneStatus::Delayed),
        conflict: !timeline.project().conflicts.is_empty(),
        infusion_on: timeline.first_of(MilestoneKind::Infusion).map(|m| m.date()),
    }
}
