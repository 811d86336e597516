//! An answer's time as an export releases it: the nominal timepoint of the window it
//! answered, as the schedule named it and the answer keeps it (`checkins::timepoint`:
//! baseline, D28, D100, D180, D365, Y2 … Y15, a repeating schedule's period, or
//! `unscheduled`), its week from the patient's anchor and the whole weeks it came after its
//! window was due. Never the day: days date a patient once the export's cut is known.
//!
//! Answers stored before answers kept their timepoint have none: they are placed by their
//! day from infusion, in the windows below (the follow-up visits CAR-T studies report).
use crate::domain::checkins::timepoint::UNSCHEDULED;
use serde::{Deserialize, Serialize};

/// The timepoints after baseline, each with its nominal day from infusion and the last day
/// of its window (windows meet halfway between nominal days; `acute` is days 0–20, the
/// daily diary's weeks).
const WINDOWS: [(&str, i64, i64); 5] = [
    ("acute", 7, 20),
    ("D28", 28, 63),
    ("D100", 100, 139),
    ("D180", 180, 272),
    ("D365", 365, 547),
];
const LAST_YEAR: i64 = 15;

/// The timepoint of a day counted from infusion, for an answer stored without one: before
/// it, or with no infusion yet, `baseline`. Past day 547, yearly: `Y2` holds days 548–912
/// and so on, `after-Y15` beyond.
pub fn timepoint_by_day(days_from_infusion: Option<i64>) -> String {
    let Some(day) = days_from_infusion.filter(|d| *d >= 0) else {
        return "baseline".into();
    };
    if let Some((name, _, _)) = WINDOWS.iter().find(|(_, _, last)| day <= *last) {
        return (*name).into();
    }
    // Year n holds the days nearer 365·n than its neighbours.
    let year = (day + 182) / 365;
    if year > LAST_YEAR {
        "after-Y15".into()
    } else {
        format!("Y{year}")
    }
}

/// The day a timepoint stands for, from infusion (none for baseline and after Y15): what a
/// timepoint analysis takes each answer's day to be.
pub fn nominal_day(timepoint: &str) -> Option<i64> {
    if let Some((_, day, _)) = WINDOWS.iter().find(|(name, _, _)| *name == timepoint) {
        return Some(*day);
    }
    let year: i64 = timepoint.strip_prefix('Y')?.parse().ok()?;
    (2..=LAST_YEAR).contains(&year).then_some(year * 365)
}

/// How far an answer's true day lies from its timepoint's nominal day, in days: what a
/// timepoint analysis gets wrong by taking every answer as given on the nominal day. `None`
/// for timepoints without one (baseline, after Y15).
pub fn timepoint_error(days_from_infusion: i64) -> Option<i64> {
    nominal_day(&timepoint_by_day(Some(days_from_infusion))).map(|nominal| (days_from_infusion - nominal).abs())
}

/// The median and 90th percentile of the errors, rounded to whole weeks (in days: an exact
/// order statistic, compared month to month, would say a little about the new answers);
/// `None` for none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorSpread {
    pub median: i64,
    pub p90: i64,
}

pub fn spread(mut errors: Vec<i64>) -> Option<ErrorSpread> {
    if errors.is_empty() {
        return None;
    }
    errors.sort_unstable();
    let at = |q: usize| (errors[(errors.len() - 1) * q / 100] + 3) / 7 * 7;
    Some(ErrorSpread {
        median: at(50),
        p90: at(90),
    })
}

/// Whole weeks from the anchor: week 0 is days 0–6, week -1 days -7 to -1.
pub fn week(day_from_anchor: i64) -> i64 {
    day_from_anchor.div_euclid(7)
}

/// When an answer came, as stored: its day from the anchor, the timepoint of the window it
/// answered and that window's due day from the anchor (either none for an answer stored
/// before answers kept them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answered<'a> {
    pub day: i64,
    pub timepoint: Option<&'a str>,
    pub due_day: Option<i64>,
}

impl Answered<'_> {
    /// An answer known by its day alone.
    pub fn on_day(day: i64) -> Answered<'static> {
        Answered {
            day,
            timepoint: None,
            due_day: None,
        }
    }

    /// How many days the answer lies from the day its window was due, or, stored without
    /// one, from its timepoint's nominal day: what a timepoint analysis gets wrong by taking
    /// every answer as given on that day. `None` unscheduled, or with no day to compare.
    pub fn error(&self, infusion_day: Option<i64>) -> Option<i64> {
        if self.timepoint == Some(UNSCHEDULED) {
            return None;
        }
        match self.due_day {
            Some(due) => Some((self.day - due).abs()),
            None => infusion_day.and_then(|i| timepoint_error(self.day - i)),
        }
    }
}

/// One answer's time as released, with the instrument answered.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AnswerTime {
    pub instrument: String,
    pub timepoint: String,
    pub week: i64,
    /// Whole weeks from the day its window was due (0 within a week); none unscheduled.
    pub weeks_after_due: Option<i64>,
}

impl AnswerTime {
    /// `infusion_day`, the infusion's day from the anchor: what places an answer stored
    /// without a timepoint.
    pub fn of(instrument: &str, answered: Answered<'_>, infusion_day: Option<i64>) -> AnswerTime {
        let timepoint = match answered.timepoint {
            Some(name) => name.to_string(),
            None => timepoint_by_day(infusion_day.map(|i| answered.day - i)),
        };
        // Only from the window the answer keeps: one placed by its day may lie in another.
        let weeks_after_due = answered
            .due_day
            .filter(|_| answered.timepoint.is_some_and(|t| t != UNSCHEDULED))
            .map(|due| week((answered.day - due).max(0)));
        AnswerTime {
            instrument: instrument.to_string(),
            timepoint,
            week: week(answered.day),
            weeks_after_due,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_fall_in_the_window_of_their_timepoint() {
        let cases = [
            (None, "baseline"),
            (Some(-1), "baseline"),
            (Some(0), "acute"),
            (Some(20), "acute"),
            (Some(21), "D28"),
            (Some(63), "D28"),
            (Some(64), "D100"),
            (Some(139), "D100"),
            (Some(140), "D180"),
            (Some(272), "D180"),
            (Some(273), "D365"),
            (Some(547), "D365"),
            (Some(548), "Y2"),
            (Some(912), "Y2"),
            (Some(913), "Y3"),
            (Some(15 * 365 + 182), "Y15"),
            (Some(15 * 365 + 183), "after-Y15"),
        ];
        for (day, name) in cases {
            assert_eq!(timepoint_by_day(day), name, "{day:?}");
        }
    }

    #[test]
    fn every_timepoint_holds_its_nominal_day() {
        for name in ["acute", "D28", "D100", "D180", "D365", "Y2", "Y7", "Y15"] {
            let day = nominal_day(name).expect(name);
            assert_eq!(timepoint_by_day(Some(day)), name);
        }
        assert_eq!(nominal_day("baseline"), None);
        assert_eq!(nominal_day("after-Y15"), None);
        assert_eq!(nominal_day("Y16"), None);
    }

    #[test]
    fn the_error_is_the_distance_to_the_nominal_day() {
        assert_eq!(timepoint_error(28), Some(0));
        assert_eq!(timepoint_error(35), Some(7));
        assert_eq!(timepoint_error(64), Some(36), "D100's window opens on day 64");
        assert_eq!(timepoint_error(-3), None);
        assert_eq!(spread(vec![]), None);
        assert_eq!(spread(vec![9, 1, 3, 0, 20]), Some(ErrorSpread { median: 0, p90: 7 }));
        assert_eq!(spread(vec![4, 11]), Some(ErrorSpread { median: 7, p90: 7 }));
    }

    #[test]
    fn weeks_count_whole_weeks_either_side_of_the_anchor() {
        let weeks: Vec<i64> = [-8, -7, -1, 0, 6, 7, 27, 28].into_iter().map(week).collect();
        assert_eq!(weeks, [-2, -1, -1, 0, 0, 1, 3, 4]);
        let a = AnswerTime::of("phq-9", Answered::on_day(30), Some(2));
        assert_eq!((a.timepoint.as_str(), a.week, a.weeks_after_due), ("D28", 4, None));
        let before = AnswerTime::of("phq-9", Answered::on_day(0), None);
        assert_eq!((before.timepoint.as_str(), before.week), ("baseline", 0));
    }

    #[test]
    fn an_answer_keeps_the_timepoint_of_its_window_whatever_day_it_came() {
        // Infused on day 0: day 75 would be D100 by the day, but it answered D28's window,
        // due on day 30, six weeks late.
        let late = Answered {
            day: 75,
            timepoint: Some("D28"),
            due_day: Some(30),
        };
        let a = AnswerTime::of("phq-9", late, Some(0));
        assert_eq!((a.timepoint.as_str(), a.week, a.weeks_after_due), ("D28", 10, Some(6)));
        assert_eq!(late.error(Some(0)), Some(45));
        // Due within the hour, answered the evening before: not negative.
        let early = Answered {
            day: 29,
            timepoint: Some("D28"),
            due_day: Some(30),
        };
        assert_eq!(AnswerTime::of("phq-9", early, Some(0)).weeks_after_due, Some(0));
        let outside = Answered {
            day: 12,
            timepoint: Some(UNSCHEDULED),
            due_day: None,
        };
        let u = AnswerTime::of("phq-9", outside, Some(0));
        assert_eq!((u.timepoint.as_str(), u.weeks_after_due), (UNSCHEDULED, None));
        assert_eq!(outside.error(Some(0)), None);
        // Stored before answers kept their timepoint: placed by its day from infusion, and
        // never said late against a window it may not be in.
        assert_eq!(Answered::on_day(35).error(Some(0)), Some(7));
        let old = Answered {
            day: 75,
            timepoint: None,
            due_day: Some(30),
        };
        assert_eq!(AnswerTime::of("phq-9", old, Some(0)).weeks_after_due, None);
    }
}
