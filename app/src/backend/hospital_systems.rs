//! The hospital systems part of [`super::Backend`].
use super::RequestContext;
use crate::{api::journeys::IssuedSecret, error::AppError};

/// The hospital systems red flags are told to (`api::hospital`): a part of [`Backend`] of
/// its own (`server/src/services/hospital_systems.rs`).
#[async_trait::async_trait]
pub trait HospitalSystems: Send + Sync {
    async fn hospital_systems(
        &self,
        request: &RequestContext,
    ) -> Result<crate::api::hospital::HospitalSystemsView, AppError>;
    async fn add_origin(&self, request: &RequestContext, origin: String) -> Result<(), AppError>;
    async fn remove_origin(&self, request: &RequestContext, id: i64) -> Result<(), AppError>;
    async fn create_hospital_webhook(
        &self,
        request: &RequestContext,
        form: crate::api::hospital::HospitalWebhookForm,
    ) -> Result<IssuedSecret, AppError>;
    async fn stop_hospital_webhook(&self, request: &RequestContext, id: i64) -> Result<(), AppError>;
    /// A patient's hospital number, for a nurse of their centre.
    async fn hospital_number(&self, request: &RequestContext, patient_id: i64) -> Result<Option<String>, AppError>;
    /// Sets it (an empty number clears it); answers it as stored.
    async fn set_hospital_number(
        &self,
        request: &RequestContext,
        patient_id: i64,
        number: String,
    ) -> Result<Option<String>, AppError>;
}
