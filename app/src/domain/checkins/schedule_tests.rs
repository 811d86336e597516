//! Check-in windows hang on the timeline: they are where the milestones are, and move with
//! them.
use super::schedule::*;
use super::{builtin, Respondent};
use crate::domain::test_journeys::{at, cd19, date, day_of};
use crate::domain::timeline::{apply, Action, MilestoneKind, Source};
use chrono::{Days, NaiveDateTime};

fn of<'a>(windows: &'a [Window], schedule: &str) -> Vec<&'a Window> {
    windows.iter().filter(|w| w.schedule == schedule).collect()
}

#[test]
fn the_diary_is_asked_twice_a_day_from_infusion_to_day_28() {
    let t = cd19(date(2026, 3, 2));
    let windows = CheckinSchedule::builtin().expect("valid").windows(&t);
    let infusion = day_of(&t, MilestoneKind::Infusion);
    let diary = of(&windows, "diary");
    assert_eq!(diary.len(), 29 * 2);
    assert_eq!(diary[0].due, at(infusion, 8, 0));
    assert_eq!(diary[0].closes, at(infusion, 12, 0));
    assert_eq!(diary[57].due, at(infusion + Days::new(28), 20, 0));
    assert!(diary.iter().all(|w| w.respondent == Respondent::Patient));
    // The caregiver is asked what they see at the same times.
    let observed = of(&windows, "caregiver-observation");
    assert_eq!(observed.len(), 58);
    assert!(observed.iter().all(|w| w.respondent == Respondent::CaregiverObserving));
}

#[test]
fn phq9_and_gad7_come_at_baseline_and_at_days_28_100_180_365_then_yearly_never_on_a_day_of_treatment() {
    let t = cd19(date(2026, 3, 2));
    let windows = CheckinSchedule::builtin().expect("valid").windows(&t);
    let (apheresis, infusion) = (
        day_of(&t, MilestoneKind::Apheresis),
        day_of(&t, MilestoneKind::Infusion),
    );
    for prefix in ["phq9", "gad7"] {
        let baseline = of(&windows, &format!("{prefix}-baseline"));
        // Not on the day of apheresis itself: the next day, still inside its week.
        let day_after = apheresis + Days::new(1);
        assert_eq!(
            baseline.iter().map(|w| (w.due, w.closes)).collect::<Vec<_>>(),
            [(at(day_after, 10, 0), at(apheresis + Days::new(7), 10, 0))]
        );
        let later: Vec<NaiveDateTime> = of(&windows, &format!("{prefix}-follow-up"))
            .iter()
            .map(|w| w.due)
            .collect();
        let expected: Vec<NaiveDateTime> = [28, 100, 180, 365]
            .into_iter()
            .chain((2..=15).map(|year| 365 * year))
            .map(|d| at(infusion + Days::new(d), 10, 0))
            .collect();
        assert_eq!(later, expected, "{prefix}");
    }
}

#[test]
fn phq4_is_weekly_while_waiting_for_the_cells() {
    let t = cd19(date(2026, 3, 2));
    let windows = CheckinSchedule::builtin().expect("valid").windows(&t);
    let (apheresis, infusion) = (
        day_of(&t, MilestoneKind::Apheresis),
        day_of(&t, MilestoneKind::Infusion),
    );
    let waiting = of(&windows, "waiting-phq4");
    // Every 7 days from apheresis, the last one before infusion day.
    let days_waiting = (infusion - apheresis).num_days() - 1;
    assert_eq!(waiting.len() as i64, days_waiting / 7 + 1);
    assert_eq!(waiting[0].due, at(apheresis, 10, 0));
    assert!(waiting.iter().all(|w| w.due.date() < infusion));
    assert!(waiting.windows(2).all(|p| (p[1].due - p[0].due).num_days() == 7));
}

#[test]
fn when_the_release_slips_a_week_every_window_after_it_moves_a_week() {
    let start = date(2026, 3, 2);
    let before = cd19(start);
    let release = before
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::ProductReleased)
        .expect("release");
    let slipped = release.planned_on + Days::new(7);
    let after = apply(
        &before,
        &release.key.clone(),
        Action::Delay(slipped),
        Source::Nurse,
        start,
    )
    .expect("a valid delay")
    .timeline;
    let schedule = CheckinSchedule::builtin().expect("valid");
    let (old, new) = (schedule.windows(&before), schedule.windows(&after));
    let shifted = |id: &str| -> Vec<i64> {
        of(&old, id)
            .iter()
            .zip(of(&new, id))
            .map(|(a, b)| (b.due - a.due).num_days())
            .collect()
    };
    assert_eq!(shifted("diary").len(), 58);
    assert!(
        shifted("diary").iter().all(|d| *d == 7),
        "the diary follows the infusion"
    );
    assert!(shifted("phq9-follow-up").iter().all(|d| *d == 7));
    assert!(
        shifted("phq9-baseline").iter().all(|d| *d == 0),
        "apheresis did not move"
    );
    // Waiting a week longer adds a weekly PHQ-4.
    assert_eq!(of(&new, "waiting-phq4").len(), of(&old, "waiting-phq4").len() + 1);
}

#[test]
fn a_window_is_upcoming_then_open_then_overdue_unless_answered() {
    let day = date(2026, 4, 1);
    let w = Window {
        schedule: "diary".into(),
        questionnaire: "symptom-diary".into(),
        respondent: Respondent::Patient,
        due: at(day, 8, 0),
        closes: at(day, 12, 0),
        timepoint: "D0-D28".into(),
    };
    assert_eq!(w.state(at(day, 7, 59), None), WindowState::Upcoming);
    assert_eq!(w.state(at(day, 8, 0), None), WindowState::Open);
    assert_eq!(w.state(at(day, 12, 0), None), WindowState::Open);
    assert_eq!(w.state(at(day, 12, 1), None), WindowState::Overdue);
    assert_eq!(w.state(at(day, 13, 0), Some(at(day, 9, 0))), WindowState::Answered);
    assert!(w.is_late(at(day, 12, 1)) && !w.is_late(at(day, 11, 59)));
}

#[test]
fn every_schedule_names_a_built_in_questionnaire() {
    let names: Vec<String> = builtin::all()
        .expect("valid")
        .into_iter()
        .map(|q| q.short_name().to_string())
        .collect();
    for rule in CheckinSchedule::builtin().expect("valid").schedules {
        assert!(
            names.contains(&rule.questionnaire),
            "{} asks for {}",
            rule.id,
            rule.questionnaire
        );
    }
}

#[test]
fn a_bad_schedule_is_refused_with_the_rule_and_the_reason() {
    let rule = |from: &str, time: &str| {
        format!(
            r#"{{"version": "1", "schedules": [{{"id": "x", "questionnaire": "phq-4", "respondent": "patient",
            "from": {{"milestone": "{from}", "days": 0}}, "until": {{"milestone": "infusion", "days": 0}},
            "repeat": {{"every": {{"days": 7, "time": "{time}"}}}}, "open_hours": 24, "timepoints": ["waiting"]}}]}}"#
        )
    };
    assert!(CheckinSchedule::from_json(&rule("apheresis", "10:00")).is_ok());
    assert_eq!(
        CheckinSchedule::from_json(&rule("moon_landing", "10:00")),
        Err(ScheduleError::Rule {
            id: "x".into(),
            problem: "'moon_landing' is not a milestone".into()
        })
    );
    assert!(matches!(
        CheckinSchedule::from_json(&rule("apheresis", "25:00")),
        Err(ScheduleError::Rule { .. })
    ));
    assert!(matches!(CheckinSchedule::from_json("[]"), Err(ScheduleError::Json(_))));
    let unnamed = rule("apheresis", "10:00").replace(r#", "timepoints": ["waiting"]"#, "");
    assert!(matches!(
        CheckinSchedule::from_json(&unnamed),
        Err(ScheduleError::Json(_))
    ));
    let two_names = rule("apheresis", "10:00").replace(r#"["waiting"]"#, r#"["a", "b"]"#);
    assert!(matches!(
        CheckinSchedule::from_json(&two_names),
        Err(ScheduleError::Rule { problem, .. }) if problem.contains("one timepoint")
    ));
    let taken = rule("apheresis", "10:00").replace(r#"["waiting"]"#, r#"["unscheduled"]"#);
    assert!(CheckinSchedule::from_json(&taken).is_err());
}

#[test]
fn every_window_carries_its_timepoint_and_follow_ups_go_on_yearly_to_year_15() {
    let t = cd19(date(2026, 3, 2));
    let windows = CheckinSchedule::builtin().expect("valid").windows(&t);
    let infusion = day_of(&t, MilestoneKind::Infusion);
    let follow_ups = of(&windows, "phq9-follow-up");
    let named: Vec<(&str, NaiveDateTime)> = follow_ups.iter().map(|w| (w.timepoint.as_str(), w.due)).collect();
    let mut expected = vec![("D28", 28), ("D100", 100), ("D180", 180), ("D365", 365)];
    let years: Vec<String> = (2..=15).map(|y| format!("Y{y}")).collect();
    expected.extend(years.iter().zip(2..=15).map(|(y, n)| (y.as_str(), 365 * n)));
    let expected: Vec<(&str, NaiveDateTime)> = expected
        .into_iter()
        .map(|(name, day)| (name, at(infusion + Days::new(day), 10, 0)))
        .collect();
    assert_eq!(named, expected);
    assert_eq!(of(&windows, "phq9-baseline")[0].timepoint, "baseline");
    // A repeating schedule's windows share the name of the period they cover.
    let diary = of(&windows, "diary");
    assert!(diary.iter().all(|w| w.timepoint == "D0-D28"));
    assert!(of(&windows, "waiting-phq4").iter().all(|w| w.timepoint == "waiting"));
}

#[test]
fn a_window_on_a_day_of_treatment_moves_to_the_next_calmer_day_inside_it() {
    let (d1, d2, d3) = (date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 6));
    let week = |day| (at(day, 10, 0), at(day, 10, 0) + chrono::TimeDelta::hours(168));
    let (due, closes) = week(d1);
    // (busy days, when it is asked)
    let cases: [(&[chrono::NaiveDate], NaiveDateTime); 5] = [
        (&[], at(d1, 10, 0)),
        (&[d2], at(d1, 10, 0)),
        (&[d1], at(d2, 10, 0)),
        (&[d1, d2], at(d3, 10, 0)),
        // Every day of the window is a day of treatment: asked as planned.
        (
            &[
                d1,
                d2,
                d3,
                date(2026, 5, 7),
                date(2026, 5, 8),
                date(2026, 5, 9),
                date(2026, 5, 10),
                date(2026, 5, 11),
            ],
            due,
        ),
    ];
    for (busy, expected) in cases {
        assert_eq!(calmer_due(due, closes, busy), expected, "{busy:?}");
    }
    // A window shorter than a day cannot move.
    assert_eq!(calmer_due(due, due + chrono::TimeDelta::hours(4), &[d1]), due);
}

#[test]
fn other_check_ins_keep_their_days_even_on_a_day_of_treatment() {
    let t = cd19(date(2026, 3, 2));
    let windows = CheckinSchedule::builtin().expect("valid").windows(&t);
    let (apheresis, infusion) = (
        day_of(&t, MilestoneKind::Apheresis),
        day_of(&t, MilestoneKind::Infusion),
    );
    assert_eq!(of(&windows, "waiting-phq4")[0].due, at(apheresis, 10, 0));
    assert_eq!(
        of(&windows, "diary")[0].due,
        at(infusion, 8, 0),
        "the diary matters most on infusion day"
    );
}

#[test]
fn one_questionnaires_windows_are_those_of_all_windows_for_it_in_the_same_order() {
    let schedule = CheckinSchedule::builtin().expect("valid");
    let t = cd19(date(2026, 3, 2));
    let all = schedule.windows(&t);
    let mut pairs: Vec<(String, Respondent)> = schedule
        .schedules
        .iter()
        .map(|r| (r.questionnaire.clone(), r.respondent))
        .collect();
    pairs.push(("no-such-questionnaire".into(), Respondent::Patient));
    for (questionnaire, respondent) in pairs {
        let expected: Vec<Window> = all
            .iter()
            .filter(|w| w.questionnaire == questionnaire && w.respondent == respondent)
            .cloned()
            .collect();
        assert_eq!(
            schedule.windows_of(&t, &questionnaire, respondent),
            expected,
            "{questionnaire}"
        );
    }
    // Answered by someone else, a questionnaire has other windows (or none).
    assert!(schedule
        .windows_of(&t, "symptom-diary", Respondent::CaregiverSelf)
        .is_empty());
}
