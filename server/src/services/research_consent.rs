//! Consent to research use: read and recorded by the patient (in the app) or a nurse of
//! their centre (from the paper form). Every read and change is audit-logged.
use super::{audit_entry, Services};
use crate::storage::{accounts, research};
use app::{
    api::research::ConsentView,
    backend::RequestContext,
    domain::{
        access::{may_record_research_consent, Actor, PatientRecord},
        role::Role,
        validation::{optional_date, FieldProblem, Problem},
    },
    error::AppError,
};

async fn authorised<'r>(
    services: &Services,
    request: &'r RequestContext,
    patient_id: Option<i64>,
) -> Result<(&'r Actor, i64), AppError> {
    let actor = &request.viewer()?.actor;
    let patient_id = match (patient_id, actor.role) {
        (Some(id), _) => id,
        (None, Role::Patient) => actor.user_id,
        (None, _) => return Err(AppError::Forbidden),
    };
    // Unknown and forbidden look the same from outside: nobody learns who is a patient.
    let centre_id = accounts::patient_centre(&services.db, patient_id)
        .await?
        .ok_or(AppError::Forbidden)?;
    if !may_record_research_consent(actor, PatientRecord { patient_id, centre_id }) {
        return Err(AppError::Forbidden);
    }
    Ok((actor, patient_id))
}

async fn view_of(services: &Services, actor: &Actor, patient_id: i64) -> Result<ConsentView, AppError> {
    let consent = research::consent_of(&services.db, patient_id).await?;
    Ok(ConsentView {
        patient_id,
        given: consent.as_ref().is_some_and(|c| c.given),
        never_recorded: consent.is_none(),
        via: consent.as_ref().map(|c| c.via.clone()),
        signed_on: consent.as_ref().and_then(|c| c.signed_on.clone()),
        recorded_on: consent
            .as_ref()
            .and_then(|c| chrono::DateTime::from_timestamp(c.recorded_at, 0))
            .map(|t| t.date_naive().to_string()),
        as_nurse: actor.role == Role::Nurse,
    })
}

pub async fn read(
    services: &Services,
    request: &RequestContext,
    patient_id: Option<i64>,
) -> Result<ConsentView, AppError> {
    let (actor, patient_id) = authorised(services, request, patient_id).await?;
    crate::storage::audit::record(
        &services.db,
        audit_entry(request, "research.consent_read").about(patient_id),
    )
    .await?;
    view_of(services, actor, patient_id).await
}

pub async fn set(
    services: &Services,
    request: &RequestContext,
    patient_id: Option<i64>,
    given: bool,
    signed_on: String,
) -> Result<ConsentView, AppError> {
    let (actor, patient_id) = authorised(services, request, patient_id).await?;
    // A nurse records the paper form, with the day it was signed; a patient decides now.
    let (via, signed_on) = if actor.role == Role::Nurse {
        let invalid = |problem| AppError::Invalid(vec![FieldProblem::new("signed_on", problem)]);
        let signed = match optional_date(&signed_on).map_err(invalid)? {
            None if given => return Err(invalid(Problem::Required)),
            None => None,
            Some(day) => {
                if day > chrono::Utc::now().date_naive() + chrono::Days::new(1) {
                    return Err(AppError::Invalid(vec![FieldProblem::new(
                        "signed_on",
                        Problem::DateInFuture,
                    )]));
                }
                Some(day.to_string())
            }
        };
        ("paper", signed)
    } else {
        ("app", None)
    };
    let action = if given {
        "research.consent_given"
    } else {
        "research.consent_withdrawn"
    };
    research::record_consent(
        &services.db,
        patient_id,
        given,
        via,
        signed_on.as_deref(),
        actor.user_id,
        audit_entry(request, action).about(patient_id),
    )
    .await?;
    view_of(services, actor, patient_id).await
}
