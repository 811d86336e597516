use super::*;
use chrono::NaiveDate;
use MilestoneKind::*;

use super::catalogue_tests::{date, shipped as catalogue};

const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 3, 20) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A CD19 patient in Belgium referred on 2 March 2026: apheresis planned 22 March.
fn cd19() -> Timeline {
    Timeline::new(catalogue().plan_for("axi-cel", "BE").expect("plan"), date(2026, 3, 2))
}

fn at(t: &Timeline, kind: MilestoneKind) -> NaiveDate {
    t.first_of(kind).expect("kind").date()
}

fn nurse(t: &Timeline, key: &str, action: Action) -> Result<Outcome, EditError> {
    apply(t, key, action, Source::Nurse, TODAY)
}

fn done(t: Timeline, key: &str, on: NaiveDate) -> Timeline {
    nurse(&t, key, Action::Done(on)).expect("done").timeline
}

#[test]
fn delaying_release_moves_shipping_and_infusion_and_tells_the_patient() {
    let t = cd19();
    let release = at(&t, ProductReleased);
    let out = nurse(&t, "product_released", Action::Delay(release + chrono::Days::new(7))).expect("accepted");
    for kind in [
        ProductShipped,
        ProductReceived,
        Lymphodepletion,
        Infusion,
        Discharge,
        FollowUp,
    ] {
        assert_eq!((at(&out.timeline, kind) - at(&t, kind)).num_days(), 7, "{kind:?}");
    }
    for kind in [
        Referral,
        Eligibility,
        Apheresis,
        CellsShipped,
        ManufacturingStarted,
        Bridging,
    ] {
        assert_eq!(at(&out.timeline, kind), at(&t, kind), "{kind:?}");
    }
    assert_eq!(
        out.notice,
        Some(Notice {
            key: "infusion".into(),
            kind: Infusion,
            from: at(&t, Infusion),
            to: at(&out.timeline, Infusion)
        })
    );
    assert_eq!(
        out.timeline.first_of(ProductReleased).map(|m| m.status),
        Some(MilestoneStatus::Delayed)
    );
    assert!(out.moves.iter().any(|m| m.kind == Infusion));
    assert!(!out.moves.iter().any(|m| m.kind == Apheresis));
}

#[test]
fn infusion_before_release_is_refused_naming_the_release() {
    let t = done(cd19(), "apheresis", date(2026, 3, 18));
    let t = done(t, "cells_shipped", date(2026, 3, 19));
    let t = nurse(&t, "product_released", Action::Confirm(date(2026, 4, 10)))
        .expect("confirmed")
        .timeline;
    let refused = nurse(&t, "infusion", Action::Confirm(date(2026, 4, 8)));
    assert_eq!(
        refused,
        Err(EditError::MustFollow {
            kind: Infusion,
            date: date(2026, 4, 8),
            other: ProductReleased,
            other_date: date(2026, 4, 10)
        })
    );
}

#[test]
fn release_before_apheresis_is_refused_naming_the_apheresis() {
    let t = done(cd19(), "apheresis", date(2026, 3, 18));
    let refused = nurse(&t, "product_released", Action::Confirm(date(2026, 3, 10)));
    assert!(
        matches!(refused, Err(EditError::MustFollow { other: Apheresis, other_date, .. }) if other_date == date(2026, 3, 18)),
        "{refused:?}"
    );
}

#[test]
fn a_date_before_infusion_more_than_a_year_away_is_refused() {
    let t = cd19();
    assert_eq!(
        nurse(&t, "apheresis", Action::Confirm(date(2027, 3, 21))),
        Err(EditError::TooFarFromToday { kind: Apheresis })
    );
    assert_eq!(
        nurse(&t, "infusion", Action::Set(date(2025, 3, 1))),
        Err(EditError::TooFarFromToday { kind: Infusion })
    );
    assert!(nurse(&t, "apheresis", Action::Confirm(date(2027, 3, 20))).is_ok());
    // Follow-ups are far off by design, but not centuries.
    assert_eq!(
        nurse(&t, "follow_up_year_15", Action::Set(date(9999, 1, 1))),
        Err(EditError::TooFarFromToday { kind: FollowUp })
    );
    assert!(nurse(&t, "follow_up_year_15", Action::Confirm(date(2041, 6, 1))).is_ok());
}

#[test]
fn unknown_milestones_and_impossible_actions_are_refused() {
    let t = cd19();
    assert_eq!(
        nurse(&t, "teleportation", Action::Cancel),
        Err(EditError::UnknownMilestone("teleportation".into()))
    );
    assert_eq!(
        nurse(&t, "infusion", Action::Cancel),
        Err(EditError::CannotCancel { kind: Infusion })
    );
    assert_eq!(
        nurse(&t, "apheresis", Action::Done(date(2026, 3, 21))),
        Err(EditError::DoneInFuture { kind: Apheresis })
    );
    let planned = at(&t, ProductReleased);
    assert_eq!(
        nurse(&t, "product_released", Action::Delay(planned)),
        Err(EditError::DelayNotLater {
            kind: ProductReleased,
            planned
        })
    );
    assert_eq!(
        nurse(&t, "product_released", Action::Remanufacture(planned)),
        Err(EditError::RemanufactureOnlyManufacturing)
    );
    let t = done(t, "apheresis", date(2026, 3, 18));
    assert_eq!(
        nurse(&t, "apheresis", Action::Confirm(date(2026, 3, 19))),
        Err(EditError::AlreadyDone { kind: Apheresis })
    );
    let cancelled = nurse(&t, "bridging", Action::Cancel).expect("bridging is optional");
    assert_eq!(
        cancelled.timeline.first_of(Bridging).map(|m| m.status),
        Some(MilestoneStatus::Cancelled)
    );
}

#[test]
fn a_delay_past_a_confirmed_infusion_is_recorded_and_the_infusion_reported() {
    let t = cd19();
    let infusion = at(&t, Infusion);
    let t = nurse(&t, "infusion", Action::Confirm(infusion))
        .expect("confirmed")
        .timeline;
    let release = at(&t, ProductReleased);
    let out = nurse(&t, "product_released", Action::Delay(release + chrono::Days::new(10))).expect("a fact");
    assert_eq!(at(&out.timeline, Infusion), infusion, "a confirmed date is not moved");
    let infusion_index = out.timeline.index_of_kind(Infusion).expect("infusion");
    assert!(
        out.conflicts.iter().any(|c| c.later == infusion_index),
        "{:?}",
        out.conflicts
    );
}

#[test]
fn a_manufacturing_site_reports_facts_even_out_of_order() {
    let t = cd19();
    // Apheresis is still planned for 22 March, but the site says manufacturing started on the 19th.
    let out = apply(
        &t,
        "manufacturing_started",
        Action::Done(date(2026, 3, 19)),
        Source::Integration,
        TODAY,
    )
    .expect("recorded");
    assert_eq!(
        out.timeline.first_of(ManufacturingStarted).and_then(|m| m.source),
        Some(Source::Integration)
    );
    assert!(!out.conflicts.is_empty());
}

#[test]
fn re_manufacture_restarts_the_run_and_moves_what_follows() {
    let t = done(cd19(), "apheresis", date(2026, 3, 18));
    let t = done(t, "cells_shipped", date(2026, 3, 19));
    let t = done(t, "manufacturing_started", date(2026, 3, 20));
    let released = at(&t, ProductReleased);
    let out = nurse(&t, "manufacturing_started", Action::Remanufacture(date(2026, 4, 3))).expect("re-made");
    let m = out.timeline.first_of(ManufacturingStarted).expect("mfg");
    assert_eq!((m.status, m.planned_on), (MilestoneStatus::Confirmed, date(2026, 4, 3)));
    assert_eq!((at(&out.timeline, ProductReleased) - released).num_days(), 14);
    assert_eq!(out.notice.map(|n| n.kind), Some(Infusion));
}

#[test]
fn a_set_date_keeps_its_distance_when_what_it_hangs_from_moves() {
    let t = cd19();
    let received = at(&t, ProductReceived);
    let t = nurse(&t, "infusion", Action::Set(received + chrono::Days::new(10)))
        .expect("set")
        .timeline;
    let release = at(&t, ProductReleased);
    let t = nurse(&t, "product_released", Action::Delay(release + chrono::Days::new(3)))
        .expect("delay")
        .timeline;
    assert_eq!((at(&t, Infusion) - at(&t, ProductReceived)).num_days(), 10);
}

#[test]
fn progress_reads_stage_day_counter_and_waiting() {
    let t = cd19();
    assert_eq!(stage(&t), Stage::Preparing);
    assert_eq!(day_counter(&t, TODAY), DayCounter::NotStarted);
    let t = done(t, "apheresis", date(2026, 3, 18));
    assert_eq!(stage(&t), Stage::CellsInProduction);
    assert_eq!(day_counter(&t, TODAY), DayCounter::WaitingForCells);
    let w = waiting(&t, TODAY).expect("waiting");
    assert_eq!((w.at, w.delayed), (Apheresis, false));
    let release = at(&t, ProductReleased);
    let t = nurse(&t, "product_released", Action::Delay(release + chrono::Days::new(5)))
        .expect("delay")
        .timeline;
    let w = waiting(&t, TODAY).expect("waiting");
    assert!(w.delayed);
    assert_eq!(w.expected_release, release + chrono::Days::new(5));
    let infusion = at(&t, Infusion);
    let t = nurse(&t, "infusion", Action::Confirm(infusion))
        .expect("confirm")
        .timeline;
    assert_eq!(day_counter(&t, infusion - chrono::Days::new(3)), DayCounter::Day(-3));
    assert_eq!(day_counter(&t, infusion + chrono::Days::new(12)), DayCounter::Day(12));
}
