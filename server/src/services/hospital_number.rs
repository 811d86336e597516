//! A patient's hospital number after enrolment: read and corrected by the nurses of their
//! centre alone (the hospital's systems find the patient by it, so a wrong one misdirects
//! a red flag), each read and each change audit-logged about the patient.
use super::{audit_entry, Services};
use crate::storage::{accounts, audit, enrolment};
use app::{
    backend::RequestContext,
    domain::{
        access::may_manage_patients_of,
        validation::{hospital_number, FieldProblem},
    },
    error::AppError,
};

/// The nurse asking, if the patient is of their centre.
async fn nurse_of(services: &Services, request: &RequestContext, patient_id: i64) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    let centre = accounts::patient_centre(&services.db, patient_id).await?;
    match centre {
        Some(centre) if may_manage_patients_of(actor, centre) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn read(services: &Services, request: &RequestContext, patient_id: i64) -> Result<Option<String>, AppError> {
    nurse_of(services, request, patient_id).await?;
    audit::record(
        &services.db,
        audit_entry(request, "patient.hospital_number.read").about(patient_id),
    )
    .await?;
    Ok(enrolment::hospital_number(&services.db, patient_id).await?)
}

pub async fn set(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    raw: &str,
) -> Result<Option<String>, AppError> {
    nurse_of(services, request, patient_id).await?;
    let number = hospital_number(raw).map_err(|p| AppError::Invalid(vec![FieldProblem::new("number", p)]))?;
    let entry = audit_entry(request, "patient.hospital_number_changed").about(patient_id);
    enrolment::change_hospital_number(&services.db, patient_id, number.as_deref(), entry)
        .await
        .map_err(|error| match AppError::from(error) {
            // The form's field is `number`, not the enrolment form's `hospital_number`.
            AppError::Invalid(problems) => AppError::Invalid(
                problems
                    .into_iter()
                    .map(|p| FieldProblem::new("number", p.problem))
                    .collect(),
            ),
            other => other,
        })?;
    Ok(number)
}
