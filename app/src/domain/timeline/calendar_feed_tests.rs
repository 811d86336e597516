use super::*;
use crate::domain::test_journeys::{cd19, date};
use proptest::prelude::*;

fn neutral(_: &Milestone, shown: Shown) -> String {
    match shown {
        Shown::Visit => "Hospital visit".into(),
        Shown::TravelFree => "Free to travel further".into(),
        Shown::DrivingFree => "Free to drive again".into(),
    }
}

#[test]
fn visits_and_the_two_restriction_ends_go_in_manufacturing_does_not() {
    let timeline = cd19(date(2027, 1, 4));
    let events = events(7, 3, &timeline, &[], neutral);
    let kinds: Vec<MilestoneKind> = timeline
        .chronological()
        .into_iter()
        .map(|i| timeline.milestones[i].kind)
        .filter(|k| shown(*k).is_some())
        .collect();
    assert_eq!(events.len(), kinds.len());
    assert!(kinds.contains(&MilestoneKind::Infusion) && kinds.contains(&MilestoneKind::FollowUp));
    assert!(!kinds.contains(&MilestoneKind::ProductReleased));
    assert!(events.iter().all(|e| e.sequence == 3 && e.uid.starts_with("7-")));
    let infusion = timeline.first_of(MilestoneKind::Infusion).expect("infusion");
    let event = events
        .iter()
        .find(|e| e.uid == format!("7-{}@vein-to-vein", infusion.key))
        .expect("in");
    assert_eq!(
        (event.date, event.summary.as_str()),
        (infusion.date(), "Hospital visit")
    );
    // Every UID differs: follow-ups share a kind, not a key.
    let mut uids: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len());
}

#[test]
fn a_cancelled_step_leaves_the_feed_and_a_moved_one_keeps_its_uid() {
    let mut timeline = cd19(date(2027, 1, 4));
    let before = events(1, 1, &timeline, &[], neutral);
    let i = timeline.index_of("apheresis").expect("apheresis");
    timeline.milestones[i].status = MilestoneStatus::Cancelled;
    let after = events(1, 2, &timeline, &[], neutral);
    assert_eq!(after.len(), before.len() - 1);
    assert!(!after.iter().any(|e| e.uid == "1-apheresis@vein-to-vein"));
    let moved = cd19(date(2027, 2, 1));
    let again = events(1, 3, &moved, &[], neutral);
    let uid = |list: &[FeedEvent]| {
        list.iter()
            .find(|e| e.uid == "1-apheresis@vein-to-vein")
            .map(|e| e.date)
    };
    assert_ne!(uid(&again), uid(&before), "moved");
    assert!(uid(&again).is_some(), "the same UID");
}

#[test]
fn a_step_with_an_hour_lasts_an_hour_from_it_and_one_without_is_all_day() {
    let timeline = cd19(date(2027, 1, 4));
    let i = timeline.index_of("infusion").expect("infusion");
    let mut times = vec![None; timeline.milestones.len()];
    let at = date(2027, 2, 3).and_hms_opt(8, 30, 0).expect("time").and_utc();
    times[i] = Some(at.timestamp());
    let stamp = date(2027, 1, 4).and_hms_opt(12, 0, 0).expect("time").and_utc();
    let text = ics("Hospital visits", &events(9, 1, &timeline, &times, neutral), stamp);
    assert!(text.contains("UID:9-infusion@vein-to-vein\r\nDTSTAMP:20270104T120000Z\r\nSEQUENCE:1\r\nDTSTART:20270203T083000Z\r\nDURATION:PT1H\r\n"));
    let apheresis = timeline.first_of(MilestoneKind::Apheresis).expect("apheresis").date();
    let next = apheresis + Days::new(1);
    assert!(text.contains(&format!(
        "DTSTART;VALUE=DATE:{}\r\nDTEND;VALUE=DATE:{}\r\n",
        apheresis.format("%Y%m%d"),
        next.format("%Y%m%d")
    )));
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
}

#[test]
fn text_is_escaped() {
    assert_eq!(
        escape("Visite; salle 3, étage 2\\\nporte"),
        "Visite\\; salle 3\\, étage 2\\\\\\nporte"
    );
}

/// Unfolding (RFC 5545 §3.1: a CRLF followed by one space is removed).
fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").trim_end_matches("\r\n").to_string()
}

proptest! {
    #[test]
    fn folded_lines_fit_in_75_octets_and_unfold_to_the_line(line in "[a-zA-Zéèü€ 😀;:,]{0,300}") {
        let folded = fold(&line);
        prop_assert!(folded.ends_with("\r\n"));
        for physical in folded.trim_end_matches("\r\n").split("\r\n") {
            prop_assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        prop_assert_eq!(unfold(&folded), line);
    }
}
