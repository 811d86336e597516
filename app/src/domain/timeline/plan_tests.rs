//! Projection: pins, shifts and conflicts, with property tests for order and idempotence.
use super::catalogue_tests::{date, shipped};
use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;

fn cd19() -> Plan {
    shipped().plan_for("axi-cel", "BE").expect("plan")
}

fn pin(plan: &Plan, states: &mut [StepState], kind: MilestoneKind, on: NaiveDate) {
    states[plan.first_of(kind).expect("kind in plan")].pinned = Some(on);
}

#[test]
fn a_later_release_moves_every_unpinned_step_after_it_and_nothing_before() {
    let plan = cd19();
    let start = date(2026, 3, 2);
    let mut states = plan.unpinned();
    let before = plan.project(start, &states);
    let release = plan.first_of(MilestoneKind::ProductReleased).expect("release");
    pin(
        &plan,
        &mut states,
        MilestoneKind::ProductReleased,
        plan::shift(before.dates[release], 7),
    );
    let after = plan.project(start, &states);
    for i in 0..plan.steps.len() {
        let moved = (after.dates[i] - before.dates[i]).num_days();
        let expected = if i == release || plan.dependants(release).contains(&i) {
            7
        } else {
            0
        };
        assert_eq!(moved, expected, "{}", plan.steps[i].key);
    }
    assert!(after.conflicts.is_empty());
}

#[test]
fn a_confirmed_infusion_that_a_delay_overtakes_is_reported_not_moved() {
    let plan = cd19();
    let start = date(2026, 3, 2);
    let mut states = plan.unpinned();
    let planned = plan.project(start, &states);
    let infusion = plan.first_of(MilestoneKind::Infusion).expect("infusion");
    let received = plan.first_of(MilestoneKind::ProductReceived).expect("received");
    let lymphodepletion = plan.first_of(MilestoneKind::Lymphodepletion).expect("ld");
    states[infusion].pinned = Some(planned.dates[infusion]);
    let release = plan.first_of(MilestoneKind::ProductReleased).expect("release");
    states[release].pinned = Some(plan::shift(planned.dates[release], 10));
    let p = plan.project(start, &states);
    assert_eq!(p.dates[infusion], planned.dates[infusion], "a pinned date stays");
    assert!(p.conflicts.contains(&Conflict {
        earlier: received,
        later: infusion
    }));
    assert!(p.conflicts.contains(&Conflict {
        earlier: received,
        later: lymphodepletion
    }));
}

#[test]
fn cancelled_bridging_orders_nothing_but_keeps_a_date() {
    let plan = cd19();
    let mut states = plan.unpinned();
    let bridging = plan.first_of(MilestoneKind::Bridging).expect("bridging");
    states[bridging].cancelled = true;
    let p = plan.project(date(2026, 3, 2), &states);
    assert!(p.conflicts.is_empty());
    assert_eq!(p.dates.len(), plan.steps.len());
}

/// Random states over the CD19 plan: some steps pinned, some moved, bridging maybe cancelled.
fn states_strategy(n: usize) -> impl Strategy<Value = Vec<StepState>> {
    proptest::collection::vec(
        (
            proptest::option::weighted(0.3, -60i64..500),
            -10i32..10,
            proptest::bool::weighted(0.1),
        ),
        n,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .map(|(pin, extra, cancelled)| StepState {
                pinned: pin.map(|d| plan::shift(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default(), d)),
                extra_days: extra,
                cancelled,
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn projecting_twice_or_from_its_own_output_gives_the_same_timeline(states in states_strategy(cd19().steps.len()), start in -400i64..400) {
        let plan = cd19();
        let start = plan::shift(date(2026, 3, 2), start);
        let once = plan.project(start, &states);
        prop_assert_eq!(&once, &plan.project(start, &states));
        let all_pinned: Vec<StepState> = states.iter().zip(&once.dates)
            .map(|(s, d)| StepState { pinned: Some(*d), ..*s }).collect();
        prop_assert_eq!(&once, &plan.project(start, &all_pinned));
    }

    #[test]
    fn unpinned_steps_keep_their_distance_and_every_broken_order_is_reported(states in states_strategy(cd19().steps.len())) {
        let plan = cd19();
        let start = date(2026, 3, 2);
        let p = plan.project(start, &states);
        for (i, step) in plan.steps.iter().enumerate() {
            if states[i].pinned.is_none() {
                let from = step.after.map(|a| p.dates[a]).unwrap_or(start);
                prop_assert_eq!(p.dates[i], plan::shift(from, i64::from(step.days + states[i].extra_days)));
            }
        }
        let broken: Vec<Conflict> = plan.constraints().iter()
            .filter(|&&(e, l)| !states[e].cancelled && !states[l].cancelled && p.dates[l] < p.dates[e])
            .map(|&(earlier, later)| Conflict { earlier, later }).collect();
        prop_assert_eq!(&p.conflicts, &broken);
    }

    #[test]
    fn without_pins_the_timeline_is_always_in_order(start in -4000i64..4000) {
        let plan = cd19();
        let p = plan.project(plan::shift(date(2026, 3, 2), start), &plan.unpinned());
        prop_assert!(p.conflicts.is_empty());
    }

    #[test]
    fn moving_a_pin_moves_exactly_its_unpinned_dependants_by_as_much(
        states in states_strategy(cd19().steps.len()), which in 0usize..100, delta in -30i64..30,
    ) {
        let plan = cd19();
        let start = date(2026, 3, 2);
        let m = which % plan.steps.len();
        let mut a = states.clone();
        a[m].pinned = Some(date(2026, 4, 1));
        let mut b = a.clone();
        b[m].pinned = Some(plan::shift(date(2026, 4, 1), delta));
        let (pa, pb) = (plan.project(start, &a), plan.project(start, &b));
        // Expected movers: m, then any unpinned step whose parent moves.
        let mut moves = vec![false; plan.steps.len()];
        moves[m] = true;
        let mut changed = true;
        while changed {
            changed = false;
            for (i, step) in plan.steps.iter().enumerate() {
                if !moves[i] && a[i].pinned.is_none() && step.after.is_some_and(|p| moves[p]) {
                    moves[i] = true;
                    changed = true;
                }
            }
        }
        for (i, moved) in moves.iter().enumerate() {
            let shift = (pb.dates[i] - pa.dates[i]).num_days();
            prop_assert_eq!(shift, if *moved { delta } else { 0 }, "{}", plan.steps[i].key);
        }
    }
}
