//! Reminder rules, their plan on a real journey, quiet hours, the outbox's reconciliation
//! and the "your plan changed" notice.
use super::outbox::{Key, Wanted};
use super::*;
use crate::domain::checkins::CheckinSchedule;
use crate::domain::test_journeys::{at, cd19, date, day_of};
use crate::domain::timeline::{apply, Action, MilestoneKind, Source, Timeline};
use chrono::Days;

fn planned(t: &Timeline) -> Vec<Planned> {
    let windows = CheckinSchedule::builtin().expect("valid").windows(t);
    plan(&ReminderCatalogue::builtin().expect("valid"), t, &windows)
}

fn of<'a>(all: &'a [Planned], rule: &str, audience: Audience) -> Vec<&'a Planned> {
    all.iter()
        .filter(|p| p.rule == rule && p.audience == audience)
        .collect()
}

#[test]
fn the_built_in_rules_are_valid_and_written_in_every_language() {
    let catalogue = ReminderCatalogue::builtin().expect("valid");
    assert_eq!(catalogue.quiet_hours, QuietHours::new("22:00", "07:00").expect("valid"));
    for rule in &catalogue.rules {
        for lang in LANGUAGES {
            let (title, body) = rule.words(lang, &[]);
            assert!(!title.is_empty() && !body.is_empty(), "{} in {lang}", rule.id);
        }
    }
    // Only the nurses' alert is urgent, and it cannot be switched off.
    let urgent: Vec<&str> = catalogue
        .rules
        .iter()
        .filter(|r| r.kind.is_urgent())
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(urgent, ["urgent-flag"]);
    assert!(!ReminderKind::Urgent.may_be_switched_off());
    assert!(ReminderKind::Temperature.may_be_switched_off());
}

#[test]
fn a_bad_rule_is_refused_with_its_id_and_the_problem() {
    let good = include_str!("../../../catalogue/reminders.json");
    let cases = [
        (
            "\"milestone\": \"apheresis\", \"days\": -1",
            "\"milestone\": \"apheresys\", \"days\": -1",
            "'apheresys' is not a milestone",
        ),
        (
            "\"time\": \"18:00\"",
            "\"time\": \"6pm\"",
            "'6pm' is not a time like 08:00",
        ),
        (
            "\"de\": \"Morgen ist die Zellentnahme\"",
            "\"xx\": \"\"",
            "the title has no 'de' text",
        ),
        (
            "\"useful_hours\": 14,",
            "\"useful_hours\": 0,",
            "useful_hours must be at least 1",
        ),
    ];
    for (from, to, problem) in cases {
        assert!(good.contains(from), "{from}");
        let bad = good.replacen(from, to, 1);
        let error = ReminderCatalogue::from_json(&bad).expect_err("refused");
        assert_eq!(error.to_string(), format!("reminder rule 'apheresis-eve': {problem}"));
    }
    assert!(matches!(ReminderCatalogue::from_json("{"), Err(RulesError::Json(_))));
}

#[test]
fn milestone_reminders_fall_on_the_journey_s_own_dates() {
    let t = cd19(date(2026, 3, 2));
    let all = planned(&t);
    let apheresis = day_of(&t, MilestoneKind::Apheresis);
    let eve = of(&all, "apheresis-eve", Audience::Patient);
    assert_eq!(eve.len(), 1);
    assert_eq!(eve[0].due, at(apheresis - Days::new(1), 18, 0));
    assert_eq!(eve[0].base, TimeBase::Recipient);
    assert_eq!(
        of(&all, "apheresis-eve", Audience::Caregiver).len(),
        1,
        "the caregiver too"
    );
    let infusion = day_of(&t, MilestoneKind::Infusion);
    assert_eq!(of(&all, "infusion-day", Audience::Patient)[0].due, at(infusion, 7, 0));
    // One reminder the evening before each of the follow-up visits (4, then yearly to 15).
    let visits = t
        .milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::FollowUp)
        .count();
    assert_eq!(of(&all, "follow-up-tomorrow", Audience::Patient).len(), visits);
    assert!(visits >= 4);
    assert_eq!(of(&all, "driving-ends", Audience::Patient).len(), 1);
}

#[test]
fn temperature_reminders_come_at_8_and_20_from_day_0_to_28() {
    let t = cd19(date(2026, 3, 2));
    let all = planned(&t);
    let infusion = day_of(&t, MilestoneKind::Infusion);
    let temperature = of(&all, "temperature", Audience::Patient);
    assert_eq!(temperature.len(), 29 * 2);
    assert_eq!(temperature[0].due, at(infusion, 8, 0));
    assert_eq!(temperature[57].due, at(infusion + Days::new(28), 20, 0));
    assert!(
        of(&all, "temperature", Audience::Caregiver).is_empty(),
        "the patient's to take"
    );
}

#[test]
fn check_in_reminders_follow_the_windows_and_their_respondents() {
    let t = cd19(date(2026, 3, 2));
    let windows = CheckinSchedule::builtin().expect("valid").windows(&t);
    let all = planned(&t);
    let opens = of(&all, "checkin-opens", Audience::Patient);
    // Every patient window but the diary's (the temperature reminder asks for it).
    let patient_windows = windows
        .iter()
        .filter(|w| w.respondent == crate::domain::checkins::Respondent::Patient && w.schedule != "diary")
        .count();
    assert_eq!(opens.len(), patient_windows);
    assert!(opens
        .iter()
        .all(|p| p.base == TimeBase::Centre && p.questionnaire.is_some()));
    // The caregiver hears of their observations and their own PHQ-4, not the patient's PHQ-9.
    let caregiver = of(&all, "checkin-opens", Audience::Caregiver);
    assert!(caregiver.iter().any(|p| p.subject == "caregiver-observation"));
    assert!(caregiver.iter().any(|p| p.subject == "caregiver-phq4"));
    assert!(!caregiver.iter().any(|p| p.questionnaire.as_deref() == Some("phq-9")));
    // Closing warnings come 2 hours before the window closes, never for the 4-hour ones.
    let closing = of(&all, "checkin-closing", Audience::Patient);
    let first = windows
        .iter()
        .find(|w| w.schedule == closing[0].subject)
        .expect("window");
    assert_eq!(closing[0].due, first.closes - chrono::TimeDelta::hours(2));
    assert!(!closing.iter().any(|p| p.subject == "diary"));
}

#[test]
fn when_the_infusion_slips_a_week_its_reminders_move_with_it() {
    let start = date(2026, 3, 2);
    let before = cd19(start);
    let infusion = before
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::Infusion)
        .expect("infusion")
        .clone();
    let later = infusion.date() + Days::new(7);
    let after = apply(&before, &infusion.key, Action::Delay(later), Source::Nurse, start)
        .expect("a valid delay")
        .timeline;
    let (old, new) = (planned(&before), planned(&after));
    let day = |all: &[Planned], rule: &str| of(all, rule, Audience::Patient)[0].due;
    assert_eq!(day(&new, "infusion-day"), day(&old, "infusion-day") + Days::new(7));
    assert_eq!(day(&new, "temperature"), day(&old, "temperature") + Days::new(7));
    // The apheresis happened before the infusion: its reminder stays where it was.
    assert_eq!(day(&new, "apheresis-eve"), day(&old, "apheresis-eve"));
}

#[test]
fn a_done_or_cancelled_step_has_no_reminder() {
    let start = date(2026, 3, 2);
    let t = cd19(start);
    let apheresis = t
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::Apheresis)
        .expect("apheresis")
        .clone();
    let done = apply(
        &t,
        &apheresis.key,
        Action::Done(apheresis.date()),
        Source::Nurse,
        apheresis.date(),
    )
    .expect("done")
    .timeline;
    assert!(of(&planned(&done), "apheresis-eve", Audience::Patient).is_empty());
    let visit = t
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::FollowUp)
        .expect("follow-up")
        .clone();
    let cancelled = apply(&t, &visit.key, Action::Cancel, Source::Nurse, start)
        .expect("cancelled")
        .timeline;
    let all = planned(&cancelled);
    let visits = of(&all, "follow-up-tomorrow", Audience::Patient);
    assert!(!visits.iter().any(|p| p.subject == visit.key));
}

#[test]
fn quiet_hours_hold_a_reminder_to_their_end() {
    let quiet = QuietHours::new("22:00", "07:00").expect("valid");
    let day = date(2026, 3, 2);
    assert_eq!(quiet.hold(at(day, 20, 0)), at(day, 20, 0));
    assert_eq!(quiet.hold(at(day, 22, 0)), at(day + Days::new(1), 7, 0));
    assert_eq!(quiet.hold(at(day, 23, 59)), at(day + Days::new(1), 7, 0));
    assert_eq!(quiet.hold(at(day, 3, 0)), at(day, 7, 0));
    assert_eq!(quiet.hold(at(day, 7, 0)), at(day, 7, 0), "the end is not quiet");
    // Within one day, and none at all.
    let afternoon = QuietHours::new("13:00", "15:00").expect("valid");
    assert_eq!(afternoon.hold(at(day, 14, 0)), at(day, 15, 0));
    assert_eq!(afternoon.hold(at(day, 12, 0)), at(day, 12, 0));
    let none = QuietHours::new("07:00", "07:00").expect("valid");
    assert_eq!(none.hold(at(day, 3, 0)), at(day, 3, 0));
    assert!(QuietHours::new("25:00", "07:00").is_none());
}

fn key(rule: &str, due_at: i64) -> Key {
    Key {
        user_id: 7,
        rule: rule.into(),
        subject: "infusion".into(),
        due_at,
    }
}

fn stored(id: i64, rule: &str, due_at: i64, state: StoredState) -> Stored {
    Stored {
        id,
        key: key(rule, due_at),
        state,
        send_at: due_at,
    }
}

fn wanted(rule: &str, due_at: i64, send_at: i64) -> Wanted {
    Wanted {
        key: key(rule, due_at),
        send_at,
    }
}

#[test]
fn the_outbox_follows_the_plan_and_never_sends_twice() {
    let now = 1_000;
    let rows = [
        stored(1, "infusion-day", 2_000, StoredState::Pending),
        stored(2, "temperature", 500, StoredState::Sent),
        stored(3, "temperature", 3_000, StoredState::Sent),
        stored(4, "apheresis-eve", 4_000, StoredState::Cancelled),
        stored(5, "follow-up-tomorrow", 5_000, StoredState::Pending),
        stored(6, "driving-ends", 6_000, StoredState::Sending),
    ];
    let plan = [
        // infusion-day moved from 2 000 to 2 600.
        wanted("infusion-day", 2_600, 2_600),
        // Already sent: kept as it is, never sent again.
        wanted("temperature", 3_000, 3_000),
        // Back on its old date: the cancelled row comes back.
        wanted("apheresis-eve", 4_000, 4_000),
        // Quiet hours moved its sending time.
        wanted("follow-up-tomorrow", 5_000, 5_500),
        // Being sent: left alone.
        wanted("driving-ends", 6_000, 6_000),
        // Past already: not added.
        wanted("lymphodepletion-morning", 900, 900),
    ];
    let change = reconcile(&rows, &plan, now);
    assert_eq!(change.insert, vec![wanted("infusion-day", 2_600, 2_600)]);
    assert_eq!(change.cancel, vec![1]);
    assert_eq!(change.revive, vec![(4, 4_000)]);
    assert_eq!(change.reschedule, vec![(5, 5_500)]);
    // Applied again to its own result, nothing is left to do.
    let after = [
        stored(1, "infusion-day", 2_000, StoredState::Cancelled),
        stored(2, "temperature", 500, StoredState::Sent),
        stored(3, "temperature", 3_000, StoredState::Sent),
        stored(4, "apheresis-eve", 4_000, StoredState::Pending),
        Stored {
            send_at: 5_500,
            ..stored(5, "follow-up-tomorrow", 5_000, StoredState::Pending)
        },
        stored(6, "driving-ends", 6_000, StoredState::Sending),
        stored(7, "infusion-day", 2_600, StoredState::Pending),
    ];
    assert!(reconcile(&after, &plan, now).is_empty());
    // A closed treatment wants nothing: every pending row is cancelled, and the one being
    // sent too (its request in flight ends it, no retry follows); sent ones are kept.
    let mut closing = reconcile(&after, &[], now).cancel;
    closing.sort();
    assert_eq!(closing, vec![4, 5, 6, 7]);
}

#[test]
fn a_plan_change_names_what_moved_from_when_to_when() {
    let start = date(2026, 3, 2);
    let before = cd19(start);
    let release = before
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::ProductReleased)
        .expect("release")
        .clone();
    let slipped = release.date() + Days::new(7);
    let after = apply(&before, &release.key, Action::Delay(slipped), Source::Nurse, start)
        .expect("a valid delay")
        .timeline;
    // Seen on the day the cells were shipped: the next step ahead is manufacturing, which
    // did not move; the infusion did.
    let today = day_of(&before, MilestoneKind::CellsShipped);
    let change = plan_change(&before, &after, today).expect("a change");
    assert_eq!(change.moved.len(), 1);
    assert_eq!(change.moved[0].kind, MilestoneKind::Infusion);
    assert_eq!(change.moved[0].to, change.moved[0].from + Days::new(7));
    // Seen the day before the release, the release itself is next: both are named, once each.
    let eve = release.date() - Days::new(1);
    let change = plan_change(&before, &after, eve).expect("a change");
    let kinds: Vec<MilestoneKind> = change.moved.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [MilestoneKind::ProductReleased, MilestoneKind::Infusion]);
    // Nothing moved: no notice.
    assert_eq!(plan_change(&before, &before, eve), None);
}
