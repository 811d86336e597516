//! Accounts: enrolment, staff, centres, caregivers, single-use codes, and the audit log.
use crate::{
    domain::enrolment::{CentreForm, EnrolmentForm, PersonForm},
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A single-use code to hand to a person, shown once to the staff member who made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    /// The account the code is for; for a caregiver's invitation, the invitation (there is
    /// no account until the code is redeemed).
    pub id: i64,
    pub name: String,
    pub code: String,
}

/// A caregiver of the patient: a linked account (`id` is the account), or an invitation not
/// yet redeemed (`id` is the invitation). An invitation reads the same whoever holds its email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaregiverRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: CaregiverStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaregiverStatus {
    Joined,
    Invited,
    Expired,
}

/// An account that waits for a second person to confirm it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitingRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: crate::domain::role::Role,
    pub centre_id: Option<i64>,
    pub centre: Option<String>,
    /// Unix seconds.
    pub since: i64,
    /// Who made it or issued its code.
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentreRow {
    pub id: i64,
    pub name: String,
    pub country: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub patient_id: Option<i64>,
    pub actor_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor_role: Option<String>,
    pub action: String,
    pub patient_id: Option<i64>,
    pub subject: Option<String>,
    pub client_addr: String,
}

#[server(endpoint = "patients/enrol")]
pub async fn enrol_patient(form: EnrolmentForm) -> Result<IssuedCode, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.enrol_patient(&request, form).await)
}

#[server(endpoint = "caregivers/invite")]
pub async fn invite_caregiver(patient_id: i64, form: PersonForm) -> Result<IssuedCode, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.invite_caregiver(&request, patient_id, form).await)
}

#[server(endpoint = "caregivers/list")]
pub async fn caregivers_of(patient_id: i64) -> Result<Vec<CaregiverRow>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.caregivers_of(&request, patient_id).await)
}

#[server(endpoint = "caregivers/revoke")]
pub async fn revoke_caregiver(patient_id: i64, caregiver_id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(
        request
            .backend
            .revoke_caregiver(&request, patient_id, caregiver_id)
            .await,
    )
}

/// Withdraws a caregiver invitation not yet redeemed: its code stops working.
#[server(endpoint = "caregivers/cancel-invitation")]
pub async fn cancel_caregiver_invitation(patient_id: i64, invitation_id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(
        request
            .backend
            .cancel_caregiver_invitation(&request, patient_id, invitation_id)
            .await,
    )
}

#[server(endpoint = "codes/reissue")]
pub async fn reissue_code(user_id: i64) -> Result<IssuedCode, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.reissue_code(&request, user_id).await)
}

/// The accounts this person may confirm (a second admin; a nurse, for their centre's nurses).
#[server(endpoint = "staff/awaiting")]
pub async fn awaiting_accounts() -> Result<Vec<AwaitingRow>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.awaiting_accounts(&request).await)
}

#[server(endpoint = "staff/confirm")]
pub async fn confirm_account(user_id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.confirm_account(&request, user_id).await)
}

/// Deactivates (`active` false) or reactivates an account; admins only.
#[server(endpoint = "accounts/active")]
pub async fn set_account_active(user_id: i64, active: bool) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.set_account_active(&request, user_id, active).await)
}

#[server(endpoint = "staff/create")]
pub async fn create_staff(role: String, centre_id: String, form: PersonForm) -> Result<IssuedCode, AppError> {
    let request = crate::backend::request_context()?;
    let centre_id = centre_id.trim().parse::<i64>().ok();
    crate::backend::answer(request.backend.create_staff(&request, role, centre_id, form).await)
}

#[server(endpoint = "centres/create")]
pub async fn create_centre(form: CentreForm) -> Result<i64, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.create_centre(&request, form).await)
}

#[server(endpoint = "centres/list")]
pub async fn list_centres() -> Result<Vec<CentreRow>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.list_centres(&request).await)
}

#[server(endpoint = "audit/list")]
pub async fn read_audit_log(patient_id: Option<i64>, actor_id: Option<i64>) -> Result<Vec<AuditRow>, AppError> {
    let request = crate::backend::request_context()?;
    let filter = AuditFilter { patient_id, actor_id };
    crate::backend::answer(request.backend.read_audit_log(&request, filter).await)
}

/// Sets the signed-in person's language and way of writing dates ("fr", "en-US"). Sent by a
/// plain form: the answer goes back to the settings page, drawn anew in that language.
#[server(endpoint = "account/language")]
pub async fn set_language(locale: String) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    let result = crate::backend::answer(request.backend.set_language(&request, locale).await);
    let feedback = match &result {
        Ok(()) => crate::feedback::Feedback::LanguageSaved,
        Err(_) => crate::feedback::Feedback::Invalid(crate::domain::validation::Problem::ChoiceInvalid),
    };
    leptos_axum::redirect(&format!("/settings?{}", feedback.query()));
    result
}
