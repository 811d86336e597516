//! Turning a stored timeline into what a reader sees: their language, their time zone,
//! and only what their role may see.
use super::Services;
use crate::{
    storage::{
        accounts,
        centres::{self, CentreProfile},
        timeline::StoredTreatment,
        timeline_board,
    },
    zones,
};
use app::{
    api::{
        timeline::{
            ChangePreview, ConflictView, MilestoneView, MoveView, NoticeView, ProductOption, TimelineView,
            TreatmentView, WaitingView,
        },
        CentreContact,
    },
    backend::Viewer,
    domain::{
        role::Role,
        timeline::{
            self as domain,
            delay_reason::per_treatment,
            wait_range::{self, WaitEstimate},
            Conflict, Outcome, Timeline,
        },
    },
    error::AppError,
};
use chrono_tz::Tz;

pub async fn centre_profile(services: &Services, centre_id: i64) -> Result<CentreProfile, AppError> {
    centres::profile(&services.db, centre_id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn centre_zone(services: &Services, centre_id: i64) -> Result<Tz, AppError> {
    Ok(zones::zone_or_utc(
        &centre_profile(services, centre_id).await?.time_zone,
    ))
}

/// The UTC instant of every step that has a usual hour, at the centre.
pub fn planned_instants(timeline: &Timeline, centre_zone: &str) -> Vec<Option<i64>> {
    let zone = zones::zone_or_utc(centre_zone);
    timeline
        .milestones
        .iter()
        .zip(&timeline.plan.steps)
        .map(|(m, step)| step.time.and_then(|t| zones::instant(m.planned_on, t, zone)))
        .collect()
}

fn conflicts(timeline: &Timeline, conflicts: &[Conflict]) -> Vec<ConflictView> {
    conflicts
        .iter()
        .map(|c| {
            let (e, l) = (&timeline.milestones[c.earlier], &timeline.milestones[c.later]);
            ConflictView {
                earlier: e.kind,
                earlier_date: e.date().to_string(),
                later: l.kind,
                later_date: l.date().to_string(),
            }
        })
        .collect()
}

pub fn preview(_before: &Timeline, outcome: &Outcome) -> ChangePreview {
    ChangePreview {
        moves: outcome
            .moves
            .iter()
            .map(|m| MoveView {
                kind: m.kind,
                key: m.key.clone(),
                from: m.from.to_string(),
                to: m.to.to_string(),
                from_status: m.from_status,
                to_status: m.to_status,
            })
            .collect(),
        conflicts: conflicts(&outcome.timeline, &outcome.conflicts),
        notice: outcome.notice.as_ref().map(|n| NoticeView {
            key: n.key.clone(),
            kind: n.kind,
            from: n.from.to_string(),
            to: n.to.to_string(),
            reason: String::new(),
            event: None,
            delay_reason: None,
        }),
    }
}

pub async fn timeline_view(
    services: &Services,
    viewer: &Viewer,
    centre_id: i64,
    patient_id: i64,
    stored: Option<&StoredTreatment>,
) -> Result<TimelineView, AppError> {
    let db = &services.db;
    let centre = centre_profile(services, centre_id).await?;
    let centre_zone = zones::zone_or_utc(&centre.time_zone);
    let reader_zone_name = accounts::user_time_zone(db, viewer.actor.user_id)
        .await?
        .filter(|z| zones::parse(z).is_some())
        .unwrap_or_else(|| centre.time_zone.clone());
    let reader_zone = zones::zone_or_utc(&reader_zone_name);
    let today = zones::today_in(centre_zone);
    let patient_name = accounts::patient_name(db, patient_id).await?.unwrap_or_default();
    let is_staff = viewer.actor.role == Role::Nurse;
    let treatment = match stored {
        None => None,
        Some(stored) => {
            let notice = timeline_board::latest_notice(db, stored.id).await?;
            let mut view = treatment_view(services, viewer, stored, &centre, reader_zone, today, notice, is_staff);
            if let Some(waiting) = view.waiting.as_mut() {
                waiting.wait = wait_estimate(services, centre_id, &stored.product_id, today).await?;
                if waiting.delayed {
                    past_delays(services, centre_id, stored.id, today, waiting).await?;
                }
            }
            Some(view)
        }
    };
    let emergency_number = super::practical_help::emergency_for(services, patient_id, &centre.country).await?;
    Ok(TimelineView {
        patient_id,
        patient_name,
        centre: CentreContact {
            name: centre.name,
            hotline: centre.hotline,
        },
        centre_language: centre.language,
        emergency_number: emergency_number.to_string(),
        time_zone: reader_zone_name,
        today: today.to_string(),
        treatment,
        can_edit: is_staff,
        products: if is_staff {
            services
                .catalogue
                .products
                .iter()
                .map(|p| ProductOption {
                    id: p.id.clone(),
                    name: p.name.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// While cells are made: how long they took to come back at this centre over the last 12
/// months, from 10 treatments up, else the product's published figure
/// (`domain::timeline::wait_range`).
async fn wait_estimate(
    services: &Services,
    centre_id: i64,
    product_id: &str,
    today: chrono::NaiveDate,
) -> Result<WaitEstimate, AppError> {
    let since = today - chrono::Days::new(365);
    let days = crate::storage::wait_times::return_days(&services.db, centre_id, product_id, since).await?;
    let published = services
        .catalogue
        .product(product_id)
        .and_then(|p| p.published_ready_days);
    Ok(wait_range::estimate(&days, published))
}

/// A delayed release: why, when its latest delay said, and how long past delays for that
/// reason lasted at this centre over the last 12 months, from 10 other treatments up
/// (`delay_reason::per_treatment`, `wait_range::day_range`).
async fn past_delays(
    services: &Services,
    centre_id: i64,
    treatment_id: i64,
    today: chrono::NaiveDate,
    waiting: &mut app::api::timeline::WaitingView,
) -> Result<(), AppError> {
    let db = &services.db;
    let Some(reason) = crate::storage::wait_times::latest_delay_reason(db, treatment_id).await? else {
        return Ok(());
    };
    let since = today - chrono::Days::new(365);
    let delays = crate::storage::wait_times::delays_for(db, centre_id, reason, since).await?;
    waiting.delay_reason = Some(reason);
    waiting.past_delays = wait_range::day_range(&per_treatment(&delays, treatment_id));
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn treatment_view(
    services: &Services,
    viewer: &Viewer,
    stored: &StoredTreatment,
    centre: &CentreProfile,
    reader_zone: Tz,
    today: chrono::NaiveDate,
    notice: Option<NoticeView>,
    is_staff: bool,
) -> TreatmentView {
    let t = &stored.timeline;
    let projection = t.project();
    let time_of = |i: usize| {
        let at = if t.milestones[i].actual_on.is_some() {
            stored.actual_at.get(i).copied().flatten()
        } else {
            stored.planned_at.get(i).copied().flatten()
        };
        at.and_then(|at| zones::local(at, reader_zone))
            .map(|(date, hm, abbr)| (date, format!("{hm} {abbr}")))
    };
    let milestones = t
        .chronological()
        .into_iter()
        .map(|i| {
            let m = &t.milestones[i];
            let local = time_of(i);
            MilestoneView {
                key: m.key.clone(),
                kind: m.kind,
                status: m.status,
                // A time read in another zone can fall on another date: show that date.
                date: local.as_ref().map(|(d, _)| *d).unwrap_or(m.date()).to_string(),
                time: local.map(|(_, hm)| hm),
                late: domain::progress::is_late(t, i, today),
                source: if is_staff { m.source } else { None },
                explanation: services.catalogue.explanation(m.kind, viewer.locale).cloned(),
            }
        })
        .collect();
    TreatmentView {
        product_name: stored.product_name.clone(),
        order_reference: is_staff.then(|| stored.order_reference.clone()),
        status: stored.status,
        version: stored.version,
        stage: domain::stage(t),
        day: domain::day_counter(t, today),
        milestones,
        next: t.next_step().map(|i| t.milestones[i].key.clone()),
        here: t.last_done().map(|i| t.milestones[i].key.clone()),
        waiting: domain::waiting(t, today).map(|w| WaitingView {
            at: w.at,
            expected_release: w.expected_release.to_string(),
            delayed: w.delayed,
            wait: WaitEstimate::Unknown,
            delay_reason: None,
            past_delays: None,
        }),
        notice,
        conflicts: if is_staff {
            conflicts(t, &projection.conflicts)
        } else {
            Vec::new()
        },
        stay_within_hours: services
            .catalogue
            .rule_for(&stored.product_id, &centre.country)
            .and_then(|r| r.stay_within_hours),
    }
}
