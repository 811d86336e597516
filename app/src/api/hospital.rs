//! The admins' page of hospital systems: the origins webhooks may go to, the red-flag
//! webhooks, and their deliveries (where each stands, never what it said).
use crate::{api::journeys::IssuedSecret, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginRow {
    pub id: i64,
    pub origin: String,
    pub added_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HospitalWebhookRow {
    pub id: i64,
    pub name: String,
    pub url: String,
    /// The one centre whose flags it tells, if limited to one.
    pub centre: Option<String>,
    pub created_on: String,
    pub stopped: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryState {
    Pending,
    Sending,
    Sent,
    Failed,
}

impl DeliveryState {
    pub fn parse(stored: &str) -> Option<DeliveryState> {
        Some(match stored {
            "pending" => DeliveryState::Pending,
            "sending" => DeliveryState::Sending,
            "sent" => DeliveryState::Sent,
            "failed" => DeliveryState::Failed,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook: String,
    pub flag_id: i64,
    pub state: DeliveryState,
    pub attempts: i64,
    /// `YYYY-MM-DD HH:MM` UTC, as the audit page shows times.
    pub queued_at: String,
    pub next_at: String,
    /// The receiver's last HTTP status; none before an attempt or without an answer.
    pub last_status: Option<u16>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HospitalSystemsView {
    pub origins: Vec<OriginRow>,
    pub webhooks: Vec<HospitalWebhookRow>,
    pub deliveries: Vec<DeliveryRow>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HospitalWebhookForm {
    pub name: String,
    pub url: String,
    /// A centre's id, or empty for every centre.
    #[serde(default)]
    pub centre: String,
}

#[server(endpoint = "admin/hospital/view")]
pub async fn hospital_systems() -> Result<HospitalSystemsView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.hospital_systems(&request).await)
}

#[server(endpoint = "admin/hospital/origins/add")]
pub async fn add_origin(origin: String) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.add_origin(&request, origin).await)
}

#[server(endpoint = "admin/hospital/origins/remove")]
pub async fn remove_origin(id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.remove_origin(&request, id).await)
}

#[server(endpoint = "admin/hospital/webhooks/create")]
pub async fn create_hospital_webhook(form: HospitalWebhookForm) -> Result<IssuedSecret, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.create_hospital_webhook(&request, form).await)
}

#[server(endpoint = "admin/hospital/webhooks/stop")]
pub async fn stop_hospital_webhook(id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.stop_hospital_webhook(&request, id).await)
}

/// A patient's hospital number, for a nurse of their centre (audit-logged).
#[server(endpoint = "patients/hospital-number")]
pub async fn hospital_number(patient_id: i64) -> Result<Option<String>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.hospital_number(&request, patient_id).await)
}

/// Records, corrects or clears (empty) a patient's hospital number; a nurse of their centre.
#[server(endpoint = "patients/hospital-number/set")]
pub async fn set_hospital_number(patient_id: i64, number: String) -> Result<Option<String>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.set_hospital_number(&request, patient_id, number).await)
}
