//! "Your plan changed": when the next step or the infusion moves, the patient and their
//! caregivers get one notice saying what moved, from when to when.
use crate::domain::timeline::{MilestoneKind, MilestoneStatus, Timeline};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    pub key: String,
    pub kind: MilestoneKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChange {
    /// The next step and the infusion, those of them that moved (at most two, no repeats).
    pub moved: Vec<Moved>,
}

/// Compares the timeline before and after a change, as seen `today` (local at the centre).
/// Only what a patient plans their life around is announced: the next step still ahead and
/// the infusion. Steps already done, and cancelled ones, are not.
pub fn plan_change(before: &Timeline, after: &Timeline, today: NaiveDate) -> Option<PlanChange> {
    let ahead = |t: &Timeline| {
        t.milestones
            .iter()
            .filter(|m| m.status != MilestoneStatus::Done && m.status != MilestoneStatus::Cancelled)
            .filter(|m| m.date() >= today)
            .min_by_key(|m| m.date())
            .map(|m| m.key.clone())
    };
    let infusion = |t: &Timeline| {
        t.milestones
            .iter()
            .find(|m| m.kind == MilestoneKind::Infusion && m.status != MilestoneStatus::Cancelled)
            .map(|m| m.key.clone())
    };
    let mut keys: Vec<String> = [ahead(before), infusion(after)].into_iter().flatten().collect();
    keys.dedup();
    let moved: Vec<Moved> = keys
        .iter()
        .filter_map(|key| {
            let old = before.milestones.iter().find(|m| &m.key == key)?;
            let new = after.milestones.iter().find(|m| &m.key == key)?;
            if new.status == MilestoneStatus::Done || old.date() == new.date() {
                return None;
            }
            Some(Moved {
                key: key.clone(),
                kind: new.kind,
                from: old.date(),
                to: new.date(),
            })
        })
        .collect();
    (!moved.is_empty()).then_some(PlanChange { moved })
}
