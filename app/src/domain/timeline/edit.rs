//! Changing a timeline: by a nurse (checked strictly) or by a manufacturing integration
//! (facts: recorded, and any order they break reported). Every change re-projects the rest.
use super::milestone::{MilestoneKind, MilestoneStatus, Source};
use super::plan::Conflict;
use super::state::Timeline;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// A new planned date that still moves with what the step hangs from.
    Set(NaiveDate),
    /// A firm date: projection keeps it.
    Confirm(NaiveDate),
    /// Later than planned, expected on this date.
    Delay(NaiveDate),
    /// It happened on this date.
    Done(NaiveDate),
    /// Not needed (optional steps and follow-ups only).
    Cancel,
    /// Out of specification: manufacturing restarts on this date and everything after it
    /// follows the new run.
    Remanufacture(NaiveDate),
}

impl Action {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Action::Set(d) | Action::Confirm(d) | Action::Delay(d) | Action::Done(d) | Action::Remanufacture(d) => {
                Some(d)
            }
            Action::Cancel => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditError {
    UnknownMilestone(String),
    TreatmentClosed,
    /// Before-infusion dates are typed in within a year of today; later ones are projected.
    TooFarFromToday {
        kind: MilestoneKind,
    },
    DoneInFuture {
        kind: MilestoneKind,
    },
    /// `kind` on `date` would come before `other`, which must come first.
    MustFollow {
        kind: MilestoneKind,
        date: NaiveDate,
        other: MilestoneKind,
        other_date: NaiveDate,
    },
    /// `kind` on `date` would come after `other`, which must come later (lymphodepletion before infusion).
    MustPrecede {
        kind: MilestoneKind,
        date: NaiveDate,
        other: MilestoneKind,
        other_date: NaiveDate,
    },
    DelayNotLater {
        kind: MilestoneKind,
        planned: NaiveDate,
    },
    CannotCancel {
        kind: MilestoneKind,
    },
    AlreadyDone {
        kind: MilestoneKind,
    },
    RemanufactureOnlyManufacturing,
}

/// What one change did to each milestone it touched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub index: usize,
    pub key: String,
    pub kind: MilestoneKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub from_status: MilestoneStatus,
    pub to_status: MilestoneStatus,
}

/// What the patient is told: the next step or the infusion moved, from when to when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub key: String,
    pub kind: MilestoneKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub timeline: Timeline,
    pub moves: Vec<Move>,
    pub conflicts: Vec<Conflict>,
    pub notice: Option<Notice>,
}

const YEAR: i64 = 365;

/// Applies one change to a copy of the timeline. Nothing is changed on error.
pub fn apply(
    before: &Timeline,
    key: &str,
    action: Action,
    source: Source,
    today: NaiveDate,
) -> Result<Outcome, EditError> {
    let i = before
        .index_of(key)
        .ok_or_else(|| EditError::UnknownMilestone(key.to_string()))?;
    let kind = before.milestones[i].kind;
    if let Some(date) = action.date() {
        // Before infusion, dates are typed within a year; later ones (follow-ups) within the
        // 15 years of follow-up, so a typo such as 1900 or 9999 is refused.
        let limit = if kind <= MilestoneKind::Infusion {
            YEAR
        } else {
            16 * YEAR
        };
        if (date - today).num_days().abs() > limit {
            return Err(EditError::TooFarFromToday { kind });
        }
    }
    let mut after = before.clone();
    let m = &mut after.milestones[i];
    let was_done = m.status == MilestoneStatus::Done;
    match action {
        Action::Set(_) | Action::Confirm(_) | Action::Delay(_) if was_done => {
            return Err(EditError::AlreadyDone { kind });
        }
        Action::Set(date) => {
            m.status = MilestoneStatus::Planned;
            let dates = before.project().dates;
            let default = before.plan.default_date(i, before.start, &dates);
            m.extra_days = i32::try_from((date - default).num_days()).unwrap_or(0);
            m.planned_on = date;
        }
        Action::Confirm(date) => {
            m.status = MilestoneStatus::Confirmed;
            m.planned_on = date;
        }
        Action::Delay(date) => {
            if date <= m.planned_on {
                return Err(EditError::DelayNotLater {
                    kind,
                    planned: m.planned_on,
                });
            }
            m.status = MilestoneStatus::Delayed;
            m.planned_on = date;
        }
        Action::Done(date) => {
            if date > today {
                return Err(EditError::DoneInFuture { kind });
            }
            m.status = MilestoneStatus::Done;
            m.actual_on = Some(date);
        }
        Action::Cancel => {
            let optional = before.plan.steps.get(i).is_some_and(|s| s.optional);
            if !(optional || kind == MilestoneKind::FollowUp) || was_done {
                return Err(EditError::CannotCancel { kind });
            }
            m.status = MilestoneStatus::Cancelled;
        }
        Action::Remanufacture(date) => {
            if kind != MilestoneKind::ManufacturingStarted {
                return Err(EditError::RemanufactureOnlyManufacturing);
            }
            m.status = if date <= today {
                MilestoneStatus::Done
            } else {
                MilestoneStatus::Confirmed
            };
            m.planned_on = date;
            m.actual_on = (date <= today).then_some(date);
            // The old run's release and shipping no longer stand: they follow the new run.
            for later in after
                .milestones
                .iter_mut()
                .filter(|l| l.kind.is_manufacturing() && l.kind > MilestoneKind::ManufacturingStarted)
            {
                later.status = MilestoneStatus::Planned;
                later.actual_on = None;
                later.extra_days = 0;
            }
        }
    }
    after.milestones[i].source = Some(source);
    let projection = after.reproject();
    if source == Source::Nurse {
        check_own_order(&after, i, &projection.conflicts)?;
    }
    let moves = moves(before, &after);
    let notice = notice(before, &after);
    Ok(Outcome {
        timeline: after,
        moves,
        conflicts: projection.conflicts,
        notice,
    })
}

/// A nurse may not put a step out of order with what it hangs from; what hangs from it and
/// is pinned is reported instead, because the nurse is often recording a fact (a delay).
fn check_own_order(t: &Timeline, i: usize, conflicts: &[Conflict]) -> Result<(), EditError> {
    let m = &t.milestones[i];
    for c in conflicts {
        let owns = |other: usize| {
            let step = &t.plan.steps[i];
            step.after == Some(other) || step.not_before.contains(&other)
        };
        if c.later == i && owns(c.earlier) {
            let other = nearest_pinned_violated(t, i).unwrap_or(c.earlier);
            return Err(EditError::MustFollow {
                kind: m.kind,
                date: m.date(),
                other: t.milestones[other].kind,
                other_date: t.milestones[other].date(),
            });
        }
        if c.earlier == i && owns(c.later) {
            return Err(EditError::MustPrecede {
                kind: m.kind,
                date: m.date(),
                other: t.milestones[c.later].kind,
                other_date: t.milestones[c.later].date(),
            });
        }
    }
    Ok(())
}

/// Up the chain step `i` hangs from, the nearest pinned step dated after it: the fact the
/// nurse is contradicting ("release cannot be before apheresis, done on …").
fn nearest_pinned_violated(t: &Timeline, i: usize) -> Option<usize> {
    let date = t.milestones[i].date();
    let mut at = t.plan.steps[i].after;
    while let Some(a) = at {
        let m = &t.milestones[a];
        if m.status.is_pinned() && m.date() > date && t.plan.steps[a].days >= 0 {
            return Some(a);
        }
        at = t.plan.steps[a].after;
    }
    None
}

fn moves(before: &Timeline, after: &Timeline) -> Vec<Move> {
    before
        .milestones
        .iter()
        .zip(&after.milestones)
        .enumerate()
        .filter(|(_, (b, a))| b.date() != a.date() || b.status != a.status)
        .map(|(index, (b, a))| Move {
            index,
            key: a.key.clone(),
            kind: a.kind,
            from: b.date(),
            to: a.date(),
            from_status: b.status,
            to_status: a.status,
        })
        .collect()
}

/// The infusion moving matters most; otherwise the step the patient waits for next.
fn notice(before: &Timeline, after: &Timeline) -> Option<Notice> {
    let moved = |i: usize| {
        let (b, a) = (&before.milestones[i], &after.milestones[i]);
        (b.date() != a.date()).then(|| Notice {
            key: a.key.clone(),
            kind: a.kind,
            from: b.date(),
            to: a.date(),
        })
    };
    let infusion = before.index_of_kind(MilestoneKind::Infusion).and_then(moved);
    infusion.or_else(|| before.next_step().and_then(moved))
}
