//! A flag in words, for the nurse's queue: the answer that raised it, in the nurse's
//! language (`Chills or shaking: yes`, `38.6 °C`, `PHQ-9 total: 21 (severe)`).
use super::evaluate::temperature_c;
use super::rules::{Condition, Rule};
use crate::domain::checkins::{Answer, Answers, ItemKind, Questionnaire, Score};

/// `yes` and `no` come translated from the caller.
pub fn describe(
    rule: &Rule,
    q: &Questionnaire,
    answers: &Answers,
    scores: &[Score],
    lang: &str,
    yes: &str,
    no: &str,
) -> String {
    let item_text = |link_id: &str| {
        q.item(link_id)
            .map(|i| i.text.in_language(lang).to_string())
            .unwrap_or_else(|| link_id.to_string())
    };
    let answer_text = |link_id: &str| match (answers.get(link_id), q.item(link_id).map(|i| &i.kind)) {
        (Some(Answer::Boolean(true)), _) => yes.to_string(),
        (Some(Answer::Boolean(false)), _) => no.to_string(),
        (Some(Answer::Choice(code)), Some(ItemKind::Choice(options))) => options
            .iter()
            .find(|o| &o.code == code)
            .map(|o| o.display.in_language(lang).to_string())
            .unwrap_or_else(|| code.clone()),
        (Some(Answer::Decimal(v)), _) => format!("{v}"),
        (Some(Answer::Integer(v)), _) => v.to_string(),
        (Some(Answer::String(s)), _) => s.clone(),
        (Some(Answer::Choice(code)), _) => code.clone(),
        (None, _) => "—".to_string(),
    };
    let title = q.title.in_language(lang);
    match &rule.when {
        Condition::Yes { item } | Condition::Choice { item, .. } | Condition::OrdinalAbove { item, .. } => {
            format!("{}: {}", item_text(item), answer_text(item))
        }
        Condition::Fever { celsius, fahrenheit } => {
            match (answers.get(fahrenheit), temperature_c(answers, celsius, fahrenheit)) {
                (Some(Answer::Decimal(f)), Some(c)) => format!("{f} °F ({c:.1} °C)"),
                (_, Some(c)) => format!("{c:.1} °C"),
                _ => "—".to_string(),
            }
        }
        Condition::ScoreAtLeast { scale, .. } | Condition::ScoreRise { scale, .. } => {
            match scores.iter().find(|s| &s.scale == scale) {
                Some(Score {
                    total: Some(total),
                    band,
                    ..
                }) => match band {
                    Some(band) => format!("{title} {scale}: {total} ({})", band.replace('_', " ")),
                    None => format!("{title} {scale}: {total}"),
                },
                _ => format!("{title} {scale}"),
            }
        }
    }
}
