//! Scores: the sum of the ordinal values of a scale's items, its severity band, and whether
//! it screens positive. The same code runs in the browser (to show the result at once) and
//! on the server (which stores it).
//!
//! Missing items: a scale is scored only when at most `max_missing` of its items are
//! unanswered (an item hidden by `enableWhen` counts as unanswered). Each missing item then
//! counts as the mean of the answered ones, and the total is rounded half up. With more
//! missing, the scale has no score, and says how many were missing.
use super::answers::Answers;
use super::questionnaire::{Answer, ItemKind, Questionnaire, Scale};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub scale: String,
    /// `None` when too many items were missing to score.
    pub total: Option<i64>,
    pub band: Option<String>,
    pub positive: Option<bool>,
    pub missing: usize,
}

pub fn score_all(q: &Questionnaire, answers: &Answers) -> Vec<Score> {
    q.scales.iter().map(|scale| score(q, scale, answers)).collect()
}

pub fn score(q: &Questionnaire, scale: &Scale, answers: &Answers) -> Score {
    let values: Vec<Option<i64>> = scale.items.iter().map(|link_id| ordinal(q, link_id, answers)).collect();
    let answered: Vec<i64> = values.iter().flatten().copied().collect();
    let missing = values.len() - answered.len();
    let total = if answered.is_empty() || missing > scale.max_missing {
        None
    } else if missing == 0 {
        Some(answered.iter().sum())
    } else {
        // sum × n / answered, rounded half up, in integers: (2·sum·n + answered) / (2·answered).
        let (sum, n, k) = (answered.iter().sum::<i64>(), values.len() as i64, answered.len() as i64);
        Some((2 * sum * n + k) / (2 * k))
    };
    Score {
        scale: scale.id.clone(),
        band: total.and_then(|t| {
            scale
                .bands
                .iter()
                .find(|b| b.min <= t && t <= b.max)
                .map(|b| b.label.clone())
        }),
        positive: total.and_then(|t| scale.positive_at.map(|cut| t >= cut)),
        total,
        missing,
    }
}

/// The ordinal of the option chosen for a choice item, if answered.
fn ordinal(q: &Questionnaire, link_id: &str, answers: &Answers) -> Option<i64> {
    let ItemKind::Choice(options) = &q.item(link_id)?.kind else {
        return None;
    };
    match answers.get(link_id)? {
        Answer::Choice(code) => options.iter().find(|o| &o.code == code)?.ordinal,
        _ => None,
    }
}
