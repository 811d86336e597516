//! What a site rule must meet beyond the built-in files' own checks, which know nothing of
//! questionnaires: its id is a site id, and everything it names exists (the questionnaire,
//! the item and its kind, the codes, the scale, the schedule). Each problem names its rule.
use super::SITE_PREFIX;
use crate::domain::{
    checkins::{
        schedule::{Anchor, Repeat, Respondent, ScheduleRule},
        CheckinSchedule, ItemKind, Questionnaire,
    },
    reminders::{plan::audience_of, Audience, ReminderKind, ReminderRule, When},
    triage::{Condition, Level, Rule},
};

/// At most a fortnight open: a window open longer stands for no timepoint.
const MAX_OPEN_HOURS: u32 = 14 * 24;
/// Fifteen years from a milestone, either way: the follow-up visits' reach.
const MAX_DAYS: i64 = 5475;
/// A daily schedule covers at most this many days, at most this many times a day: each
/// window is worked out on every page that shows check-ins.
const MAX_DAILY_SPAN: i64 = 60;
const MAX_DAILY_TIMES: usize = 4;
/// At most this many windows a rule, where its span is known (one milestone); between two
/// milestones, at most one window a week.
const MAX_WINDOWS: i64 = MAX_DAILY_SPAN * MAX_DAILY_TIMES as i64;

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
    crate::domain::checkins::find(known, name)
        .ok_or_else(|| format!("'{name}' is not a questionnaire the app knows: import it first"))
}

fn named(what: &str, id: &str, problems: Vec<String>) -> Vec<String> {
    problems.into_iter().map(|p| format!("{what} '{id}': {p}")).collect()
}

/// Named by its short name (`support-check`), as answers and silence checks name it.
fn short_name_problem(name: &str, known: &[Questionnaire]) -> Option<String> {
    match questionnaire(name, known) {
        Ok(q) if q.short_name() != name => Some(format!("name the questionnaire '{}', not by its url", q.short_name())),
        Ok(_) => None,
        Err(p) => Some(p),
    }
}

pub fn schedule_rule(rule: &ScheduleRule, known: &[Questionnaire]) -> Vec<String> {
    let mut problems: Vec<String> = id_problem(&rule.id).into_iter().collect();
    problems.extend(short_name_problem(&rule.questionnaire, known));
    // Who answers is worked out from the questionnaire and the person (`services::checkins`):
    // the caregiver's observation form is built in, so a site form is the patient's or the
    // caregiver's own.
    if rule.respondent == Respondent::CaregiverObserving {
        problems.push("a site form is answered by the patient or by the caregiver about themselves".into());
    }
    if rule.open_hours > MAX_OPEN_HOURS {
        problems.push(format!("a window stays open at most {MAX_OPEN_HOURS} hours"));
    }
    problems.extend(span_problem(&rule.from, &rule.until, &rule.repeat));
    named("schedule", &rule.id, problems)
}

/// Days within reach, in order, and no more windows than a page can work out.
fn span_problem(from: &Anchor, until: &Anchor, repeat: &Repeat) -> Option<String> {
    let on_days = match repeat {
        Repeat::OnDays { days, .. } => days.as_slice(),
        _ => &[],
    };
    if [from.days, until.days]
        .iter()
        .chain(on_days)
        .any(|d| !(-MAX_DAYS..=MAX_DAYS).contains(d))
    {
        return Some(format!("days count at most {MAX_DAYS} from a milestone"));
    }
    let same = from.milestone == until.milestone;
    if same && from.days > until.days {
        return Some("the first day comes after the last".into());
    }
    match repeat {
        Repeat::Daily { times } if !same || until.days - from.days >= MAX_DAILY_SPAN || times.len() > MAX_DAILY_TIMES => {
            Some(format!(
                "a daily schedule runs from and until one milestone, over at most {MAX_DAILY_SPAN} days, at most {MAX_DAILY_TIMES} times a day"
            ))
        }
        Repeat::Every { days, .. } if *days > 365 => Some("repeat at least once a year".into()),
        Repeat::Every { days, .. }
            if (same && (until.days - from.days) / i64::from((*days).max(1)) > MAX_WINDOWS) || (!same && *days < 7) =>
        {
            Some(format!(
                "at most {MAX_WINDOWS} windows from one milestone, and at most one a week between two"
            ))
        }
        Repeat::OnDays { days, .. } if days.len() as i64 > MAX_WINDOWS => Some(format!("at most {MAX_WINDOWS} days")),
        _ => None,
    }
}

pub fn triage_rule(rule: &Rule, known: &[Questionnaire]) -> Vec<String> {
    let mut problems: Vec<String> = id_problem(&rule.id).into_iter().collect();
    match short_name_problem(&rule.questionnaire, known) {
        Some(p) => problems.push(p),
        None => {
            if let Ok(q) = questionnaire(&rule.questionnaire, known) {
                problems.extend(condition_problem(&rule.when, q));
            }
        }
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
        Condition::OrdinalAbove { item, value } => kind_problem(
            item,
            |k| matches!(k, ItemKind::Choice(options) if options.iter().all(|o| o.ordinal.is_some())),
            "a choice with a value for every answer",
        )
        .or_else(|| never_or_always(ordinals(q, item), value.saturating_add(1), 1)),
        Condition::Fever { celsius, fahrenheit } => [celsius, fahrenheit].into_iter().find_map(|link_id| {
            kind_problem(
                link_id,
                |k| matches!(k, ItemKind::Decimal(_) | ItemKind::Integer(_)),
                "a number",
            )
        }),
        Condition::ScoreAtLeast { scale, value } => match q.scales.iter().find(|s| &s.id == scale) {
            None => Some(format!("'{}' scores no scale '{scale}'", q.short_name())),
            Some(s) => never_or_always(s.bands.iter().flat_map(|b| [b.min, b.max]).collect(), *value, 0),
        },
        Condition::ScoreRise { scale, .. } => (!q.scales.iter().any(|s| &s.id == scale))
            .then(|| format!("'{}' scores no scale '{scale}'", q.short_name())),
        // Silence flags watch the built-in diary, raised by the nurses' scheduled job.
        Condition::Silent { .. } => Some("silence rules stay built in: a site rule reads an answer".into()),
    }
    .or_else(|| match when {
        Condition::ScoreRise { by, .. } if *by < 1 => Some("a rise must be of at least 1".into()),
        _ => None,
    })
}

/// It reaches whoever answers the schedule, and warns before a window closes, not before
/// it opens.
fn fits_schedule(rule: &ReminderRule, schedule: &ScheduleRule) -> Option<String> {
    let answers = audience_of(schedule.respondent);
    let who = if answers == Audience::Patient {
        "patient"
    } else {
        "caregiver"
    };
    if !rule.audience.contains(&answers) {
        return Some(format!("'{}' is answered by the {who}: remind them", schedule.id));
    }
    match rule.when {
        When::WindowClosing { hours_before, .. } if hours_before >= schedule.open_hours => Some(format!(
            "'{}' is open {} hours: warn fewer hours before it closes",
            schedule.id, schedule.open_hours
        )),
        _ => None,
    }
}

/// The ordinal values of a choice item (none if it is not one).
fn ordinals(q: &Questionnaire, link_id: &str) -> Vec<i64> {
    match q.item(link_id).map(|i| &i.kind) {
        Some(ItemKind::Choice(options)) => options.iter().filter_map(|o| o.ordinal).collect(),
        _ => Vec::new(),
    }
}

/// A threshold (`at least`) that no value in `range` reaches, or that the lowest already
/// does: a rule that would never fire, or always. The rule's own number is the threshold
/// less `shift` (`ordinal_above` 2 fires at least at 3).
fn never_or_always(range: Vec<i64>, at_least: i64, shift: i64) -> Option<String> {
    let (Some(low), Some(high)) = (range.iter().min(), range.iter().max()) else {
        return None;
    };
    (at_least <= *low || at_least > *high).then(|| {
        format!(
            "the threshold must lie between {} and {}: else it flags every answer, or none",
            low + 1 - shift,
            high - shift
        )
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
                match schedule.schedules.iter().find(|s| &s.id == id) {
                    None => problems.push(format!("'{id}' is not a check-in schedule")),
                    Some(s) => problems.extend(fits_schedule(rule, s)),
                }
            }
        }
        _ => problems.push("a site reminder comes when a window opens or before it closes".into()),
    }
    named("reminder", &rule.id, problems)
}

/// A new version of a questionnaire must leave alone what the site's triage rules read:
/// each item's kind, its answer codes and values, and the scales they score. Else a rule's
/// meaning would change with no nurse approving it.
pub fn reread_problems(rules: &[Rule], old: &Questionnaire, new: &Questionnaire) -> Vec<String> {
    let same_item = |link_id: &str| shape(old, link_id) == shape(new, link_id);
    // A scale's items too: their answer values make its total.
    let same_scale = |id: &str| {
        let scale = old.scales.iter().find(|s| s.id == id);
        scale == new.scales.iter().find(|s| s.id == id)
            && scale.is_none_or(|s| s.items.iter().all(|link_id| same_item(link_id)))
    };
    rules
        .iter()
        .filter(|r| r.questionnaire == old.short_name())
        .filter(|r| match &r.when {
            Condition::Fever { celsius, fahrenheit } => !(same_item(celsius) && same_item(fahrenheit)),
            Condition::ScoreAtLeast { scale, .. } | Condition::ScoreRise { scale, .. } => !same_scale(scale),
            other => !other.item().is_none_or(same_item),
        })
        .map(|r| {
            format!(
                "triage rule '{}' reads what this version changes: a nurse approves a change of its rule first",
                r.id
            )
        })
        .collect()
}

/// What a rule reads of an item, without its words (a translation changes nothing).
fn shape(q: &Questionnaire, link_id: &str) -> Option<String> {
    q.item(link_id).map(|item| match &item.kind {
        ItemKind::Choice(options) => format!(
            "choice {:?}",
            options.iter().map(|o| (&o.code, o.ordinal)).collect::<Vec<_>>()
        ),
        other => format!("{other:?}"),
    })
}
