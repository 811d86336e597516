//! Questions for the next visit (`app::domain::visit_questions`): the patient and their
//! caregivers ask and take back their own; the centre's nurses read them and mark them
//! discussed. Every read is authorised and audit-logged here.
use super::{accounts::reader_zone, audit_entry, timeline, Services};
use crate::{storage::visit_questions as store, zones};
use app::{
    api::questions::{QuestionList, VisitQuestion},
    backend::RequestContext,
    domain::{
        access::may_manage_patients_of,
        role::Role,
        validation::{FieldProblem, Problem},
        visit_questions,
    },
    error::AppError,
};

pub async fn list(services: &Services, request: &RequestContext, patient_id: i64) -> Result<QuestionList, AppError> {
    let actor = &request.viewer()?.actor;
    let centre_id = timeline::readable(services, actor, patient_id).await?;
    crate::storage::audit::record(&services.db, audit_entry(request, "questions.read").about(patient_id)).await?;
    let centre_zone = super::timeline_views::centre_zone(services, centre_id).await?;
    let zone = reader_zone(services, actor.user_id, centre_zone).await?;
    let day = |at: i64| {
        zones::local(at, zone)
            .map(|(day, _, _)| day.to_string())
            .unwrap_or_default()
    };
    let next_visit = match timeline::latest(services, patient_id).await? {
        Some(stored) if !stored.status.is_closed() => {
            visit_questions::next_visit(&stored.timeline, zones::today_in(centre_zone)).map(|d| d.to_string())
        }
        _ => None,
    };
    let questions = store::of_patient(&services.db, patient_id)
        .await?
        .into_iter()
        .map(|q| VisitQuestion {
            id: q.id,
            text: q.text,
            asked_by: q.asker_name,
            mine: q.asked_by == actor.user_id,
            asked_on: day(q.asked_at),
            discussed_on: q.answered_at.map(day),
        })
        .collect();
    Ok(QuestionList {
        patient_id,
        next_visit,
        questions,
        can_ask: asks_for(actor.role),
        can_mark: may_manage_patients_of(actor, centre_id),
    })
}

/// The patient and their caregivers ask; staff do not write in the patient's list.
fn asks_for(role: Role) -> bool {
    matches!(role, Role::Patient | Role::Caregiver)
}

pub async fn ask(services: &Services, request: &RequestContext, patient_id: i64, raw: &str) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    timeline::readable(services, actor, patient_id).await?;
    if !asks_for(actor.role) {
        return Err(AppError::Forbidden);
    }
    let text = visit_questions::question(raw).map_err(|p| AppError::Invalid(vec![FieldProblem::new("text", p)]))?;
    let entry = audit_entry(request, "questions.ask").about(patient_id);
    if store::ask(&services.db, patient_id, actor.user_id, &text, entry).await? {
        Ok(())
    } else {
        Err(AppError::Invalid(vec![FieldProblem::new(
            "text",
            Problem::TooManyQuestions,
        )]))
    }
}

pub async fn take_back(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    id: i64,
) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    timeline::readable(services, actor, patient_id).await?;
    let entry = audit_entry(request, "questions.take_back").about(patient_id);
    found(store::take_back(&services.db, patient_id, id, actor.user_id, entry).await?)
}

pub async fn discussed(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    id: i64,
) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    timeline::managed(services, actor, patient_id).await?;
    let entry = audit_entry(request, "questions.discussed").about(patient_id);
    found(store::discussed(&services.db, patient_id, id, actor.user_id, entry).await?)
}

/// No open question of that id for this patient (or not the caller's): not found.
fn found(changed: bool) -> Result<(), AppError> {
    changed.then_some(()).ok_or(AppError::NotFound)
}
