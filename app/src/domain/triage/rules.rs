//! Triage rules as data (`app/catalogue/triage.json`): which answers raise a flag, how
//! urgent it is, and what the patient is told at once. Versioned: every stored flag keeps
//! the version of the rules that raised it.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageRules {
    pub version: String,
    /// Used where the centre has not set its own (some use 37.5 °C).
    pub default_fever_threshold_c: f64,
    pub rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// The questionnaire's url or name, or its last path segment (`phq-9`).
    pub questionnaire: String,
    pub level: Level,
    /// What the patient's screen says at once; none for flags that only a nurse needs.
    #[serde(default)]
    pub advice: Option<Advice>,
    pub when: Condition,
}

/// Worst first: the derived order sorts urgent before high before review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Urgent,
    High,
    Review,
}

/// Worst first, as for [`Level`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    /// Call the emergency number (112, or the centre country's), then the care team.
    EmergencyFirst,
    /// Call the care team now, with crisis wording (thoughts of self-harm).
    Crisis,
    /// Call the care team now.
    CallCareTeam,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// A yes/no item answered yes.
    Yes { item: String },
    /// A choice item answered with one of these codes.
    Choice { item: String, codes: Vec<String> },
    /// A choice item whose option's ordinal value is above `value` (PHQ-9 item 9 above 0).
    OrdinalAbove { item: String, value: i64 },
    /// A temperature at or above the centre's fever threshold, typed in °C or in °F.
    Fever { celsius: String, fahrenheit: String },
    /// A scale's total at or above `value`.
    ScoreAtLeast { scale: String, value: i64 },
    /// A scale's total risen by `by` or more since the patient's previous one.
    ScoreRise { scale: String, by: i64 },
    /// A free-text item with words in it (not only spaces): a note a nurse should read.
    Written { item: String },
    /// No answer to the rule's questionnaire for `hours`, between days `from_day` and
    /// `to_day` after infusion: raised by a scheduled job, not by an answer (`silence.rs`).
    Silent { hours: i64, from_day: i64, to_day: i64 },
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Urgent, Level::High, Level::Review];

    /// As stored and as in the rules file.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Urgent => "urgent",
            Level::High => "high",
            Level::Review => "review",
        }
    }

    pub fn parse(value: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == value)
    }
}

impl Condition {
    /// The item the condition reads, for a condition on one item's answer.
    pub fn item(&self) -> Option<&str> {
        match self {
            Condition::Yes { item }
            | Condition::Choice { item, .. }
            | Condition::OrdinalAbove { item, .. }
            | Condition::Written { item } => Some(item),
            _ => None,
        }
    }
}

impl Advice {
    pub const ALL: [Advice; 3] = [Advice::EmergencyFirst, Advice::Crisis, Advice::CallCareTeam];

    /// As stored and as in the rules file.
    pub fn as_str(self) -> &'static str {
        match self {
            Advice::EmergencyFirst => "emergency_first",
            Advice::Crisis => "crisis",
            Advice::CallCareTeam => "call_care_team",
        }
    }

    pub fn parse(value: &str) -> Option<Advice> {
        Advice::ALL.into_iter().find(|a| a.as_str() == value)
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RulesError {
    #[error("the triage rules are not valid JSON: {0}")]
    Json(String),
    #[error("rule '{0}' is defined twice")]
    Duplicate(String),
    #[error("the default fever threshold {0} °C is not a body temperature (35–42)")]
    Threshold(f64),
    #[error("rule '{0}' needs 1 to 168 hours of silence and its first day before its last")]
    Silence(String),
    #[error("there are no triage rules")]
    Empty,
}

impl TriageRules {
    pub fn from_json(text: &str) -> Result<TriageRules, RulesError> {
        let rules: TriageRules = serde_json::from_str(text).map_err(|e| RulesError::Json(e.to_string()))?;
        if rules.rules.is_empty() {
            return Err(RulesError::Empty);
        }
        if let Some(rule) = rules.rules.iter().find(|r| match r.when {
            Condition::Silent {
                hours,
                from_day,
                to_day,
            } => !(1..=168).contains(&hours) || from_day > to_day,
            _ => false,
        }) {
            return Err(RulesError::Silence(rule.id.clone()));
        }
        if !(35.0..=42.0).contains(&rules.default_fever_threshold_c) {
            return Err(RulesError::Threshold(rules.default_fever_threshold_c));
        }
        for (i, rule) in rules.rules.iter().enumerate() {
            if rules.rules[..i].iter().any(|r| r.id == rule.id) {
                return Err(RulesError::Duplicate(rule.id.clone()));
            }
        }
        Ok(rules)
    }

    /// Only the rules of one questionnaire (what a check-in page triages with).
    pub fn of_questionnaire(&self, questionnaire_id: &str) -> TriageRules {
        TriageRules {
            version: self.version.clone(),
            default_fever_threshold_c: self.default_fever_threshold_c,
            rules: self
                .rules
                .iter()
                .filter(|r| r.applies_to(questionnaire_id))
                .cloned()
                .collect(),
        }
    }

    /// The rules that ship with the app.
    pub fn builtin() -> Result<TriageRules, RulesError> {
        TriageRules::from_json(include_str!("../../../catalogue/triage.json"))
    }
}

impl Rule {
    pub fn applies_to(&self, questionnaire_id: &str) -> bool {
        questionnaire_id == self.questionnaire || questionnaire_id.ends_with(&format!("/{}", self.questionnaire))
    }
}
