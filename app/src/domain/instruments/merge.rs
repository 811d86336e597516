//! The catalogues in force: the built-in ones with the site's rules added, each kind
//! checked whole. A kind whose site version fails (a later release's built-in rules now
//! clash with it, say) falls back to the built-in one, and the problem is reported.
use super::{site_checks, version_name, Kind};
use crate::domain::{
    checkins::{schedule::ScheduleRule, CheckinSchedule, Questionnaire},
    reminders::{ReminderCatalogue, ReminderRule, When},
    triage::{Rule, TriageRules},
};
use std::collections::BTreeSet;

/// One version of the site's rules of each kind: its number (0: none) and its rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteVersions {
    pub schedule: (i64, Vec<ScheduleRule>),
    pub triage: (i64, Vec<Rule>),
    pub reminders: (i64, Vec<ReminderRule>),
}

/// What the app works with, and which site version of each kind it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct InForce {
    pub schedule: CheckinSchedule,
    pub rules: TriageRules,
    pub reminders: ReminderCatalogue,
    /// Per kind (in `Kind::ALL`'s order), the site version merged; 0 after a fall-back.
    pub numbers: [i64; 3],
}

/// Merges each kind; what fails falls back and is listed with its kind.
pub fn in_force(
    builtin: (&CheckinSchedule, &TriageRules, &ReminderCatalogue),
    site: &SiteVersions,
    known: &[Questionnaire],
) -> (InForce, Vec<(Kind, String)>) {
    let mut problems = Vec::new();
    let mut fall_back = |kind: Kind, errors: Vec<String>| problems.extend(errors.into_iter().map(|e| (kind, e)));
    let (schedule, schedule_no) = match schedule(builtin.0, site.schedule.0, &site.schedule.1, known) {
        Ok(merged) => (merged, site.schedule.0),
        Err(errors) => {
            fall_back(Kind::Schedule, errors);
            (builtin.0.clone(), 0)
        }
    };
    let (rules, triage_no) = match triage(builtin.1, site.triage.0, &site.triage.1, known) {
        Ok(merged) => (merged, site.triage.0),
        Err(errors) => {
            fall_back(Kind::Triage, errors);
            (builtin.1.clone(), 0)
        }
    };
    let (reminders, reminders_no) = match reminders(builtin.2, site.reminders.0, &site.reminders.1, &schedule) {
        Ok(merged) => (merged, site.reminders.0),
        Err(errors) => {
            fall_back(Kind::Reminders, errors);
            (builtin.2.clone(), 0)
        }
    };
    let merged = InForce {
        schedule,
        rules,
        reminders,
        numbers: [schedule_no, triage_no, reminders_no],
    };
    (merged, problems)
}

/// Ids a kind uses more than once, built-in and site rules together.
fn doubled<'a>(ids: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.filter(|id| !seen.insert(*id))
        .map(|id| format!("the id '{id}' is used twice"))
        .collect()
}

/// Problems found, or the merged catalogue once the built-in file's own checks pass on it.
fn checked<T>(problems: Vec<String>, merged: T, check: impl FnOnce(&str) -> Result<T, String>) -> Result<T, Vec<String>>
where
    T: serde::Serialize,
{
    if !problems.is_empty() {
        return Err(problems);
    }
    // The same reading as the built-in file's, so nothing passes here that it would refuse.
    let text = serde_json::to_string(&merged).map_err(|e| vec![e.to_string()])?;
    check(&text).map_err(|e| vec![e])
}

pub fn schedule(
    builtin: &CheckinSchedule,
    number: i64,
    site: &[ScheduleRule],
    known: &[Questionnaire],
) -> Result<CheckinSchedule, Vec<String>> {
    let mut problems: Vec<String> = site.iter().flat_map(|r| site_checks::schedule_rule(r, known)).collect();
    problems.extend(doubled(builtin.schedules.iter().chain(site).map(|r| &r.id)));
    let merged = CheckinSchedule {
        version: version_name(&builtin.version, number),
        schedules: builtin.schedules.iter().chain(site).cloned().collect(),
    };
    checked(problems, merged, |text| {
        CheckinSchedule::from_json(text).map_err(|e| e.to_string())
    })
}

pub fn triage(
    builtin: &TriageRules,
    number: i64,
    site: &[Rule],
    known: &[Questionnaire],
) -> Result<TriageRules, Vec<String>> {
    let mut problems: Vec<String> = site.iter().flat_map(|r| site_checks::triage_rule(r, known)).collect();
    problems.extend(doubled(builtin.rules.iter().chain(site).map(|r| &r.id)));
    let merged = TriageRules {
        version: version_name(&builtin.version, number),
        default_fever_threshold_c: builtin.default_fever_threshold_c,
        rules: builtin.rules.iter().chain(site).cloned().collect(),
    };
    checked(problems, merged, |text| {
        TriageRules::from_json(text).map_err(|e| e.to_string())
    })
}

/// A site reminder for a schedule takes the place of the built-in one of the same moment
/// (its window opening, or closing): nobody gets the same nudge twice.
pub fn reminders(
    builtin: &ReminderCatalogue,
    number: i64,
    site: &[ReminderRule],
    schedule: &CheckinSchedule,
) -> Result<ReminderCatalogue, Vec<String>> {
    let mut problems: Vec<String> = site
        .iter()
        .flat_map(|r| site_checks::reminder_rule(r, schedule))
        .collect();
    problems.extend(doubled(builtin.rules.iter().chain(site).map(|r| &r.id)));
    let mut built_in = builtin.rules.clone();
    for rule in site {
        for own in &mut built_in {
            match (&rule.when, &mut own.when) {
                (
                    When::WindowOpens { only_schedules, .. },
                    When::WindowOpens {
                        skip_schedules,
                        only_schedules: all,
                    },
                )
                | (
                    When::WindowClosing { only_schedules, .. },
                    When::WindowClosing {
                        skip_schedules,
                        only_schedules: all,
                        ..
                    },
                ) if all.is_empty() => skip_schedules.extend(only_schedules.iter().cloned()),
                _ => {}
            }
        }
    }
    let merged = ReminderCatalogue {
        version: version_name(&builtin.version, number),
        quiet_hours: builtin.quiet_hours.clone(),
        rules: built_in.into_iter().chain(site.iter().cloned()).collect(),
    };
    checked(problems, merged, |text| {
        ReminderCatalogue::from_json(text).map_err(|e| e.to_string())
    })
}
