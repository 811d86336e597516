//! A flag in words, for the nurse's queue: the answer that raised it, in the nurse's
//! language (`Chills or shaking: yes`, `38.6 °C`, `PHQ-9 total: 21 (severe)`).
use super::evaluate::temperature_c;
use super::rules::{Condition, Rule};
use crate::domain::checkins::{
    answer_in_words,
    score_words::{band_words, scale_words},
    Answer, Answers, Questionnaire, Score,
};
use crate::i18n::{
    dates::{decimal, number_in},
    Locale,
};

/// `yes` and `no` come translated from the caller; `previous` are the scores a rise is
/// measured from.
#[allow(clippy::too_many_arguments)]
pub fn describe(
    rule: &Rule,
    q: &Questionnaire,
    answers: &Answers,
    scores: &[Score],
    previous: &[Score],
    lang: &str,
    yes: &str,
    no: &str,
) -> String {
    let item_text = |link_id: &str| {
        q.item(link_id)
            .map(|i| i.text.in_language(lang).to_string())
            .unwrap_or_else(|| link_id.to_string())
    };
    let answer_text = |link_id: &str| match answers.get(link_id) {
        Some(answer) => answer_in_words(q, link_id, answer, lang, yes, no),
        None => "—".to_string(),
    };
    let title = q.title.in_language(lang);
    let celsius_text = |c: f64| decimal(Locale::parse(lang).unwrap_or_default(), c, 1);
    match &rule.when {
        Condition::Yes { item }
        | Condition::Choice { item, .. }
        | Condition::OrdinalAbove { item, .. }
        | Condition::Written { item } => format!("{}: {}", item_text(item), answer_text(item)),
        Condition::Fever { celsius, fahrenheit } => {
            match (answers.get(fahrenheit), temperature_c(answers, celsius, fahrenheit)) {
                (Some(Answer::Decimal(f)), Some(c)) => format!("{} °F ({} °C)", number_in(lang, *f), celsius_text(c)),
                (_, Some(c)) => format!("{} °C", celsius_text(c)),
                _ => "—".to_string(),
            }
        }
        // Described by the queue from the time of the last diary (services/flags.rs).
        Condition::Silent { .. } => title.to_string(),
        Condition::ScoreRise { scale, .. } => {
            let total = |list: &[Score]| list.iter().find(|s| &s.scale == scale).and_then(|s| s.total);
            match (total(previous), total(scores)) {
                (Some(before), Some(now)) => format!("{title} {}: {before} → {now}", scale_words(lang, scale)),
                _ => format!("{title} {}", scale_words(lang, scale)),
            }
        }
        Condition::ScoreAtLeast { scale, .. } => match scores.iter().find(|s| &s.scale == scale) {
            Some(Score {
                total: Some(total),
                band,
                ..
            }) => match band {
                Some(band) => format!(
                    "{title} {}: {total} ({})",
                    scale_words(lang, scale),
                    band_words(lang, band)
                ),
                None => format!("{title} {}: {total}", scale_words(lang, scale)),
            },
            _ => format!("{title} {}", scale_words(lang, scale)),
        },
    }
}
