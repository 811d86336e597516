//! Redeeming a caregiver's invitation: a new account for an email nobody holds, or a link
//! for the caregiver who holds it and proves it with their password, checked (and throttled)
//! exactly as a sign-in. The rule is `app::domain::caregiver_invitation`.
use super::{handlers::sign_in_checked, password};
use crate::{
    startup::AppState,
    storage::{self, caregiver_invitations::Invitation, StorageError},
};
use app::{
    backend::RequestFacts,
    domain::{
        caregiver_invitation::{joining, Holder, Joining},
        validation::Email,
    },
    feedback::Feedback,
};
use axum::http::HeaderMap;

/// What to tell the person, or None for a refusal (said as a wrong code is).
pub async fn redeem(
    state: &AppState,
    facts: &RequestFacts,
    headers: &HeaderMap,
    invitation: &Invitation,
    password_given: String,
) -> anyhow::Result<Option<Feedback>> {
    let Ok(email) = Email::parse(&invitation.email) else {
        return Ok(None);
    };
    let (holder, holder_id) = holder_of(state, facts, headers, &email, &password_given).await?;
    let db = &state.db;
    let addr = facts.client_addr.as_str();
    match (joining(holder), holder_id) {
        (Joining::NewAccount, _) => {
            let hash = password::hash(password_given).await?;
            match storage::caregiver_invitations::join_new(db, invitation, &hash, addr).await {
                Ok(Some(_)) => Ok(Some(Feedback::PasswordSet)),
                // Used, or the email taken, in the meantime: nothing was written.
                Ok(None) | Err(StorageError::EmailTaken) => Ok(None),
                Err(error) => Err(error.into()),
            }
        }
        (Joining::LinkExisting, Some(user_id)) => {
            let linked = storage::caregiver_invitations::join_existing(db, invitation, user_id, addr).await?;
            Ok(linked.then_some(Feedback::InvitationAccepted))
        }
        (Joining::LinkExisting, None) | (Joining::Refused, _) => Ok(None),
    }
}

/// Who holds the email, and whether this password signs them in. Either way one password
/// hash is computed, so timing does not tell the cases apart.
async fn holder_of(
    state: &AppState,
    facts: &RequestFacts,
    headers: &HeaderMap,
    email: &Email,
    password_given: &str,
) -> anyhow::Result<(Holder, Option<i64>)> {
    let db = &state.db;
    let Some(credentials) = storage::accounts::credentials_by_email(db, email.as_str()).await? else {
        return Ok((Holder::Nobody, None));
    };
    let Some((role, _)) = storage::accounts::role_and_name(db, credentials.user_id).await? else {
        return Ok((Holder::Nobody, None));
    };
    let signed_in = sign_in_checked(state, facts, headers, email, password_given.to_string()).await?;
    let proved = matches!(signed_in, Ok((user_id, _)) if user_id == credentials.user_id);
    Ok((Holder::Account { role, proved }, Some(credentials.user_id)))
}
