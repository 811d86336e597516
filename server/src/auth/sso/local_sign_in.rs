//! A local sign-in (a password or a passkey) while staff sign in through the hospital's
//! provider ([`judged`]). Patients and caregivers always keep theirs. Staff keep theirs
//! unless `VTV_OIDC_STAFF_PASSWORDS=false`; the break-glass accounts (`VTV_OIDC_BREAK_GLASS`)
//! always do, for when the provider is down, and each use is loud: a warning in the log,
//! an audit entry, and a notice on every admin's home page (`break_glass_uses`).
use crate::{
    startup::AppState,
    storage::{self, audit::Entry},
};
use app::{backend::RequestFacts, feedback::Feedback};

/// None when the sign-in may go on; else what to tell the person.
pub async fn judged(state: &AppState, facts: &RequestFacts, user_id: i64) -> anyhow::Result<Option<Feedback>> {
    let Some(provider) = state.sso.as_ref() else {
        return Ok(None);
    };
    let Some(controls) = storage::account_controls::controls(&state.db, user_id).await? else {
        return Ok(None);
    };
    if !controls.role.is_staff() {
        return Ok(None);
    }
    let email = storage::sso::email_of(&state.db, user_id).await?.unwrap_or_default();
    if provider.settings.break_glass.contains(&email.to_ascii_lowercase()) {
        tracing::warn!(
            user_id,
            "BREAK-GLASS: a local admin signed in without the hospital's provider"
        );
        let subject = format!("user:{user_id}");
        storage::audit::record(
            &state.db,
            Entry::new("sign_in.break_glass", &facts.client_addr).subject(subject.as_str()),
        )
        .await?;
        return Ok(None);
    }
    Ok((!provider.settings.staff_passwords).then_some(Feedback::SsoPasswordsOff))
}
