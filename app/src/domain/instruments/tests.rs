use super::{merge, site_checks, Kind};
use crate::domain::{
    checkins::{builtin, fhir, schedule::ScheduleRule, CheckinSchedule, Questionnaire},
    instruments::{in_force, SiteVersions},
    reminders::{plan, ReminderCatalogue, ReminderRule},
    test_journeys::{cd19, date},
    triage::{Rule, TriageRules},
};

const SUPPORT_CHECK: &str = include_str!("../../../questionnaires/examples/support-check.json");

fn known() -> Vec<Questionnaire> {
    let mut all = builtin::all().expect("built in");
    let json = serde_json::from_str(SUPPORT_CHECK).expect("json");
    all.push(fhir::import(&json).expect("the example imports"));
    all
}

fn weekly() -> ScheduleRule {
    serde_json::from_value(serde_json::json!({
        "id": "site-support-weekly", "questionnaire": "support-check", "respondent": "patient",
        "from": {"milestone": "infusion", "days": 0}, "until": {"milestone": "infusion", "days": 90},
        "repeat": {"every": {"days": 7, "time": "11:00"}}, "open_hours": 48, "timepoints": ["D0-D90"]
    }))
    .expect("a schedule rule")
}

fn triage_rule(when: serde_json::Value, level: &str, advice: Option<&str>) -> Rule {
    serde_json::from_value(serde_json::json!({
        "id": "site-support-alone", "questionnaire": "support-check", "level": level,
        "advice": advice, "when": when
    }))
    .expect("a triage rule")
}

fn reminder(when: serde_json::Value, audience: &str) -> ReminderRule {
    let words = serde_json::json!({"en": "Who is with you?", "fr": "Qui est avec vous ?", "nl": "Wie is er bij u?", "de": "Wer ist bei Ihnen?"});
    serde_json::from_value(serde_json::json!({
        "id": "site-support-reminder", "kind": "checkins", "audience": [audience], "when": when,
        "useful_hours": 12, "title": words, "body": words
    }))
    .expect("a reminder rule")
}

fn builtins() -> (CheckinSchedule, TriageRules, ReminderCatalogue) {
    (
        CheckinSchedule::builtin().expect("schedule"),
        TriageRules::builtin().expect("triage"),
        ReminderCatalogue::builtin().expect("reminders"),
    )
}

#[test]
fn a_site_schedule_asks_for_its_questionnaire_every_week_under_a_version_of_its_own() {
    let (schedule, _, _) = builtins();
    let merged = merge::schedule(&schedule, 3, &[weekly()], &known()).expect("merges");
    assert_eq!(merged.version, format!("{}+site.3", schedule.version));
    let windows: Vec<_> = merged
        .windows(&cd19(date(2026, 1, 10)))
        .into_iter()
        .filter(|w| w.schedule == "site-support-weekly")
        .collect();
    // Days 0, 7, … 84 after infusion: 13 windows, each named by the period it covers.
    assert_eq!(windows.len(), 13);
    assert!(windows
        .iter()
        .all(|w| w.timepoint == "D0-D90" && w.questionnaire == "support-check"));
    assert_eq!(
        merge::schedule(&schedule, 0, &[], &known()).expect("alone").version,
        schedule.version
    );
}

#[test]
fn a_site_schedule_is_refused_for_what_it_names_wrongly() {
    let (schedule, _, _) = builtins();
    let mut unknown = weekly();
    unknown.questionnaire = "promis-29".into();
    let mut built_in_id = weekly();
    built_in_id.id = "diary".into();
    let mut long_open = weekly();
    long_open.open_hours = 24 * 15;
    let mut no_timepoint = weekly();
    no_timepoint.timepoints.clear();
    let cases = [
        (vec![unknown], "'promis-29' is not a questionnaire"),
        (vec![built_in_id], "must start with 'site-'"),
        (vec![weekly(), weekly()], "'site-support-weekly' is used twice"),
        (vec![long_open], "at most 336 hours"),
        (vec![no_timepoint], "timepoint"),
    ];
    for (rules, expected) in cases {
        let problems = merge::schedule(&schedule, 1, &rules, &known()).expect_err(expected);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:?}"
        );
    }
}

#[test]
fn a_triage_rule_must_read_an_item_of_its_kind() {
    let known = known();
    let ok = |when: serde_json::Value| site_checks::triage_rule(&triage_rule(when, "high", None), &known);
    assert!(ok(serde_json::json!({"yes": {"item": "alone-tonight"}})).is_empty());
    assert!(ok(serde_json::json!({"choice": {"item": "support-help", "codes": ["3"]}})).is_empty());
    assert!(ok(serde_json::json!({"score_at_least": {"scale": "total", "value": 4}})).is_empty());
    assert!(ok(serde_json::json!({"ordinal_above": {"item": "support-alone", "value": 2}})).is_empty());
    let refused = [
        (
            serde_json::json!({"yes": {"item": "support-help"}}),
            "is not a yes/no question",
        ),
        (serde_json::json!({"yes": {"item": "nobody"}}), "has no item 'nobody'"),
        (
            serde_json::json!({"choice": {"item": "support-help", "codes": ["9"]}}),
            "has no answer '9'",
        ),
        (
            serde_json::json!({"choice": {"item": "support-help", "codes": []}}),
            "at least one answer code",
        ),
        (
            serde_json::json!({"written": {"item": "alone-tonight"}}),
            "is not a text answer",
        ),
        (
            serde_json::json!({"score_at_least": {"scale": "mood", "value": 4}}),
            "scores no scale 'mood'",
        ),
        (
            serde_json::json!({"score_rise": {"scale": "total", "by": 0}}),
            "at least 1",
        ),
        (
            serde_json::json!({"fever": {"celsius": "alone-tonight", "fahrenheit": "alone-tonight"}}),
            "is not a number",
        ),
    ];
    for (when, expected) in refused {
        let problems = ok(when);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:?}"
        );
        assert!(problems
            .iter()
            .all(|p| p.starts_with("triage rule 'site-support-alone'")));
    }
    let told_to_call_but_only_reviewed = triage_rule(
        serde_json::json!({"yes": {"item": "alone-tonight"}}),
        "review",
        Some("call_care_team"),
    );
    assert!(!site_checks::triage_rule(&told_to_call_but_only_reviewed, &known).is_empty());
}

#[test]
fn merged_triage_rules_carry_the_site_version_and_flag_the_new_questionnaire() {
    let (_, rules, _) = builtins();
    let rule = triage_rule(
        serde_json::json!({"yes": {"item": "alone-tonight"}}),
        "high",
        Some("call_care_team"),
    );
    let merged = merge::triage(&rules, 2, &[rule], &known()).expect("merges");
    assert_eq!(merged.version, format!("{}+site.2", rules.version));
    assert_eq!(merged.rules.len(), rules.rules.len() + 1);
    assert!(merged
        .rules
        .iter()
        .any(|r| r.applies_to("https://example-centre.eu/fhir/Questionnaire/support-check")));
}

#[test]
fn a_site_reminder_takes_the_place_of_the_built_in_one_for_its_schedule_only() {
    let (schedule, _, reminders) = builtins();
    let merged_schedule = merge::schedule(&schedule, 1, &[weekly()], &known()).expect("schedule");
    let own = reminder(
        serde_json::json!({"window_opens": {"only_schedules": ["site-support-weekly"]}}),
        "patient",
    );
    let merged = merge::reminders(&reminders, 1, &[own], &merged_schedule).expect("merges");
    let timeline = cd19(date(2026, 1, 10));
    let planned = plan(&merged, &timeline, &merged_schedule.windows(&timeline));
    let for_support = |rule: &str| {
        planned
            .iter()
            .filter(|p| p.rule == rule && p.questionnaire.as_deref() == Some("support-check"))
            .count()
    };
    assert_eq!(for_support("site-support-reminder"), 13);
    assert_eq!(for_support("checkin-opens"), 0, "no second nudge for the same window");
    // The built-in reminder still covers every other schedule.
    assert!(planned
        .iter()
        .any(|p| p.rule == "checkin-opens" && p.questionnaire.as_deref() == Some("phq-9")));
    assert!(planned
        .iter()
        .filter(|p| p.rule == "site-support-reminder")
        .all(|p| p.questionnaire.as_deref() == Some("support-check")));
}

#[test]
fn a_site_reminder_is_a_check_in_reminder_for_a_schedule_that_exists() {
    let (schedule, _, reminders) = builtins();
    let cases = [
        (
            reminder(
                serde_json::json!({"window_opens": {"only_schedules": ["site-nothing"]}}),
                "patient",
            ),
            "'site-nothing' is not a check-in schedule",
        ),
        (
            reminder(serde_json::json!({"window_opens": {}}), "patient"),
            "name the schedules it is for",
        ),
        (
            reminder(
                serde_json::json!({"window_opens": {"only_schedules": ["diary"]}}),
                "nurses",
            ),
            "for patients or caregivers",
        ),
        (
            reminder(serde_json::json!("on_event"), "patient"),
            "when a window opens",
        ),
    ];
    for (rule, expected) in cases {
        let problems = merge::reminders(&reminders, 1, &[rule], &schedule).expect_err(expected);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:?}"
        );
    }
}

#[test]
fn a_version_that_no_longer_fits_falls_back_to_the_built_in_kind_and_says_why() {
    let (schedule, rules, reminders) = builtins();
    let site = SiteVersions {
        schedule: (4, vec![weekly()]),
        // Its item is not in the questionnaire (as after a release that changed it).
        triage: (
            2,
            vec![triage_rule(serde_json::json!({"yes": {"item": "x"}}), "high", None)],
        ),
        reminders: (
            1,
            vec![reminder(
                serde_json::json!({"window_closing": {"hours_before": 6, "only_schedules": ["site-support-weekly"]}}),
                "patient",
            )],
        ),
    };
    let (merged, problems) = in_force((&schedule, &rules, &reminders), &site, &known());
    assert_eq!(merged.numbers, [4, 0, 1]);
    assert_eq!(merged.rules, rules);
    assert!(problems.iter().all(|(kind, _)| *kind == Kind::Triage) && !problems.is_empty());
    // Without the schedule, the reminder that names it falls back too.
    let no_schedule = SiteVersions {
        schedule: (5, vec![]),
        ..site
    };
    let (merged, problems) = in_force((&schedule, &rules, &reminders), &no_schedule, &known());
    assert_eq!(merged.numbers, [5, 0, 0]);
    assert!(problems
        .iter()
        .any(|(kind, p)| *kind == Kind::Reminders && p.contains("site-support-weekly")));
}

#[test]
fn site_rules_stay_within_what_the_app_can_ask_and_answer() {
    let (schedule, _, reminders) = builtins();
    let known = known();
    let with = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut rule = serde_json::to_value(weekly()).expect("json");
        change(&mut rule);
        let rule: ScheduleRule = serde_json::from_value(rule).expect("a rule");
        merge::schedule(&schedule, 1, &[rule], &known)
            .err()
            .unwrap_or_default()
            .join("; ")
    };
    let cases: [(&dyn Fn(&mut serde_json::Value), &str); 8] = [
        (
            &|r| {
                r["repeat"] = serde_json::json!({"every": {"days": 1, "time": "08:00"}});
                r["until"]["days"] = 400.into();
            },
            "at most 240 windows",
        ),
        (&|r| r["until"]["days"] = i64::MIN.into(), "at most 5475"),
        (
            &|r| r["questionnaire"] = "https://example-centre.eu/fhir/Questionnaire/support-check".into(),
            "not by its url",
        ),
        (
            &|r| r["respondent"] = "caregiver_observing".into(),
            "by the patient or by the caregiver",
        ),
        (&|r| r["until"]["days"] = 9_999_999.into(), "at most 5475"),
        (
            &|r| r["until"]["days"] = (-1).into(),
            "the first day comes after the last",
        ),
        (
            &|r| r["repeat"] = serde_json::json!({"daily": {"times": ["08:00"]}}),
            "over at most 60 days",
        ),
        (
            &|r| r["repeat"] = serde_json::json!({"every": {"days": 400, "time": "08:00"}}),
            "once a year",
        ),
    ];
    for (change, expected) in cases {
        let problems = with(change);
        assert!(problems.contains(expected), "{expected}: {problems}");
    }
    let rule = |when: serde_json::Value| site_checks::triage_rule(&triage_rule(when, "high", None), &known).join("; ");
    // Scale total runs 0 to 6: at least 0 flags every answer, at least 7 none.
    assert!(rule(serde_json::json!({"score_at_least": {"scale": "total", "value": 7}})).contains("between 1 and 6"));
    assert!(rule(serde_json::json!({"score_at_least": {"scale": "total", "value": 0}})).contains("between 1 and 6"));
    // Answer values 0 to 3: "above 0" to "above 2" flag some answers.
    assert!(
        rule(serde_json::json!({"ordinal_above": {"item": "support-help", "value": 3}})).contains("between 0 and 2")
    );
    assert!(rule(serde_json::json!({"ordinal_above": {"item": "support-help", "value": 2}})).is_empty());
    assert!(rule(serde_json::json!({"silent": {"hours": 24, "from_day": 0, "to_day": 14}})).contains("stay built in"));
    let mut unknown = triage_rule(serde_json::json!({"yes": {"item": "alone-tonight"}}), "high", None);
    unknown.questionnaire = "promis-29".into();
    assert!(site_checks::triage_rule(&unknown, &known)[0].contains("'promis-29' is not a questionnaire"));

    let merged = merge::schedule(&schedule, 1, &[weekly()], &known).expect("schedule");
    let for_caregivers = reminder(
        serde_json::json!({"window_opens": {"only_schedules": ["site-support-weekly"]}}),
        "caregiver",
    );
    let closes_too_early = reminder(
        serde_json::json!({"window_closing": {"hours_before": 48, "only_schedules": ["site-support-weekly"]}}),
        "patient",
    );
    for (rule, expected) in [
        (for_caregivers, "answered by the patient"),
        (closes_too_early, "is open 48 hours"),
    ] {
        let problems = merge::reminders(&reminders, 1, &[rule], &merged)
            .expect_err(expected)
            .join("; ");
        assert!(problems.contains(expected), "{expected}: {problems}");
    }
}

#[test]
fn a_new_version_of_a_questionnaire_may_not_change_what_a_site_rule_reads() {
    let known = known();
    let old = known
        .iter()
        .find(|q| q.short_name() == "support-check")
        .expect("imported")
        .clone();
    let rules = [
        triage_rule(serde_json::json!({"yes": {"item": "alone-tonight"}}), "high", None),
        triage_rule(
            serde_json::json!({"score_at_least": {"scale": "total", "value": 4}}),
            "high",
            None,
        ),
    ];
    let mut translated = old.clone();
    translated
        .title
        .translations
        .insert("it".into(), "Chi è con lei".into());
    assert!(
        site_checks::reread_problems(&rules, &old, &translated).is_empty(),
        "words alone change nothing"
    );
    let mut no_item = old.clone();
    no_item.items.retain(|i| i.link_id != "alone-tonight");
    let mut new_scale = old.clone();
    new_scale.scales[0].items.pop();
    // The same scale, but an item's answers worth other values: every total changes.
    let mut revalued = old.clone();
    if let Some(crate::domain::checkins::ItemKind::Choice(options)) = revalued
        .items
        .iter_mut()
        .find(|i| i.link_id == "support-help")
        .map(|i| &mut i.kind)
    {
        options.iter_mut().for_each(|o| o.ordinal = o.ordinal.map(|v| v * 2));
    }
    for new in [no_item, new_scale, revalued] {
        assert_eq!(site_checks::reread_problems(&rules, &old, &new).len(), 1);
    }
}
