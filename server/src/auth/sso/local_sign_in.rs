//! A local sign-in (a password or a passkey) while staff sign in through the hospital's
//! provider ([`judged`]). Patients and caregivers always keep theirs. Staff keep theirs
//! unless `VTV_OIDC_STAFF_PASSWORDS=false`; the break-glass accounts (`VTV_OIDC_BREAK_GLASS`)
//! always do, for when the provider is down, and each use is loud: a warning in the log,
//! an audit entry, and a notice on every admin's home page (`break_glass_uses`).
use crate::{
    startup::AppState,
    storage::{self, audit::Entry},
};
use app::feedback::Feedback;

/// None when the sign-in may go on; else what to tell the person. Writes nothing: a
/// break-glass use is noted once the sign-in has succeeded ([`note_break_glass`]).
pub async fn judged(state: &AppState, user_id: i64) -> anyhow::Result<Option<Feedback>> {
    let Some(provider) = state.sso.as_ref() else {
        return Ok(None);
    };
    let Some(controls) = storage::account_controls::controls(&state.db, user_id).await? else {
        return Ok(None);
    };
    if !controls.role.is_staff() || is_break_glass(state, user_id).await? {
        return Ok(None);
    }
    Ok((!provider.settings.staff_passwords).then_some(Feedback::SsoPasswordsOff))
}

async fn is_break_glass(state: &AppState, user_id: i64) -> anyhow::Result<bool> {
    let Some(provider) = state.sso.as_ref() else {
        return Ok(false);
    };
    let email = storage::second_factor::email_of(&state.db, user_id)
        .await?
        .unwrap_or_default();
    Ok(provider.settings.break_glass.contains(&email.to_ascii_lowercase()))
}

/// A session begun locally by a break-glass account: loud in the log and the audit log,
/// and shown on every admin's home page.
pub async fn note_break_glass(state: &AppState, user_id: i64, client_addr: &str) -> anyhow::Result<()> {
    if !is_break_glass(state, user_id).await? {
        return Ok(());
    }
    tracing::warn!(
        user_id,
        "BREAK-GLASS: a local admin signed in without the hospital's provider"
    );
    let subject = format!("user:{user_id}");
    let entry = Entry::new("sign_in.break_glass", client_addr).subject(subject.as_str());
    storage::audit::record(&state.db, entry).await?;
    Ok(())
}
