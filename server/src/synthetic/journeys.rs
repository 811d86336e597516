//! Synthetic journeys that depart from their plan as real ones do: late releases and
//! infusions, re-manufactured runs, deaths. Exports must be tested on that variety.
use super::entry;
use crate::{
    error::StartupError,
    storage::{reminders::ReminderPlan, timeline as timeline_store, Db},
};
use app::domain::timeline::{
    apply, delay_reason::DelayReason, plan, Action, Catalogue, MilestoneKind, MilestoneStatus, Source, Timeline,
    TreatmentStatus,
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
    /// The coded reason the nurse gave for each slip, if any.
    release_reason: Option<DelayReason>,
    infusion_reason: Option<DelayReason>,
}

/// A reason for a slip as nurses give them: mostly a manufacturing slot or shipping, now and
/// then the patient's condition, sometimes none.
fn reason(rng: &mut StdRng, for_infusion: bool) -> Option<DelayReason> {
    let weights: [(Option<DelayReason>, u32); 6] = [
        (Some(DelayReason::Slot), if for_infusion { 1 } else { 5 }),
        (Some(DelayReason::Shipping), 3),
        (Some(DelayReason::OutOfSpecification), if for_infusion { 0 } else { 1 }),
        (Some(DelayReason::PatientCondition), if for_infusion { 5 } else { 1 }),
        (Some(DelayReason::Other), 1),
        (None, 2),
    ];
    let total: u32 = weights.iter().map(|w| w.1).sum();
    let mut pick = rng.gen_range(0..total);
    for (reason, weight) in weights {
        if pick < weight {
            return reason;
        }
        pick -= weight;
    }
    None
}

/// A change made to a synthetic journey, recorded as the nurse's editor records one, so that
/// exports read its history (first planned dates, delays and their reasons, runs again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub action: &'static str,
    pub position: usize,
    pub key: String,
    pub from: (MilestoneStatus, NaiveDate),
    pub to: (MilestoneStatus, NaiveDate),
    pub reason: Option<DelayReason>,
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
        release_reason: reason(rng, false),
        infusion_reason: reason(rng, true),
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
) -> Result<(Timeline, Vec<Change>), StartupError> {
    let plan = journeys
        .plan_for(product, country)
        .ok_or_else(|| StartupError::Other(format!("the catalogue has no plan for {product} in {country}")))?;
    let mut timeline = Timeline::new(plan, start);
    let mut changes = Vec::new();
    for i in 0..timeline.milestones.len() {
        let (key, kind) = (timeline.milestones[i].key.clone(), timeline.milestones[i].kind);
        if kind > done_until || kind == MilestoneKind::Bridging {
            continue;
        }
        let (slip, reason) = match kind {
            MilestoneKind::ProductReleased => (vary.release_slip, vary.release_reason),
            MilestoneKind::Infusion => (vary.infusion_slip, vary.infusion_reason),
            _ => (0, None),
        };
        if slip > 0 {
            let before = &timeline.milestones[i];
            let from = (before.status, before.planned_on);
            let later = plan::shift(before.planned_on, slip);
            timeline = edited(timeline, &key, Action::Delay(later), today);
            let after = &timeline.milestones[i];
            if after.planned_on != from.1 {
                changes.push(Change {
                    action: "delay",
                    position: i,
                    key: key.clone(),
                    from,
                    to: (after.status, after.planned_on),
                    reason,
                });
            }
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
                let from = (timeline.milestones[i].status, on);
                timeline = edited(timeline, &key, Action::Remanufacture(restart), today);
                let after = &timeline.milestones[i];
                changes.push(Change {
                    action: "remanufacture",
                    position: i,
                    key: key.clone(),
                    from,
                    to: (after.status, after.planned_on),
                    reason: None,
                });
            }
        }
    }
    Ok((timeline, changes))
}

/// Records the journey's changes as the editor does (each with the milestone it moved),
/// dated three days before the step was due, at 09:00 UTC: exports read them as of their cut.
pub async fn record_changes(db: &Db, treatment_id: i64, nurse_id: i64, changes: &[Change]) -> Result<(), StartupError> {
    for c in changes {
        let at = plan::shift(c.from.1, -3)
            .and_hms_opt(9, 0, 0)
            .map_or(crate::storage::now(), |t| t.and_utc().timestamp())
            .min(crate::storage::now());
        let change_id: i64 = sqlx::query_scalar("INSERT INTO timeline_changes (treatment_id, at, source, actor_id, action, milestone_key, reason, delay_reason) VALUES ($1, $2, 'nurse', $3, $4, $5, 'synthetic', $6) RETURNING id")
            .bind(treatment_id)
            .bind(at)
            .bind(nurse_id)
            .bind(c.action)
            .bind(&c.key)
            .bind(c.reason.map(DelayReason::as_str))
            .fetch_one(&db.pool)
            .await?;
        sqlx::query("INSERT INTO milestone_history (change_id, position, key, old_status, new_status, old_on, new_on) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(change_id)
            .bind(c.position as i64)
            .bind(&c.key)
            .bind(c.from.0.as_str())
            .bind(c.to.0.as_str())
            .bind(c.from.1.to_string())
            .bind(c.to.1.to_string())
            .execute(&db.pool)
            .await?;
    }
    Ok(())
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
