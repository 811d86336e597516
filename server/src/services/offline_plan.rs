//! The plan a patient's or caregiver's phone keeps for use without signal ("Keep my plan on
//! this phone"): each of their patients' timeline with its explanations and hotline, the
//! check-ins open or due within 48 hours with their questionnaires, and the triage rules in
//! force. Staff get none: their phones must not hold patients' records. Each patient in it
//! is audit-logged as read.
use super::{checkin_windows, questionnaires, timeline, Services};
use crate::{
    storage::{self, audit, checkins as store},
    zones,
};
use app::{
    api::offline::{OfflinePlan, PatientPlan, PlannedCheckin, CHECKINS_AHEAD_HOURS},
    backend::RequestContext,
    domain::{
        access::{may_read_patient, Actor, PatientRecord},
        checkins::{Respondent, WindowState},
        role::Role,
    },
    error::AppError,
};

pub async fn plan(services: &Services, request: &RequestContext) -> Result<OfflinePlan, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let (patient_ids, respondents) = whose(services, actor).await?;
    let mut patients = Vec::with_capacity(patient_ids.len());
    for patient_id in patient_ids {
        patients.push(patient_plan(services, request, actor, patient_id, &respondents).await?);
    }
    let addr = &request.facts.client_addr;
    let ids: Vec<i64> = patients.iter().map(|p| p.timeline.patient_id).collect();
    audit::record_reads(&services.db, actor, "offline.plan", &ids, addr).await?;
    let zone = patients
        .first()
        .and_then(|p| zones::parse(&p.timeline.time_zone))
        .unwrap_or(chrono_tz::UTC);
    Ok(OfflinePlan {
        owner: actor.user_id,
        updated_at: updated_at(zone),
        locale: viewer.locale.code().to_string(),
        patients,
        rules: services.checkins().rules.clone(),
    })
}

/// The patients whose plan this person may keep, and as which respondents they answer.
async fn whose(services: &Services, actor: &Actor) -> Result<(Vec<i64>, Vec<Respondent>), AppError> {
    match actor.role {
        Role::Patient => Ok((vec![actor.user_id], vec![Respondent::Patient])),
        Role::Caregiver => {
            let mut readable = Vec::new();
            for &patient_id in &actor.linked_patient_ids {
                let Some(centre_id) = storage::accounts::patient_centre(&services.db, patient_id).await? else {
                    continue;
                };
                if may_read_patient(actor, PatientRecord { patient_id, centre_id }) {
                    readable.push(patient_id);
                }
            }
            let respondents = vec![
                Respondent::Patient,
                Respondent::CaregiverObserving,
                Respondent::CaregiverSelf,
            ];
            Ok((readable, respondents))
        }
        Role::Nurse | Role::Researcher | Role::Admin => Err(AppError::Forbidden),
    }
}

async fn patient_plan(
    services: &Services,
    request: &RequestContext,
    actor: &Actor,
    patient_id: i64,
    respondents: &[Respondent],
) -> Result<PatientPlan, AppError> {
    let timeline = timeline::read(services, request, patient_id).await?;
    let centre_id = storage::accounts::patient_centre(&services.db, patient_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let country = super::timeline_views::centre_profile(services, centre_id)
        .await?
        .country;
    let horizon = storage::now() + CHECKINS_AHEAD_HOURS * 3600;
    let mut checkins = Vec::new();
    for due in checkin_windows::due_for(services, actor.user_id, patient_id, respondents).await? {
        if due.state == WindowState::Upcoming && due.due_at > horizon {
            continue;
        }
        let Some(questionnaire) = questionnaires::find(services, &due.questionnaire).await? else {
            continue;
        };
        let previous = previous_scores(services, actor, patient_id, &due, questionnaire.short_name()).await?;
        checkins.push(PlannedCheckin {
            due,
            questionnaire,
            previous,
        });
    }
    Ok(PatientPlan {
        timeline,
        emergency_number: super::practical_help::emergency_for(services, patient_id, &country)
            .await?
            .to_string(),
        fever_threshold_c: store::fever_threshold(&services.db, centre_id).await?,
        checkins,
    })
}

/// The respondent's own last scores, which some rules compare with. A caregiver answering
/// about the patient gets none: those are the patient's, which the online form never shows
/// them either (the rules that compare only flag for review, with nothing to do at once).
async fn previous_scores(
    services: &Services,
    actor: &Actor,
    patient_id: i64,
    due: &app::api::checkins::CheckinDue,
    name: &str,
) -> Result<Vec<app::domain::checkins::Score>, AppError> {
    let (subject, own) = match (actor.role, due.about_myself) {
        (_, true) => ("caregiver", true),
        (Role::Patient, false) => ("patient", true),
        _ => ("patient", false),
    };
    if !own {
        return Ok(Vec::new());
    }
    Ok(
        crate::storage::checkin_reads::previous_scores(&services.db.pool, patient_id, subject, actor.user_id, name)
            .await?,
    )
}

/// Now, in the reader's zone: "2026-12-03 16:20".
fn updated_at(zone: chrono_tz::Tz) -> String {
    zones::local(storage::now(), zone)
        .map(|(day, time, _)| format!("{day} {time}"))
        .unwrap_or_default()
}
