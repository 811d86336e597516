//! A check-in form's fields as the browser holds them (text, by linkId) and what the page
//! shows from them: which items are hidden, what is wrong with each answer, and what to do
//! now. The one rule for both ways the page runs: drawn by the app's wasm, or served as a
//! plain form whose script asks the small check-in engine (`checkin-engine/`).
use super::{
    answers::{check, enabled, shown_only, AnswerProblem, Answers},
    questionnaire::{Answer, ItemKind, Questionnaire},
};
use crate::domain::triage::{advice_now, Advice, TriageRules};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field's text by linkId: a radio's value, a number as typed, a text area.
pub type Fields = BTreeMap<String, String>;

/// The answer a field's text gives to an item of this kind; none for an empty field or text
/// that is not one (the check then says the item is missing, if it is required).
pub fn answer_from_field(kind: &ItemKind, text: &str) -> Option<Answer> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    // A comma is a decimal point in much of Europe.
    let number = text.replace(',', ".");
    match kind {
        ItemKind::Choice(_) => Some(Answer::Choice(text.to_string())),
        ItemKind::Boolean => text.parse::<bool>().ok().map(Answer::Boolean),
        ItemKind::Integer(_) => number.parse::<i64>().ok().map(Answer::Integer),
        ItemKind::Decimal(_) => number
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Answer::Decimal),
        // Kept as typed: the person's own words.
        ItemKind::String { .. } => Some(Answer::String(text.to_string())),
        ItemKind::Display | ItemKind::Group => None,
    }
}

/// The answers the fields give, to the items that are shown.
pub fn answers_from_fields(q: &Questionnaire, fields: &Fields) -> Answers {
    let answers = fields
        .iter()
        .filter_map(|(link_id, text)| {
            let item = q.item(link_id)?;
            Some((link_id.clone(), answer_from_field(&item.kind, text)?))
        })
        .collect();
    shown_only(q, &answers)
}

/// The fields that give these answers back (`answers_from_fields`): how the form drawn by
/// the wasm keeps a draft in the same shape as the plain form's script, so that either form
/// resumes the other's.
pub fn fields_from_answers(answers: &Answers) -> Fields {
    answers
        .iter()
        .map(|(link_id, answer)| {
            let text = match answer {
                Answer::Choice(code) => code.clone(),
                Answer::Integer(n) => n.to_string(),
                Answer::Decimal(v) => v.to_string(),
                Answer::Boolean(b) => b.to_string(),
                Answer::String(text) => text.clone(),
            };
            (link_id.clone(), text)
        })
        .collect()
}

/// What the page shows for the fields as they are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// What would be sent: the answers to shown items.
    pub answers: Answers,
    /// Items hidden by their `enableWhen`, in the order of the form.
    pub hidden: Vec<String>,
    /// Empty while the person is still answering: problems are shown once they send.
    pub problems: Vec<AnswerProblem>,
    /// What to do now: worked out when sending, even if some answers are missing or wrong (a
    /// red flag must not wait for the rest of the form).
    pub advice: Option<Advice>,
}

/// `sending`: the person pressed "Send", so the answers are checked and triaged.
pub fn assess(
    q: &Questionnaire,
    fields: &Fields,
    rules: &TriageRules,
    fever_threshold_c: Option<f64>,
    sending: bool,
) -> Assessment {
    let answers = answers_from_fields(q, fields);
    let hidden = q
        .all_items()
        .into_iter()
        .filter(|item| !enabled(q, &item.link_id, &answers))
        .map(|item| item.link_id.clone())
        .collect();
    let problems = if sending { check(q, &answers) } else { Vec::new() };
    let advice = sending
        .then(|| advice_now(q, &answers, rules, &[], fever_threshold_c))
        .flatten();
    Assessment {
        answers,
        hidden,
        problems,
        advice,
    }
}

#[cfg(test)]
#[path = "form_fields_tests.rs"]
mod tests;
