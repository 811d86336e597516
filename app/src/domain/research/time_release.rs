//! Time and journeys under the k check, per export. Everything a patient's rows say of time
//! (how many answers, to which instrument and version, by whom, at which timepoint and week;
//! each treatment's journey) joins
//! their `patients.csv` record and whatever earlier exports showed of them in one key, and
//! every key released is shared by at least k patients. So whatever an attacker computes
//! from the released rows (a first week, a last week dated from the cut, a pattern of
//! timepoints, a link to another project's release) is the same for k patients.
//!
//! Levels, finest first, each tried only for the patients still short. The record is as
//! approved, or coarse (20-year age band, region, year): answers matter more to the science
//! than a finer age band, so a coarser record is tried before answers are withheld.
//! 0. record as approved; answers with timepoint, week and weeks after due; journeys in weeks;
//! 1. as approved; answers with timepoint only; journeys in weeks;
//! 2. as approved; timepoints; journeys in bands;
//! 3. as approved; timepoints; journeys withheld;
//! 4. coarse record; timepoints; journeys in bands;
//! 5. coarse record; timepoints; journeys withheld;
//! 6. as approved; answers withheld; journeys in bands;
//! 7. as approved; answers and journeys withheld;
//! 8. coarse record; answers and journeys withheld.
//!
//! A patient short even at the last level (their group shrank as others withdrew consent, or
//! its other members were settled at finer levels) is left out of this export. How many sit
//! at each level is the science's cost, given rounded in the export's summary.
use super::journey_release::{self, JourneyDetail, TreatmentFacts};
use super::timepoints::AnswerTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AnswerDetail {
    Weeks,
    Timepoints,
    Withheld,
}

/// How much of a patient's time an export releases, and how coarse their record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Level {
    pub coarse_record: bool,
    pub answers: AnswerDetail,
    pub journeys: JourneyDetail,
}

const fn level(coarse_record: bool, answers: AnswerDetail, journeys: JourneyDetail) -> Level {
    Level {
        coarse_record,
        answers,
        journeys,
    }
}

pub const LEVELS: [Level; 9] = [
    level(false, AnswerDetail::Weeks, JourneyDetail::Weeks),
    level(false, AnswerDetail::Timepoints, JourneyDetail::Weeks),
    level(false, AnswerDetail::Timepoints, JourneyDetail::Bands),
    level(false, AnswerDetail::Timepoints, JourneyDetail::Withheld),
    level(true, AnswerDetail::Timepoints, JourneyDetail::Bands),
    level(true, AnswerDetail::Timepoints, JourneyDetail::Withheld),
    level(false, AnswerDetail::Withheld, JourneyDetail::Bands),
    level(false, AnswerDetail::Withheld, JourneyDetail::Withheld),
    level(true, AnswerDetail::Withheld, JourneyDetail::Withheld),
];

/// The level releasing nothing new; also what an export's members hold until checked.
pub const NOTHING: usize = LEVELS.len() - 1;

impl Level {
    /// The level stored as its index; an unknown one releases nothing new.
    pub fn at(index: i64) -> Level {
        usize::try_from(index)
            .ok()
            .and_then(|i| LEVELS.get(i))
            .copied()
            .unwrap_or(LEVELS[NOTHING])
    }

    /// How one answer's time is written: timepoint, week and weeks after due, empty where
    /// not released; `None` when the answer is withheld.
    pub fn answer_columns(self, time: &AnswerTime) -> Option<[String; 3]> {
        match self.answers {
            AnswerDetail::Weeks => Some([
                time.timepoint.clone(),
                time.week.to_string(),
                time.weeks_after_due.map(|w| w.to_string()).unwrap_or_default(),
            ]),
            AnswerDetail::Timepoints => Some([time.timepoint.clone(), String::new(), String::new()]),
            AnswerDetail::Withheld => None,
        }
    }
}

/// One patient's time, as the export would show it at its finest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeQuasi {
    /// What earlier exports released of them, as one value.
    pub released_before: String,
    /// Their `patients.csv` record as approved, and coarse (`Release::coarse`), as written.
    pub record: (String, String),
    pub answers: Vec<AnswerTime>,
    pub treatments: Vec<TreatmentFacts>,
}

/// Everything the patient's rows say at a level, with what was released before.
pub fn key(q: &TimeQuasi, level: Level) -> String {
    // Counted, not only listed: how many diary rows a week holds dates the cut as well.
    let mut answers: BTreeMap<(String, String), usize> = BTreeMap::new();
    for a in &q.answers {
        if let Some([t, w, late]) = level.answer_columns(a) {
            *answers
                .entry((format!("{}@{t}", a.instrument), format!("{w}+{late}")))
                .or_default() += 1;
        }
    }
    let answers: Vec<String> = answers.into_iter().map(|((a, w), n)| format!("{a}#{w}x{n}")).collect();
    let record = if level.coarse_record { &q.record.1 } else { &q.record.0 };
    format!(
        "{}\n{record}\n{}\n{}",
        q.released_before,
        journey_release::key(&q.treatments, level.journeys),
        answers.join(" ")
    )
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeSummary {
    /// Patients released at each level, finest first.
    pub by_level: Vec<usize>,
    /// Left out of the export: short even at the last level.
    pub suppressed: usize,
}

/// Each patient's level (an index into `LEVELS`; `None`: left out) and key, in the order
/// given.
pub struct TimeRelease {
    pub levels: Vec<Option<usize>>,
    pub keys: Vec<String>,
    pub summary: TimeSummary,
}

/// Chooses each patient's level: the finest at which their key is shared by k patients,
/// counting those settled at the same level; `k` below 1 counts as 1.
pub fn choose(records: &[TimeQuasi], k: usize) -> TimeRelease {
    let k = k.max(1);
    let mut levels = vec![None; records.len()];
    let mut keys = vec![String::new(); records.len()];
    let mut short: Vec<usize> = (0..records.len()).collect();
    for (index, level) in LEVELS.iter().enumerate() {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for i in short.drain(..) {
            groups.entry(key(&records[i], *level)).or_default().push(i);
        }
        for (group_key, members) in groups {
            if members.len() < k {
                short.extend(members);
                continue;
            }
            for i in members {
                levels[i] = Some(index);
                keys[i] = group_key.clone();
            }
        }
    }
    let mut by_level = vec![0; LEVELS.len()];
    for l in levels.iter().flatten() {
        by_level[*l] += 1;
    }
    TimeRelease {
        levels,
        keys,
        summary: TimeSummary {
            by_level,
            suppressed: short.len(),
        },
    }
}

#[cfg(test)]
#[path = "time_release_tests.rs"]
mod tests;
