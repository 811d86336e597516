//! What a site rule must meet beyond the built-in files' own checks, which know nothing of
//! questionnaires: its id is a site id, and everything it names exists (the questionnaire,
//! the item and its kind, the codes, the scale, the schedule). Each problem names its rule.
use super::SITE_PREFIX;
use crate::domain::{
    checkins::{schedule::ScheduleRule, CheckinSchedule, ItemKind, Questionnaire},
    reminders::{Audience, ReminderKind, ReminderRule, When},
    triage::{Condition, Level, Rule},
};

/// At most a fortnight open: a window open longer stands for no timepoint.
const MAX_OPEN_HOURS: u32 = 14 * 24;

/// `site-` then lowercase letters, digits and hyphens, 6 to 40 characters in all.
pub fn id_problem(id: &str) -> Option<String> {
    let plain = id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (!(id.starts_with(SITE_PREFIX) && (SITE_PREFIX.len() + 1..=40).contains(&id.len()) && plain)).then(|| {
        format!("the id must start with '{SITE_PREFIX}' and hold 1 to 35 more lowercase letters, digits or hyphens")
    })
}

/// The questionnaire a rule names, by url or by short name.
pub fn questionnaire<'q>(name: &str, known: &'q [Questionnaire]) -> Result<&'q Questionnaire, String> {
    known
        .iter()
        .find(|q| q.id == name || q.short_name() == name)
        .ok_or_else(|| format!("'{name}' is not a questionnaire the app knows: import it first"))
}

fn named(what: &str, id: &str, problems: Vec<String>) -> Vec<String> {
    problems.into_iter().map(|p| format!("{what} '{id}': {p}")).collect()
}

pub fn schedule_rule(rule: &ScheduleRule, known: &[Questionnaire]) -> Vec<String> {
    let mut problems: Vec<String> = id_problem(&rule.id).into_iter().collect();
    if let Err(p) = questionnaire(&rule.questionnaire, known) {
        problems.push(p);
    }
    if rule.open_hours > MAX_OPEN_HOURS {
        problems.push(format!("a window stays open at most {MAX_OPEN_HOURS} hours"));
    }
    named("schedule", &rule.id, problems)
}

pub fn triage_rule(rule: &Rule, known: &[Questionnaire]) -> Vec<String> {
    let mut problems: Vec<String> = id_problem(&rule.id).into_iter().collect();
    match questionnaire(&rule.questionnaire, known) {
        Ok(q) => problems.extend(condition_problem(&rule.when, q)),
        Err(p) => problems.push(p),
    }
    if rule.advice.is_some() && rule.level == Level::Review {
        problems.push("advice to act now needs an urgent or high flag, not one to review".into());
    }
    named("triage rule", &rule.id, problems)
}

/// The condition reads an item of the right kind, codes it has, or a scale it scores.
fn condition_problem(when: &Condition, q: &Questionnaire) -> Option<String> {
    let item = |link_id: &str| {
        q.item(link_id)
            .map(|i| &i.kind)
            .ok_or_else(|| format!("'{}' has no item '{link_id}'", q.short_name()))
    };
    let kind_problem = |link_id: &str, fits: fn(&ItemKind) -> bool, wanted: &str| match item(link_id) {
        Ok(kind) if fits(kind) => None,
        Ok(_) => Some(format!("item '{link_id}' is not {wanted}")),
        Err(p) => Some(p),
    };
    match when {
        Condition::Yes { item } => kind_problem(item, |k| matches!(k, ItemKind::Boolean), "a yes/no question"),
        Condition::Written { item } => kind_problem(item, |k| matches!(k, ItemKind::String { .. }), "a text answer"),
        Condition::Choice { item: link_id, codes } => match item(link_id) {
            Ok(ItemKind::Choice(options)) => match codes.iter().find(|c| !options.iter().any(|o| &o.code == *c)) {
                _ if codes.is_empty() => Some("name at least one answer code".into()),
                Some(code) => Some(format!("item '{link_id}' has no answer '{code}'")),
                None => None,
            },
            Ok(_) => Some(format!("item '{link_id}' is not a choice")),
            Err(p) => Some(p),
        },
        Condition::OrdinalAbove { item, .. } => kind_problem(
            item,
            |k| matches!(k, ItemKind::Choice(options) if options.iter().all(|o| o.ordinal.is_some())),
            "a choice with a value for every answer",
        ),
        Condition::Fever { celsius, fahrenheit } => [celsius, fahrenheit].into_iter().find_map(|link_id| {
            kind_problem(
                link_id,
                |k| matches!(k, ItemKind::Decimal(_) | ItemKind::Integer(_)),
                "a number",
            )
        }),
        Condition::ScoreAtLeast { scale, .. } | Condition::ScoreRise { scale, .. } => {
            (!q.scales.iter().any(|s| &s.id == scale))
                .then(|| format!("'{}' scores no scale '{scale}'", q.short_name()))
        }
        Condition::Silent { .. } => None,
    }
    .or_else(|| match when {
        Condition::ScoreRise { by, .. } if *by < 1 => Some("a rise must be of at least 1".into()),
        _ => None,
    })
}

/// A site reminder is about the check-ins of schedules it names, for patients or
/// caregivers: the nurses' alerts and the treatment's own reminders stay built in.
pub fn reminder_rule(rule: &ReminderRule, schedule: &CheckinSchedule) -> Vec<String> {
    let mut problems: Vec<String> = id_problem(&rule.id).into_iter().collect();
    if rule.kind != ReminderKind::Checkins {
        problems.push("a site reminder is a check-in reminder (kind 'checkins')".into());
    }
    if rule.audience.contains(&Audience::Nurses) {
        problems.push("a site reminder is for patients or caregivers".into());
    }
    match &rule.when {
        When::WindowOpens {
            skip_schedules,
            only_schedules,
        }
        | When::WindowClosing {
            skip_schedules,
            only_schedules,
            ..
        } => {
            if only_schedules.is_empty() || !skip_schedules.is_empty() {
                problems.push("name the schedules it is for (only_schedules), and skip none".into());
            }
            for id in only_schedules {
                if !schedule.schedules.iter().any(|s| &s.id == id) {
                    problems.push(format!("'{id}' is not a check-in schedule"));
                }
            }
        }
        _ => problems.push("a site reminder comes when a window opens or before it closes".into()),
    }
    named("reminder", &rule.id, problems)
}
