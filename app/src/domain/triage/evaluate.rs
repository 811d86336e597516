//! Applying the rules to one response. Pure and fast: the browser runs it before sending,
//! to tell the patient at once what to do; the server runs it again and stores the flags.
use super::rules::{Advice, Condition, Level, TriageRules};
use crate::domain::checkins::{Answer, Answers, ItemKind, Questionnaire, Score};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub rule: String,
    pub level: Level,
    pub advice: Option<Advice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    /// Worst first.
    pub flags: Vec<Flag>,
    pub rules_version: String,
}

impl Triage {
    pub fn level(&self) -> Option<Level> {
        self.flags.iter().map(|f| f.level).min()
    }

    /// What the screen must say now: the most pressing advice of any flag.
    pub fn advice(&self) -> Option<Advice> {
        self.flags.iter().filter_map(|f| f.advice).min()
    }
}

/// What the screen must say at once for these answers, worked out in the browser before
/// (and even without) sending them; the server triages again when it stores them.
pub fn advice_now(
    q: &Questionnaire,
    answers: &Answers,
    rules: &TriageRules,
    previous: &[Score],
    fever_threshold_c: Option<f64>,
) -> Option<Advice> {
    let scores = crate::domain::checkins::score_all(q, answers);
    let response = Response {
        questionnaire: q,
        answers,
        scores: &scores,
        previous,
        fever_threshold_c,
    };
    triage(rules, &response).advice()
}

/// One response's facts, as triage needs them.
pub struct Response<'a> {
    pub questionnaire: &'a Questionnaire,
    pub answers: &'a Answers,
    pub scores: &'a [Score],
    /// The patient's previous scores on the same questionnaire, if any.
    pub previous: &'a [Score],
    /// The centre's own threshold, if it set one.
    pub fever_threshold_c: Option<f64>,
}

pub fn triage(rules: &TriageRules, response: &Response<'_>) -> Triage {
    let threshold = response.fever_threshold_c.unwrap_or(rules.default_fever_threshold_c);
    let mut flags: Vec<Flag> = rules
        .rules
        .iter()
        .filter(|rule| rule.applies_to(&response.questionnaire.id))
        .filter(|rule| holds(&rule.when, response, threshold))
        .map(|rule| Flag {
            rule: rule.id.clone(),
            level: rule.level,
            advice: rule.advice,
        })
        .collect();
    flags.sort_by_key(|f| (f.level, f.advice.is_none(), f.advice));
    Triage {
        flags,
        rules_version: rules.version.clone(),
    }
}

fn holds(condition: &Condition, r: &Response<'_>, threshold_c: f64) -> bool {
    let total = |scores: &[Score], scale: &str| scores.iter().find(|s| s.scale == scale).and_then(|s| s.total);
    match condition {
        Condition::Yes { item } => r.answers.get(item) == Some(&Answer::Boolean(true)),
        Condition::Choice { item, codes } => {
            matches!(r.answers.get(item), Some(Answer::Choice(code)) if codes.contains(code))
        }
        Condition::OrdinalAbove { item, value } => ordinal(r, item).is_some_and(|o| o > *value),
        Condition::Fever { celsius, fahrenheit } => {
            temperature_c(r.answers, celsius, fahrenheit).is_some_and(|t| t >= threshold_c)
        }
        Condition::ScoreAtLeast { scale, value } => total(r.scores, scale).is_some_and(|t| t >= *value),
        Condition::ScoreRise { scale, by } => match (total(r.scores, scale), total(r.previous, scale)) {
            (Some(now), Some(before)) => now - before >= *by,
            _ => false,
        },
        Condition::Written { item } => matches!(r.answers.get(item), Some(Answer::String(s)) if !s.trim().is_empty()),
        // An absence of answers: the silence watch raises it, never an answer.
        Condition::Silent { .. } => false,
    }
}

fn ordinal(r: &Response<'_>, link_id: &str) -> Option<i64> {
    let Some(Answer::Choice(code)) = r.answers.get(link_id) else {
        return None;
    };
    match &r.questionnaire.item(link_id)?.kind {
        ItemKind::Choice(options) => options.iter().find(|o| &o.code == code)?.ordinal,
        _ => None,
    }
}

/// The temperature in °C, to a hundredth (so that 100.4 °F is exactly 38.00 °C).
pub fn temperature_c(answers: &Answers, celsius: &str, fahrenheit: &str) -> Option<f64> {
    let number = |link_id: &str| match answers.get(link_id)? {
        Answer::Decimal(v) => Some(*v),
        Answer::Integer(v) => Some(*v as f64),
        _ => None,
    };
    let c = number(celsius).or_else(|| number(fahrenheit).map(|f| (f - 32.0) * 5.0 / 9.0))?;
    Some((c * 100.0).round() / 100.0)
}
