//! A treatment's journey as `journeys.csv` releases it, as the data stood at the export's cut:
//! in weeks (`Weeks`), in bands (`Bands`), or not at all (`Withheld`), as coarse as the k
//! check needs (`time_release`). Never a day: a journey's days, with the cut, date it.
//!
//! Beside the dates, the manufacturing facts: how the cells were made (`centralised`, or
//! `point_of_care` for a journey with no shipping of cells), how many times they were made
//! again after a failed run, and the coded reasons given for its delays. Coarsened, a count
//! of runs again becomes `0` or `1+`, and reasons their group (`manufacturing`: slot,
//! shipping, out of specification; `patient`; `other`). Free text is never released.
use super::timepoints::week;
use crate::domain::timeline::delay_reason::DelayReason;
use serde::{Deserialize, Serialize};

/// One step of a treatment (apheresis, release, infusion) as of the cut.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Day from the patient's anchor: done, else planned.
    pub day: Option<i64>,
    pub done: bool,
    /// Days later than first planned (negative: earlier).
    pub delay: Option<i64>,
}

/// What a treatment's journey was at the cut.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentFacts {
    pub product: String,
    /// As of the cut: a treatment closed after it was still active then.
    pub status: String,
    pub apheresis: Step,
    pub release: Step,
    pub infusion: Step,
    /// Made in the hospital: the journey ships no cells.
    pub point_of_care: bool,
    /// Runs started again after one failed (re-manufacture, out of specification).
    pub remanufactures: u32,
    /// The coded reasons given for its delays, each once, in the list's order.
    pub delay_reasons: Vec<DelayReason>,
}

impl TreatmentFacts {
    /// Adds a reason given for a delay (kept once, in the list's order).
    pub fn delayed_for(&mut self, reason: DelayReason) {
        if !self.delay_reasons.contains(&reason) {
            self.delay_reasons.push(reason);
            self.delay_reasons
                .sort_by_key(|r| DelayReason::ALL.iter().position(|a| a == r));
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum JourneyDetail {
    Weeks,
    Bands,
    Withheld,
}

/// Days between two steps, both done.
fn between(a: &Step, b: &Step) -> Option<i64> {
    match (a.done && b.done, a.day, b.day) {
        (true, Some(a), Some(b)) => Some(b - a),
        _ => None,
    }
}

/// Whole weeks, or a band of them once coarsened: 0-4, 5-8, 9-12, 13+.
fn weeks(days: Option<i64>, detail: JourneyDetail) -> String {
    let Some(days) = days else { return String::new() };
    let w = week(days);
    match detail {
        JourneyDetail::Weeks => w.to_string(),
        _ => match w {
            ..=4 => "0-4",
            5..=8 => "5-8",
            9..=12 => "9-12",
            _ => "13+",
        }
        .into(),
    }
}

/// How late, in bands of days (`none`, `1-7`, `8-14`, `15-28`, `29+`), or late or not once
/// coarsened.
fn delay(days: Option<i64>, detail: JourneyDetail) -> String {
    let Some(days) = days else { return String::new() };
    match (detail, days) {
        (_, ..=0) => "none",
        (JourneyDetail::Weeks, 1..=7) => "1-7",
        (JourneyDetail::Weeks, 8..=14) => "8-14",
        (JourneyDetail::Weeks, 15..=28) => "15-28",
        (JourneyDetail::Weeks, _) => "29+",
        _ => "late",
    }
    .into()
}

fn manufacturing(t: &TreatmentFacts) -> &'static str {
    if t.point_of_care {
        "point_of_care"
    } else {
        "centralised"
    }
}

fn remanufactures(n: u32, detail: JourneyDetail) -> String {
    match (detail, n) {
        (JourneyDetail::Weeks, n) => n.to_string(),
        (_, 0) => "0".into(),
        _ => "1+".into(),
    }
}

/// The group a reason is coarsened to.
fn reason_group(reason: DelayReason) -> &'static str {
    match reason {
        DelayReason::Slot | DelayReason::Shipping | DelayReason::OutOfSpecification => "manufacturing",
        DelayReason::PatientCondition => "patient",
        DelayReason::Other => "other",
    }
}

/// The reasons, space-separated: codes, or their groups once coarsened.
fn reasons(t: &TreatmentFacts, detail: JourneyDetail) -> String {
    let mut out: Vec<&str> = Vec::new();
    for r in &t.delay_reasons {
        let word = match detail {
            JourneyDetail::Weeks => r.as_str(),
            _ => reason_group(*r),
        };
        if !out.contains(&word) {
            out.push(word);
        }
    }
    out.join(" ")
}

/// The released columns of the patient's `ordinal`-th treatment (from 1); `None` withheld.
pub fn columns(t: &TreatmentFacts, ordinal: usize, detail: JourneyDetail) -> Option<[String; 17]> {
    if detail == JourneyDetail::Withheld {
        return None;
    }
    let at = |s: &Step| match detail {
        JourneyDetail::Weeks => s.day.map(|d| week(d).to_string()).unwrap_or_default(),
        _ => String::new(),
    };
    Some([
        ordinal.to_string(),
        t.product.clone(),
        manufacturing(t).into(),
        t.status.clone(),
        at(&t.apheresis),
        t.apheresis.done.to_string(),
        at(&t.release),
        t.release.done.to_string(),
        at(&t.infusion),
        t.infusion.done.to_string(),
        weeks(between(&t.apheresis, &t.release), detail),
        weeks(between(&t.release, &t.infusion), detail),
        weeks(between(&t.apheresis, &t.infusion), detail),
        delay(t.release.delay, detail),
        delay(t.infusion.delay, detail),
        remanufactures(t.remanufactures, detail),
        reasons(t, detail),
    ])
}

/// Everything the patient's journeys rows say, as one value (what the k check compares).
pub fn key(treatments: &[TreatmentFacts], detail: JourneyDetail) -> String {
    treatments
        .iter()
        .enumerate()
        .filter_map(|(i, t)| columns(t, i + 1, detail))
        .map(|c| c.join("|"))
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(v2v: i64, release_delay: i64) -> TreatmentFacts {
        TreatmentFacts {
            product: "axi-cel".into(),
            status: "active".into(),
            apheresis: Step {
                day: Some(-v2v),
                done: true,
                delay: Some(0),
            },
            release: Step {
                day: Some(-v2v + 17 + release_delay),
                done: true,
                delay: Some(release_delay),
            },
            infusion: Step {
                day: Some(0),
                done: true,
                delay: Some(0),
            },
            ..TreatmentFacts::default()
        }
    }

    #[test]
    fn weeks_bands_or_nothing() {
        let t = facts(38, 9);
        let fine = columns(&t, 1, JourneyDetail::Weeks).unwrap();
        assert_eq!(
            fine[2..].to_vec(),
            [
                "centralised",
                "active",
                "-6",
                "true",
                "-2",
                "true",
                "0",
                "true",
                "3",
                "1",
                "5",
                "8-14",
                "none",
                "0",
                ""
            ]
        );
        let coarse = columns(&t, 1, JourneyDetail::Bands).unwrap();
        assert_eq!(
            coarse[2..].to_vec(),
            [
                "centralised",
                "active",
                "",
                "true",
                "",
                "true",
                "",
                "true",
                "0-4",
                "0-4",
                "5-8",
                "late",
                "none",
                "0",
                ""
            ]
        );
        assert_eq!(columns(&t, 1, JourneyDetail::Withheld), None);
    }

    #[test]
    fn durations_wait_for_both_steps_to_be_done() {
        let mut t = facts(38, 0);
        t.infusion.done = false;
        let fine = columns(&t, 2, JourneyDetail::Weeks).unwrap();
        assert_eq!((fine[0].as_str(), fine[11].as_str(), fine[12].as_str()), ("2", "", ""));
    }

    #[test]
    fn manufacturing_facts_are_released_as_codes_and_grouped_once_coarsened() {
        let mut t = facts(38, 9);
        t.point_of_care = true;
        t.remanufactures = 2;
        t.delayed_for(DelayReason::Shipping);
        t.delayed_for(DelayReason::Slot);
        t.delayed_for(DelayReason::Shipping);
        t.delayed_for(DelayReason::PatientCondition);
        assert_eq!(
            t.delay_reasons,
            [DelayReason::Slot, DelayReason::Shipping, DelayReason::PatientCondition]
        );
        let fine = columns(&t, 1, JourneyDetail::Weeks).unwrap();
        assert_eq!(
            (fine[2].as_str(), fine[15].as_str(), fine[16].as_str()),
            ("point_of_care", "2", "slot shipping patient_condition")
        );
        let coarse = columns(&t, 1, JourneyDetail::Bands).unwrap();
        assert_eq!(
            (coarse[15].as_str(), coarse[16].as_str()),
            ("1+", "manufacturing patient")
        );
    }

    #[test]
    fn a_coarser_key_never_tells_apart_what_a_finer_one_groups() {
        let (a, b) = (facts(36, 2), facts(38, 5));
        assert_ne!(
            key(std::slice::from_ref(&a), JourneyDetail::Weeks),
            key(std::slice::from_ref(&b), JourneyDetail::Weeks)
        );
        assert_eq!(
            key(std::slice::from_ref(&a), JourneyDetail::Bands),
            key(&[b], JourneyDetail::Bands)
        );
        assert_eq!(key(&[a], JourneyDetail::Withheld), "");
    }
}
