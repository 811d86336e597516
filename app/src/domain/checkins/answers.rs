//! A response's answers, which items they enable, and what is wrong with them, item by
//! item. The browser checks before sending and the server checks again before storing.
use super::questionnaire::{Answer, EnableWhen, Item, ItemKind, Operator, Questionnaire};
use crate::i18n::dates::number_in;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Answers by linkId.
pub type Answers = BTreeMap<String, Answer>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerProblemKind {
    /// No item has this linkId.
    Unknown,
    /// A group or display text takes no answer.
    NotAQuestion,
    /// A number for a yes/no question, and the like.
    WrongType,
    /// A choice that is not one of the options.
    NotAnOption,
    BelowMinimum,
    AboveMaximum,
    TooLong,
    Required,
    /// Answered although its `enableWhen` hides it.
    NotEnabled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerProblem {
    pub link_id: String,
    pub kind: AnswerProblemKind,
}

/// Whether the item is shown: its groups are, and its conditions hold on the answers to
/// items that are themselves shown (an answer to a hidden item does not count).
pub fn enabled(q: &Questionnaire, link_id: &str, answers: &Answers) -> bool {
    enabled_within(q, &q.items, link_id, answers, 0).unwrap_or(false)
}

/// `None`: not among `items`. Depth guards against conditions that refer in a circle.
fn enabled_within(q: &Questionnaire, items: &[Item], link_id: &str, answers: &Answers, depth: usize) -> Option<bool> {
    for item in items {
        if item.link_id == link_id {
            return Some(conditions_hold(q, item, answers, depth));
        }
        if let Some(inner) = enabled_within(q, &item.items, link_id, answers, depth) {
            return Some(inner && conditions_hold(q, item, answers, depth));
        }
    }
    None
}

fn conditions_hold(q: &Questionnaire, item: &Item, answers: &Answers, depth: usize) -> bool {
    if item.enable_when.is_empty() {
        return true;
    }
    if depth > 16 {
        return false;
    }
    let holds = |c: &EnableWhen| {
        let shown = enabled_within(q, &q.items, &c.question, answers, depth + 1).unwrap_or(false);
        condition_holds(c, answers.get(&c.question).filter(|_| shown))
    };
    if item.enable_when_all {
        item.enable_when.iter().all(holds)
    } else {
        item.enable_when.iter().any(holds)
    }
}

fn condition_holds(c: &EnableWhen, given: Option<&Answer>) -> bool {
    if c.operator == Operator::Exists {
        return given.is_some() == (c.answer == Answer::Boolean(true));
    }
    let Some(given) = given else {
        return false;
    };
    let ordering = match (given, &c.answer) {
        (Answer::Integer(a), Answer::Integer(b)) => a.partial_cmp(b),
        (Answer::Decimal(a), Answer::Decimal(b)) => a.partial_cmp(b),
        (Answer::Integer(a), Answer::Decimal(b)) => (*a as f64).partial_cmp(b),
        (Answer::Decimal(a), Answer::Integer(b)) => a.partial_cmp(&(*b as f64)),
        (Answer::String(a), Answer::String(b)) => a.partial_cmp(b),
        // Codes and yes/no compare for equality only.
        (a, b) => {
            return match c.operator {
                Operator::Equal => a == b,
                Operator::NotEqual => a != b,
                _ => false,
            }
        }
    };
    let Some(ordering) = ordering else {
        return false;
    };
    use std::cmp::Ordering::*;
    match c.operator {
        Operator::Equal => ordering == Equal,
        Operator::NotEqual => ordering != Equal,
        Operator::Greater => ordering == Greater,
        Operator::Less => ordering == Less,
        Operator::GreaterOrEqual => ordering != Less,
        Operator::LessOrEqual => ordering != Greater,
        Operator::Exists => unreachable!("handled above"),
    }
}

/// The answers to items that are shown: what a form sends, once the person has changed an
/// answer that hides others. Repeated until nothing more hides (hiding can cascade).
pub fn shown_only(q: &Questionnaire, answers: &Answers) -> Answers {
    let mut kept = answers.clone();
    loop {
        let hidden: Vec<String> = kept
            .keys()
            .filter(|link_id| q.item(link_id).is_some() && !enabled(q, link_id, &kept))
            .cloned()
            .collect();
        if hidden.is_empty() {
            return kept;
        }
        for link_id in hidden {
            kept.remove(&link_id);
        }
    }
}

/// Every problem with the answers, in the order of the form; empty when they can be stored.
pub fn check(q: &Questionnaire, answers: &Answers) -> Vec<AnswerProblem> {
    let mut problems = Vec::new();
    let problem = |link_id: &str, kind| AnswerProblem {
        link_id: link_id.to_string(),
        kind,
    };
    for link_id in answers.keys() {
        if q.item(link_id).is_none() {
            problems.push(problem(link_id, AnswerProblemKind::Unknown));
        }
    }
    for item in q.all_items() {
        let given = answers.get(&item.link_id);
        let shown = enabled(q, &item.link_id, answers);
        let kind = match (given, shown) {
            (None, true) if item.required && item.kind.is_question() => Some(AnswerProblemKind::Required),
            (None, _) => None,
            (Some(_), _) if !item.kind.is_question() => Some(AnswerProblemKind::NotAQuestion),
            (Some(_), false) => Some(AnswerProblemKind::NotEnabled),
            (Some(answer), true) => answer_problem(&item.kind, answer),
        };
        if let Some(kind) = kind {
            problems.push(problem(&item.link_id, kind));
        }
    }
    problems
}

fn answer_problem(kind: &ItemKind, answer: &Answer) -> Option<AnswerProblemKind> {
    use AnswerProblemKind::*;
    let range = |below: bool, above: bool| {
        if below {
            Some(BelowMinimum)
        } else if above {
            Some(AboveMaximum)
        } else {
            None
        }
    };
    match (kind, answer) {
        (ItemKind::Choice(options), Answer::Choice(code)) => {
            (!options.iter().any(|o| &o.code == code)).then_some(NotAnOption)
        }
        (ItemKind::Integer(b), Answer::Integer(v)) => {
            range(b.min.is_some_and(|m| *v < m), b.max.is_some_and(|m| *v > m))
        }
        (ItemKind::Decimal(b), Answer::Decimal(v)) => {
            if !v.is_finite() {
                return Some(WrongType);
            }
            range(b.min.is_some_and(|m| *v < m), b.max.is_some_and(|m| *v > m))
        }
        (ItemKind::Decimal(b), Answer::Integer(v)) => {
            answer_problem(&ItemKind::Decimal(b.clone()), &Answer::Decimal(*v as f64))
        }
        (ItemKind::Boolean, Answer::Boolean(_)) => None,
        (ItemKind::String { max_length }, Answer::String(s)) => {
            max_length.is_some_and(|max| s.chars().count() > max).then_some(TooLong)
        }
        _ => Some(WrongType),
    }
}

/// An answer in words, in the reader's language; `yes` and `no` come translated.
/// `lang` also gives the decimal sign ("38,5" in French).
pub fn answer_in_words(q: &Questionnaire, link_id: &str, answer: &Answer, lang: &str, yes: &str, no: &str) -> String {
    match (answer, q.item(link_id).map(|i| &i.kind)) {
        (Answer::Boolean(true), _) => yes.to_string(),
        (Answer::Boolean(false), _) => no.to_string(),
        (Answer::Choice(code), Some(ItemKind::Choice(options))) => options
            .iter()
            .find(|o| &o.code == code)
            .map(|o| o.display.in_language(lang).to_string())
            .unwrap_or_else(|| code.clone()),
        (Answer::Choice(code), _) => code.clone(),
        (Answer::Decimal(v), Some(ItemKind::Decimal(b))) => match &b.unit {
            Some(unit) => format!("{} {unit}", number_in(lang, *v)),
            None => number_in(lang, *v),
        },
        (Answer::Decimal(v), _) => number_in(lang, *v),
        (Answer::Integer(v), Some(ItemKind::Integer(b))) => match &b.unit {
            Some(unit) => format!("{v} {unit}"),
            None => v.to_string(),
        },
        (Answer::Integer(v), _) => v.to_string(),
        (Answer::String(s), _) => s.clone(),
    }
}
