//! The reminder rules: when each reminder is due, relative to a milestone or a check-in
//! window, whom it is for, and its words in every language.
use super::quiet::QuietHours;
use crate::domain::{checkins::schedule::Anchor, timeline::MilestoneKind};
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every reminder is written in each of these.
pub const LANGUAGES: [&str; 4] = ["en", "fr", "nl", "de"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderCatalogue {
    pub version: String,
    /// The default; each person may set their own.
    pub quiet_hours: QuietHours,
    pub rules: Vec<ReminderRule>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReminderRule {
    pub id: String,
    pub kind: ReminderKind,
    pub audience: Vec<Audience>,
    pub when: When,
    /// How long the reminder is worth delivering (the push TTL); after that it is dropped.
    pub useful_hours: u32,
    /// Title and body per language; `{step}`, `{date}`, `{time}` and `{checkin}` are filled in.
    pub title: BTreeMap<String, String>,
    pub body: BTreeMap<String, String>,
}

/// What a person may switch off, by kind. Urgent alerts cannot be switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Appointments,
    Checkins,
    Temperature,
    Restrictions,
    PlanChanges,
    /// The care team replied to a message ("Ask the team").
    Messages,
    /// A nurse's alert about an urgent flag: never held by quiet hours, never switched off.
    Urgent,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 7] = [
        ReminderKind::Appointments,
        ReminderKind::Checkins,
        ReminderKind::Temperature,
        ReminderKind::Restrictions,
        ReminderKind::PlanChanges,
        ReminderKind::Messages,
        ReminderKind::Urgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Appointments => "appointments",
            ReminderKind::Checkins => "checkins",
            ReminderKind::Temperature => "temperature",
            ReminderKind::Restrictions => "restrictions",
            ReminderKind::PlanChanges => "plan_changes",
            ReminderKind::Messages => "messages",
            ReminderKind::Urgent => "urgent",
        }
    }

    pub fn parse(text: &str) -> Option<ReminderKind> {
        ReminderKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn may_be_switched_off(self) -> bool {
        self != ReminderKind::Urgent
    }

    pub fn is_urgent(self) -> bool {
        self == ReminderKind::Urgent
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Patient,
    Caregiver,
    /// The nurses of the patient's centre.
    Nurses,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum When {
    /// Days from each milestone of this kind (every follow-up visit, say), at a local time.
    Milestone { milestone: String, days: i64, time: String },
    /// At these local times every day from one day to another (inclusive).
    Daily {
        from: Anchor,
        until: Anchor,
        times: Vec<String>,
    },
    /// When a check-in window opens (all schedules but those skipped).
    WindowOpens {
        #[serde(default)]
        skip_schedules: Vec<String>,
        /// Only these schedules' windows (a site's reminder for its own schedule).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        only_schedules: Vec<String>,
    },
    /// This long before a check-in window closes, if it is still unanswered then.
    WindowClosing {
        hours_before: u32,
        #[serde(default)]
        skip_schedules: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        only_schedules: Vec<String>,
    },
    /// Sent by the server when it happens (a plan change, an urgent flag), not planned.
    OnEvent,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RulesError {
    #[error("the reminder rules are not valid JSON: {0}")]
    Json(String),
    #[error("reminder rule '{id}': {problem}")]
    Rule { id: String, problem: String },
}

pub(crate) fn local_time(value: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M").ok()
}

impl ReminderCatalogue {
    pub fn from_json(text: &str) -> Result<ReminderCatalogue, RulesError> {
        let catalogue: ReminderCatalogue = serde_json::from_str(text).map_err(|e| RulesError::Json(e.to_string()))?;
        let mut seen = std::collections::BTreeSet::new();
        for rule in &catalogue.rules {
            let problem = |p: String| RulesError::Rule {
                id: rule.id.clone(),
                problem: p,
            };
            if !seen.insert(rule.id.as_str()) {
                return Err(problem("the id is used twice".into()));
            }
            if rule.audience.is_empty() {
                return Err(problem("it is for no one: name an audience".into()));
            }
            if rule.useful_hours == 0 {
                return Err(problem("useful_hours must be at least 1".into()));
            }
            for lang in LANGUAGES {
                for (what, texts) in [("title", &rule.title), ("body", &rule.body)] {
                    if texts.get(lang).is_none_or(|t| t.trim().is_empty()) {
                        return Err(problem(format!("the {what} has no '{lang}' text")));
                    }
                }
            }
            let milestone = |name: &str| {
                MilestoneKind::parse(name)
                    .map(|_| ())
                    .ok_or_else(|| problem(format!("'{name}' is not a milestone")))
            };
            let time = |t: &str| {
                local_time(t)
                    .map(|_| ())
                    .ok_or_else(|| problem(format!("'{t}' is not a time like 08:00")))
            };
            match &rule.when {
                When::Milestone {
                    milestone: m, time: t, ..
                } => {
                    milestone(m)?;
                    time(t)?;
                }
                When::Daily { from, until, times } => {
                    milestone(&from.milestone)?;
                    milestone(&until.milestone)?;
                    if times.is_empty() {
                        return Err(problem("a daily reminder needs at least one time".into()));
                    }
                    times.iter().try_for_each(|t| time(t))?;
                }
                When::WindowOpens { .. } | When::OnEvent => {}
                When::WindowClosing { hours_before, .. } => {
                    if *hours_before == 0 {
                        return Err(problem("hours_before must be at least 1".into()));
                    }
                }
            }
            if rule.kind.is_urgent() != (rule.when == When::OnEvent && rule.audience == [Audience::Nurses]) {
                return Err(problem(
                    "urgent reminders are the nurses' alerts, sent on the event".into(),
                ));
            }
        }
        Ok(catalogue)
    }

    pub fn builtin() -> Result<ReminderCatalogue, RulesError> {
        ReminderCatalogue::from_json(include_str!("../../../catalogue/reminders.json"))
    }

    pub fn rule(&self, id: &str) -> Option<&ReminderRule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

impl ReminderRule {
    /// The title and body in this language (English when it has none), with the
    /// placeholders filled in.
    pub fn words(&self, lang: &str, fill: &[(&str, &str)]) -> (String, String) {
        let pick = |texts: &BTreeMap<String, String>| {
            let mut text = texts.get(lang).or_else(|| texts.get("en")).cloned().unwrap_or_default();
            for (key, value) in fill {
                text = text.replace(&format!("{{{key}}}"), value);
            }
            text
        };
        (pick(&self.title), pick(&self.body))
    }
}
