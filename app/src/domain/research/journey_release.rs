//! A treatment's journey as `journeys.csv` releases it, as the data stood at the export's cut:
//! in weeks (`Weeks`), in bands (`Bands`), or not at all (`Withheld`), as coarse as the k
//! check needs (`time_release`). Never a day: a journey's days, with the cut, date it.
use super::timepoints::week;
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

/// The released columns of the patient's `ordinal`-th treatment (from 1); `None` withheld.
pub fn columns(t: &TreatmentFacts, ordinal: usize, detail: JourneyDetail) -> Option<[String; 13]> {
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
        t.status.clone(),
        at(&t.apheresis),
        t.apheresis.done.to_string(),
        at(&t.release),
        t.release.done.to_string(),
        at(&t.infusion),
        t.infusion.done.to_string(),
        weeks(between(&t.apheresis, &t.release), detail),
        weeks(between(&t.apheresis, &t.infusion), detail),
        delay(t.release.delay, detail),
        delay(t.infusion.delay, detail),
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
        }
    }

    #[test]
    fn weeks_bands_or_nothing() {
        let t = facts(38, 9);
        let fine = columns(&t, 1, JourneyDetail::Weeks).unwrap();
        assert_eq!(
            fine[3..].to_vec(),
            ["-6", "true", "-2", "true", "0", "true", "3", "5", "8-14", "none"]
        );
        let coarse = columns(&t, 1, JourneyDetail::Bands).unwrap();
        assert_eq!(
            coarse[3..].to_vec(),
            ["", "true", "", "true", "", "true", "0-4", "5-8", "late", "none"]
        );
        assert_eq!(columns(&t, 1, JourneyDetail::Withheld), None);
    }

    #[test]
    fn durations_wait_for_both_steps_to_be_done() {
        let mut t = facts(38, 0);
        t.infusion.done = false;
        let fine = columns(&t, 2, JourneyDetail::Weeks).unwrap();
        assert_eq!((fine[0].as_str(), fine[10].as_str()), ("2", ""));
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
