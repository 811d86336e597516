//! The person's passkeys, for settings. Making and using one is not a server function but a
//! ceremony with the phone's authenticator (`public/passkey.js`, `server/src/auth/passkeys.rs`).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyRow {
    pub id: i64,
    /// Days ("2026-03-24") in the person's own time zone.
    pub made_on: String,
    pub last_used_on: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeysView {
    pub passkeys: Vec<PasskeyRow>,
    /// This browser is one the person marked as their own.
    pub own_device: bool,
}

#[server(endpoint = "account/passkeys")]
pub async fn list_passkeys() -> Result<PasskeysView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.passkeys(&request).await)
}
