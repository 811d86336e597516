//! A staff member's two-step sign-in (TOTP with recovery codes): set up, recovery codes
//! made anew, and turned off. The codes at sign-in are the server's form, not these.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The key to add to an authenticator app, while being set up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    /// Base32, in groups of four for typing.
    pub key: String,
    /// `otpauth://totp/…`, which the apps open.
    pub uri: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorView {
    /// An admin made it required for every staff account.
    pub site_requires: bool,
    pub on: bool,
    pub recovery_codes_left: i64,
    pub setting_up: Option<TotpSetup>,
}

#[server(endpoint = "account/second-factor")]
pub async fn second_factor() -> Result<SecondFactorView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.second_factor(&request).await)
}

#[server(endpoint = "account/second-factor/begin")]
pub async fn begin_second_factor() -> Result<TotpSetup, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.begin_second_factor(&request).await)
}

/// The first code from the app turns it on; answers the recovery codes, shown once.
#[server(endpoint = "account/second-factor/confirm")]
pub async fn confirm_second_factor(code: String) -> Result<Vec<String>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.confirm_second_factor(&request, code).await)
}

#[server(endpoint = "account/second-factor/recovery-codes")]
pub async fn new_recovery_codes(code: String) -> Result<Vec<String>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.new_recovery_codes(&request, code).await)
}

/// Turned off with a code from the app (or a recovery code): a session left open on a
/// shared computer cannot do it alone.
#[server(endpoint = "account/second-factor/remove")]
pub async fn remove_second_factor(code: String) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.remove_second_factor(&request, code).await)
}

/// Admins: two-step sign-in required of every staff account, or not. Staff without it may
/// then only set it up.
#[server(endpoint = "admin/second-factor/require")]
pub async fn require_second_factor(required: bool) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.require_second_factor(&request, required).await)
}
