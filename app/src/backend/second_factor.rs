//! The two-step sign-in part of [`super::Backend`].
use super::RequestContext;
use crate::error::AppError;

/// Staff's two-step sign-in (`api::second_factor`), apart (`server/src/services/second_factor.rs`).
#[async_trait::async_trait]
pub trait SecondFactor: Send + Sync {
    async fn second_factor(
        &self,
        request: &RequestContext,
    ) -> Result<crate::api::second_factor::SecondFactorView, AppError>;
    async fn begin_second_factor(
        &self,
        request: &RequestContext,
    ) -> Result<crate::api::second_factor::TotpSetup, AppError>;
    async fn confirm_second_factor(&self, request: &RequestContext, code: String) -> Result<Vec<String>, AppError>;
    async fn new_recovery_codes(&self, request: &RequestContext, code: String) -> Result<Vec<String>, AppError>;
    async fn require_second_factor(&self, request: &RequestContext, required: bool) -> Result<(), AppError>;
    async fn remove_second_factor(&self, request: &RequestContext, code: String) -> Result<(), AppError>;
}
