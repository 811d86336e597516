//! When each check-in is asked for: windows hung on the timeline's milestones, as data
//! (`app/catalogue/checkins.json`). They are worked out from the timeline every time, so
//! when a milestone moves, its check-ins move with it.
//!
//! Times here are local at the centre (like milestone dates); the server turns them into
//! instants in the centre's time zone.
use super::timepoint;
use crate::domain::timeline::{MilestoneKind, MilestoneStatus, Timeline};
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinSchedule {
    pub version: String,
    pub schedules: Vec<ScheduleRule>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRule {
    pub id: String,
    /// The questionnaire's name (the last segment of its url).
    pub questionnaire: String,
    pub respondent: Respondent,
    /// From this day (inclusive) …
    pub from: Anchor,
    /// … to this day (inclusive).
    pub until: Anchor,
    pub repeat: Repeat,
    /// How long a window stays open after it is due; answered later, it is marked late.
    pub open_hours: u32,
    /// A window due on an apheresis or infusion day moves to a calmer day inside it (see
    /// [`calmer_due`]): for validated mood questionnaires, which such a day would colour.
    #[serde(default)]
    pub avoid_treatment_days: bool,
    /// The nominal timepoint of each window (`timepoint`): one per day of `on_days`, in
    /// order; one for the period a repeating schedule covers.
    pub timepoints: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Respondent {
    /// The patient (a caregiver may answer on their behalf).
    Patient,
    /// The caregiver, about the patient (what they observe).
    CaregiverObserving,
    /// The caregiver, about themselves: their data, never mixed with the patient's.
    CaregiverSelf,
}

/// A day relative to a milestone: `{"milestone": "infusion", "days": 28}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub milestone: String,
    pub days: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Repeat {
    /// At these local times every day (`["08:00", "20:00"]`).
    Daily { times: Vec<String> },
    /// Every `days` days from `from`, at `time`.
    Every { days: u32, time: String },
    /// Once on each of these days (counted from the same milestone as `from`), at `time`:
    /// `[-7, 28, 100, 180, 365]`.
    OnDays { days: Vec<i64>, time: String },
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ScheduleError {
    #[error("the check-in schedule is not valid JSON: {0}")]
    Json(String),
    #[error("schedule '{id}': {problem}")]
    Rule { id: String, problem: String },
}

/// One check-in to answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub schedule: String,
    pub questionnaire: String,
    pub respondent: Respondent,
    /// When it is asked for (local at the centre).
    pub due: NaiveDateTime,
    /// Until when an answer is on time.
    pub closes: NaiveDateTime,
    /// The nominal timepoint an answer to it belongs to.
    pub timepoint: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WindowState {
    Upcoming,
    /// Due and still on time.
    Open,
    /// Past its window with no answer: still accepted, marked late.
    Overdue,
    Answered,
}

fn time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M").ok()
}

impl CheckinSchedule {
    pub fn from_json(text: &str) -> Result<CheckinSchedule, ScheduleError> {
        let schedule: CheckinSchedule = serde_json::from_str(text).map_err(|e| ScheduleError::Json(e.to_string()))?;
        for rule in &schedule.schedules {
            let problem = |p: &str| ScheduleError::Rule {
                id: rule.id.clone(),
                problem: p.to_string(),
            };
            for anchor in [&rule.from, &rule.until] {
                if MilestoneKind::parse(&anchor.milestone).is_none() {
                    return Err(problem(&format!("'{}' is not a milestone", anchor.milestone)));
                }
            }
            let times_ok = match &rule.repeat {
                Repeat::Daily { times } => !times.is_empty() && times.iter().all(|t| time(t).is_some()),
                Repeat::Every { days, time: t } => *days > 0 && time(t).is_some(),
                Repeat::OnDays { days, time: t } => !days.is_empty() && time(t).is_some(),
            };
            if !times_ok {
                return Err(problem("times must read like 08:00, and a repeat needs at least one"));
            }
            if rule.open_hours == 0 {
                return Err(problem("open_hours must be at least 1"));
            }
            let days = match &rule.repeat {
                Repeat::OnDays { days, .. } => Some(days.as_slice()),
                _ => None,
            };
            if let Some(p) = timepoint::names_problem(&rule.timepoints, days) {
                return Err(problem(&p));
            }
        }
        timepoint::one_event_each(
            schedule
                .schedules
                .iter()
                .flat_map(|r| r.timepoints.iter().map(String::as_str)),
        )
        .map_err(|problem| ScheduleError::Rule {
            id: "timepoints".into(),
            problem,
        })?;
        Ok(schedule)
    }

    pub fn builtin() -> Result<CheckinSchedule, ScheduleError> {
        CheckinSchedule::from_json(include_str!("../../../catalogue/checkins.json"))
    }

    /// Every window of the treatment, in order of when it is due. A rule whose milestones
    /// the journey lacks, or has cancelled, asks for nothing.
    pub fn windows(&self, timeline: &Timeline) -> Vec<Window> {
        self.windows_where(timeline, |_| true)
    }

    /// The windows of one questionnaire for one respondent, in the order of [`Self::windows`]:
    /// what a submission is matched against, without working out the other rules' windows.
    pub fn windows_of(&self, timeline: &Timeline, questionnaire: &str, respondent: Respondent) -> Vec<Window> {
        self.windows_where(timeline, |rule| {
            rule.questionnaire == questionnaire && rule.respondent == respondent
        })
    }

    /// The timepoints of the scheduled instruments (those asked on given days), each with
    /// its questionnaire, in the order a patient passes them: by milestone, then day.
    pub fn scheduled_timepoints(&self) -> Vec<(String, String)> {
        let mut named: Vec<(Option<MilestoneKind>, i64, String, String)> = Vec::new();
        for rule in &self.schedules {
            let Repeat::OnDays { days, .. } = &rule.repeat else {
                continue;
            };
            let milestone = MilestoneKind::parse(&rule.from.milestone);
            for (day, name) in days.iter().zip(&rule.timepoints) {
                named.push((milestone, *day, name.clone(), rule.questionnaire.clone()));
            }
        }
        named.sort();
        // Two versions of one rule (an export reads every version) name a timepoint once.
        named.dedup();
        named.into_iter().map(|(_, _, timepoint, q)| (q, timepoint)).collect()
    }

    fn windows_where(&self, timeline: &Timeline, keep: impl Fn(&ScheduleRule) -> bool) -> Vec<Window> {
        let mut windows: Vec<Window> = self
            .schedules
            .iter()
            .filter(|rule| keep(rule))
            .flat_map(|rule| rule_windows(rule, timeline))
            .collect();
        windows.sort_by(|a, b| (a.due, &a.schedule).cmp(&(b.due, &b.schedule)));
        windows
    }
}

fn anchor_date(timeline: &Timeline, anchor: &Anchor) -> Option<NaiveDate> {
    let kind = MilestoneKind::parse(&anchor.milestone)?;
    let milestone = timeline
        .milestones
        .iter()
        .find(|m| m.kind == kind && m.status != MilestoneStatus::Cancelled)?;
    shift(milestone.date(), anchor.days)
}

fn shift(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

/// When a window due at `due` and closing at `closes` is asked for, given the days of
/// treatment to avoid: the first day from `due` on that is none of them, at the same hour,
/// if that is still before the window closes; else `due` itself (asked as planned rather
/// than not at all).
pub fn calmer_due(due: NaiveDateTime, closes: NaiveDateTime, busy: &[NaiveDate]) -> NaiveDateTime {
    let mut moved = due;
    while busy.contains(&moved.date()) {
        moved += TimeDelta::days(1);
        if moved >= closes {
            return due;
        }
    }
    moved
}

/// The days of apheresis and infusion (not cancelled): hard days, and days at the centre.
fn treatment_days(timeline: &Timeline) -> Vec<NaiveDate> {
    timeline
        .milestones
        .iter()
        .filter(|m| matches!(m.kind, MilestoneKind::Apheresis | MilestoneKind::Infusion))
        .filter(|m| m.status != MilestoneStatus::Cancelled)
        .map(|m| m.date())
        .collect()
}

fn rule_windows(rule: &ScheduleRule, timeline: &Timeline) -> Vec<Window> {
    let (Some(from), Some(until)) = (anchor_date(timeline, &rule.from), anchor_date(timeline, &rule.until)) else {
        return Vec::new();
    };
    let busy = if rule.avoid_treatment_days {
        treatment_days(timeline)
    } else {
        Vec::new()
    };
    // Checked when the schedule is read: one name per day given, or one for a repeat.
    let named = |i: usize| {
        rule.timepoints
            .get(i)
            .or(rule.timepoints.first())
            .cloned()
            .unwrap_or_default()
    };
    let window = |due: NaiveDateTime, i: usize| {
        let closes = due + TimeDelta::hours(i64::from(rule.open_hours));
        Window {
            schedule: rule.id.clone(),
            questionnaire: rule.questionnaire.clone(),
            respondent: rule.respondent,
            due: calmer_due(due, closes, &busy),
            closes,
            timepoint: named(i),
        }
    };
    let mut out = Vec::new();
    match &rule.repeat {
        Repeat::Daily { times } => {
            let times: Vec<NaiveTime> = times.iter().filter_map(|t| time(t)).collect();
            for day in from.iter_days().take_while(|d| *d <= until) {
                out.extend(times.iter().map(|t| window(day.and_time(*t), 0)));
            }
        }
        Repeat::Every { days, time: t } => {
            let at = time(t).unwrap_or(NaiveTime::MIN);
            for day in from.iter_days().step_by(*days as usize).take_while(|d| *d <= until) {
                out.push(window(day.and_time(at), 0));
            }
        }
        Repeat::OnDays { days, time: t } => {
            let at = time(t).unwrap_or(NaiveTime::MIN);
            let base = Anchor {
                milestone: rule.from.milestone.clone(),
                days: 0,
            };
            let Some(base) = anchor_date(timeline, &base) else {
                return out;
            };
            for (i, offset) in days.iter().enumerate() {
                if let Some(day) = shift(base, *offset).filter(|d| (from..=until).contains(d)) {
                    out.push(window(day.and_time(at), i));
                }
            }
        }
    }
    out
}

impl Window {
    /// Where the window stands at `now` (local at the centre), given when it was answered.
    pub fn state(&self, now: NaiveDateTime, answered_at: Option<NaiveDateTime>) -> WindowState {
        if answered_at.is_some() {
            WindowState::Answered
        } else if now < self.due {
            WindowState::Upcoming
        } else if now <= self.closes {
            WindowState::Open
        } else {
            WindowState::Overdue
        }
    }

    /// An answer given after the window closed is kept, and marked late.
    pub fn is_late(&self, answered_at: NaiveDateTime) -> bool {
        answered_at > self.closes
    }
}
