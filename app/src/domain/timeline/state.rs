//! A treatment's timeline as stored: one milestone per plan step, in plan order.
use super::milestone::{MilestoneKind, MilestoneStatus, Source};
use super::plan::{Plan, Projection, StepState};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub key: String,
    pub kind: MilestoneKind,
    pub status: MilestoneStatus,
    /// Local date at the centre; for a done milestone, when it was planned last.
    pub planned_on: NaiveDate,
    /// A nurse's shift of an unpinned step from its default distance.
    pub extra_days: i32,
    pub actual_on: Option<NaiveDate>,
    pub source: Option<Source>,
}

impl Milestone {
    /// The date the timeline shows: when it happened, or when it is expected.
    pub fn date(&self) -> NaiveDate {
        self.actual_on.unwrap_or(self.planned_on)
    }

    fn state(&self) -> StepState {
        StepState {
            pinned: self.status.is_pinned().then(|| self.date()),
            extra_days: self.extra_days,
            cancelled: self.status == MilestoneStatus::Cancelled,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub plan: Plan,
    /// Dates the first step when nothing pins it (the day the treatment was opened).
    pub start: NaiveDate,
    pub milestones: Vec<Milestone>,
}

impl Timeline {
    /// A new timeline: every step planned at its default date.
    pub fn new(plan: Plan, start: NaiveDate) -> Timeline {
        let projection = plan.project(start, &plan.unpinned());
        let milestones = plan
            .steps
            .iter()
            .zip(projection.dates)
            .map(|(step, planned_on)| Milestone {
                key: step.key.clone(),
                kind: step.kind,
                status: MilestoneStatus::Planned,
                planned_on,
                extra_days: 0,
                actual_on: None,
                source: None,
            })
            .collect();
        Timeline {
            plan,
            start,
            milestones,
        }
    }

    pub fn states(&self) -> Vec<StepState> {
        self.milestones.iter().map(Milestone::state).collect()
    }

    pub fn project(&self) -> Projection {
        self.plan.project(self.start, &self.states())
    }

    /// Writes projected dates into the unpinned milestones.
    pub fn reproject(&mut self) -> Projection {
        let projection = self.project();
        for (m, date) in self.milestones.iter_mut().zip(&projection.dates) {
            if !m.status.is_pinned() {
                m.planned_on = *date;
            }
        }
        projection
    }

    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.milestones.iter().position(|m| m.key == key)
    }

    pub fn first_of(&self, kind: MilestoneKind) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.kind == kind)
    }

    /// Indices by date, then by the journey's order: how the timeline is shown.
    pub fn chronological(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.milestones.len()).collect();
        order.sort_by_key(|&i| (self.milestones[i].date(), i));
        order
    }

    /// The first step still to come: not done, not cancelled.
    pub fn next_step(&self) -> Option<usize> {
        self.chronological().into_iter().find(|&i| {
            !matches!(
                self.milestones[i].status,
                MilestoneStatus::Done | MilestoneStatus::Cancelled
            )
        })
    }

    /// The last step done: "you are here".
    pub fn last_done(&self) -> Option<usize> {
        self.chronological()
            .into_iter()
            .rev()
            .find(|&i| self.milestones[i].status == MilestoneStatus::Done)
    }
}
