//! Projection: a treatment's plan, the dates people gave, and nothing else in; the full
//! timeline out. No I/O, no clock: the same inputs always give the same timeline.
use super::milestone::MilestoneKind;
use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// One step of a resolved plan: its template step with the country rule applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    pub key: String,
    pub kind: MilestoneKind,
    /// The step this one hangs from; `None` only for the first step.
    pub after: Option<usize>,
    /// Default distance from `after`; negative means before it (lymphodepletion, day −5).
    pub days: i32,
    pub time: Option<NaiveTime>,
    pub optional: bool,
    pub not_before: Vec<usize>,
}

/// The steps of one treatment, in the template's order, with what must precede what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub steps: Vec<PlanStep>,
    /// Steps in an order where each comes after the one it hangs from.
    order: Vec<usize>,
    /// Pairs (earlier, later): `later` must not be dated before `earlier`.
    constraints: Vec<(usize, usize)>,
}

/// What is known of one step besides the plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepState {
    /// A date someone gave (confirmed, delayed or done): projection keeps it.
    pub pinned: Option<NaiveDate>,
    /// A nurse moved this planned step without pinning it: it keeps this distance from the
    /// default and still moves with what it hangs from.
    pub extra_days: i32,
    /// Cancelled steps keep a date, so that what hangs from them still has one, but they
    /// order nothing.
    pub cancelled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    pub dates: Vec<NaiveDate>,
    pub conflicts: Vec<Conflict>,
}

/// `later` is dated before `earlier`, which must come first. Only a pin can cause this:
/// projection never moves a pinned date to resolve it, it reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub earlier: usize,
    pub later: usize,
}

impl Plan {
    /// Fails with the steps of a dependency cycle.
    pub fn new(steps: Vec<PlanStep>) -> Result<Plan, Vec<usize>> {
        let n = steps.len();
        let mut depth: Vec<Option<usize>> = vec![None; n];
        for start in 0..n {
            // Walk up to a step of known depth (or the root), then fill depths back down.
            let mut path = Vec::new();
            let mut at = Some(start);
            let mut base = 0;
            while let Some(i) = at {
                if let Some(d) = depth[i] {
                    base = d + 1;
                    break;
                }
                if let Some(pos) = path.iter().position(|&p| p == i) {
                    return Err(path[pos..].to_vec());
                }
                path.push(i);
                at = steps[i].after.filter(|&a| a < n);
            }
            for (k, &i) in path.iter().rev().enumerate() {
                depth[i] = Some(base + k);
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| depth[i].unwrap_or(0));
        let mut constraints = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            if let Some(a) = step.after.filter(|&a| a < n) {
                constraints.push(if step.days >= 0 { (a, i) } else { (i, a) });
            }
            constraints.extend(step.not_before.iter().filter(|&&b| b < n).map(|&b| (b, i)));
        }
        Ok(Plan {
            steps,
            order,
            constraints,
        })
    }

    pub fn empty() -> Plan {
        Plan {
            steps: Vec::new(),
            order: Vec::new(),
            constraints: Vec::new(),
        }
    }

    pub fn unpinned(&self) -> Vec<StepState> {
        vec![StepState::default(); self.steps.len()]
    }

    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.key == key)
    }

    pub fn first_of(&self, kind: MilestoneKind) -> Option<usize> {
        self.steps.iter().position(|s| s.kind == kind)
    }

    /// Pairs (earlier, later) that a timeline must respect.
    pub fn constraints(&self) -> &[(usize, usize)] {
        &self.constraints
    }

    /// The full timeline. `start` dates the first step unless it is pinned; missing states
    /// count as unpinned.
    pub fn project(&self, start: NaiveDate, states: &[StepState]) -> Projection {
        let state = |i: usize| states.get(i).copied().unwrap_or_default();
        let mut dates = vec![start; self.steps.len()];
        for &i in &self.order {
            let s = state(i);
            dates[i] = match s.pinned {
                Some(date) => date,
                None => {
                    let from = self.steps[i].after.and_then(|a| dates.get(a).copied()).unwrap_or(start);
                    shift(from, i64::from(self.steps[i].days) + i64::from(s.extra_days))
                }
            };
        }
        let conflicts = self
            .constraints
            .iter()
            .filter(|&&(e, l)| !state(e).cancelled && !state(l).cancelled && dates[l] < dates[e])
            .map(|&(earlier, later)| Conflict { earlier, later })
            .collect();
        Projection { dates, conflicts }
    }

    /// The default date of step `i` given where the step it hangs from is now: used to turn
    /// a nurse's new planned date into `extra_days`.
    pub fn default_date(&self, i: usize, start: NaiveDate, dates: &[NaiveDate]) -> NaiveDate {
        match self.steps.get(i) {
            Some(step) => {
                let from = step.after.and_then(|a| dates.get(a).copied()).unwrap_or(start);
                shift(from, i64::from(step.days))
            }
            None => start,
        }
    }

    /// Steps that hang, directly or not, from step `i`.
    pub fn dependants(&self, i: usize) -> Vec<usize> {
        let mut found = vec![false; self.steps.len()];
        for &j in &self.order {
            if let Some(a) = self.steps[j].after {
                if a == i || found.get(a).copied().unwrap_or(false) {
                    found[j] = true;
                }
            }
        }
        (0..self.steps.len()).filter(|&j| found[j]).collect()
    }
}

/// Adds days, staying on the calendar's edge instead of overflowing.
pub fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    let magnitude = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    };
    moved.unwrap_or(if days >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}
