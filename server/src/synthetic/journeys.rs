//! Synthetic journeys that depart from their plan as real ones do: late releases and
//! infusions, re-manufactured runs, deaths. Exports must be tested on that variety.
use super::entry;
use crate::{
    error::StartupError,
    storage::{reminders::ReminderPlan, timeline as timeline_store, Db},
};
use app::domain::timeline::{
    apply, plan, Action, Catalogue, MilestoneKind, MilestoneStatus, Source, Timeline, TreatmentStatus,
};
use chrono::NaiveDate;
use rand::{rngs::StdRng, Rng};

/// How a synthetic journey departs from its plan, drawn once per patient: real journeys
/// slip, re-manufacture and end, and exports must be tested on that variety.
#[derive(Clone, Copy, Debug, Default)]
pub struct Variation {
    /// Days the release slips (0: on time).
    release_slip: i64,
    /// Days the infusion is postponed.
    infusion_slip: i64,
    /// Days after the first run that manufacturing restarts, out of specification.
    remanufacture_after: Option<i64>,
    /// Days each step is done early (-) or late (+) against its planned date.
    jitter: i64,
    /// Dies this many days after infusion (if that day has come).
    dies_after: Option<i64>,
}

/// About 1 in 4 releases slip by 3 to 21 days, 1 in 7 infusions by 1 to 10, 1 in 16 runs
/// are re-manufactured, and 1 in 12 infused patients die within the first 200 days.
pub fn variation(rng: &mut StdRng) -> Variation {
    Variation {
        release_slip: if rng.gen_bool(0.25) { rng.gen_range(3..=21) } else { 0 },
        infusion_slip: if rng.gen_bool(0.15) { rng.gen_range(1..=10) } else { 0 },
        remanufacture_after: rng.gen_bool(1.0 / 16.0).then(|| rng.gen_range(14..=28)),
        jitter: rng.gen_range(-1..=2),
        dies_after: rng.gen_bool(1.0 / 12.0).then(|| rng.gen_range(5..=200)),
    }
}

pub fn treatment(
    journeys: &Catalogue,
    product: &str,
    country: &str,
    start: NaiveDate,
    done_until: MilestoneKind,
    today: NaiveDate,
    vary: Variation,
) -> Result<Timeline, StartupError> {
    let plan = journeys
        .plan_for(product, country)
        .ok_or_else(|| StartupError::Other(format!("the catalogue has no plan for {product} in {country}")))?;
    let mut timeline = Timeline::new(plan, start);
    for i in 0..timeline.milestones.len() {
        let (key, kind) = (timeline.milestones[i].key.clone(), timeline.milestones[i].kind);
        if kind > done_until || kind == MilestoneKind::Bridging {
            continue;
        }
        let slip = match kind {
            MilestoneKind::ProductReleased => vary.release_slip,
            MilestoneKind::Infusion => vary.infusion_slip,
            _ => 0,
        };
        if slip > 0 {
            let later = plan::shift(timeline.milestones[i].planned_on, slip);
            timeline = edited(timeline, &key, Action::Delay(later), today);
        }
        let on = plan::shift(timeline.milestones[i].planned_on, vary.jitter);
        if on > today {
            continue;
        }
        let done = edited(timeline.clone(), &key, Action::Done(on), today);
        // A step cannot be done before the one it follows: then it is done as planned.
        timeline = if done.milestones[i].status == MilestoneStatus::Done {
            done
        } else {
            let planned = timeline.milestones[i].planned_on;
            edited(timeline, &key, Action::Done(planned.min(today)), today)
        };
        if let (MilestoneKind::ManufacturingStarted, Some(after)) = (kind, vary.remanufacture_after) {
            let restart = plan::shift(on, after);
            if restart <= today {
                timeline = edited(timeline, &key, Action::Remanufacture(restart), today);
            }
        }
    }
    Ok(timeline)
}

/// The timeline after the change, or as it was if the change does not apply.
fn edited(timeline: Timeline, key: &str, action: Action, today: NaiveDate) -> Timeline {
    match apply(&timeline, key, action, Source::Nurse, today) {
        Ok(outcome) => outcome.timeline,
        Err(_) => timeline,
    }
}

/// The day of death, if the patient was infused and it has come.
pub fn death_of(timeline: &Timeline, vary: Variation, today: NaiveDate) -> Option<NaiveDate> {
    let infused = timeline
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::Infusion && m.status == MilestoneStatus::Done)?
        .actual_on?;
    let day = plan::shift(infused, vary.dies_after?);
    (day <= today).then_some(day)
}

pub async fn close_deceased(db: &Db, treatment_id: i64, nurse_id: i64) -> Result<(), StartupError> {
    let stored = timeline_store::load(db, treatment_id)
        .await?
        .ok_or_else(|| StartupError::Other("a seeded treatment vanished".into()))?;
    timeline_store::close(
        db,
        &stored,
        TreatmentStatus::Deceased,
        "synthetic",
        entry("treatment.closed", stored.patient_id),
        nurse_id,
        &ReminderPlan::default(),
    )
    .await
    .map_err(|e| StartupError::Other(format!("closing a seeded treatment: {e}")))
}
