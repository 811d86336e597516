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
}
