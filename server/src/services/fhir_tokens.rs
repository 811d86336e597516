//! `POST /fhir/auth/token`: SMART Backend Services' client-credentials grant. A client
//! sends an assertion signed with its registered key and the scopes it wants; it gets an
//! opaque bearer token for [`LIFETIME`] seconds, kept in the database by its SHA-256 so
//! that any instance answers it. Refusals are OAuth's (RFC 6749 §5.2), never more telling
//! than "invalid_client": which of the checks failed goes to the log, not to the caller.
use super::fhir_client_assertion::{self as client_assertion, Refused};
use crate::{
    auth::tokens,
    storage::{audit::Entry, fhir_clients, Db},
};
use app::domain::fhir_api::{
    scopes::{grant, written},
    Kind,
};
use serde::Serialize;

/// How long a token lasts: SMART suggests five minutes.
pub const LIFETIME: i64 = 300;
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The token request's fields (an absent one is empty).
#[derive(Default)]
pub struct TokenForm {
    pub grant_type: String,
    pub client_assertion_type: String,
    pub client_assertion: String,
    pub scope: String,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Issued {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub scope: String,
}

/// An OAuth error: its code, and a description safe to show the caller.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    InvalidRequest(&'static str),
    UnsupportedGrantType,
    InvalidClient,
    InvalidScope,
    Unavailable,
}

/// Checks the grant and issues a token; `audience` is this endpoint's own address.
pub async fn issue(
    db: &Db,
    form: &TokenForm,
    audience: &str,
    now: i64,
    client_addr: &str,
) -> Result<Issued, TokenError> {
    if form.grant_type != "client_credentials" {
        return Err(TokenError::UnsupportedGrantType);
    }
    if form.client_assertion_type != ASSERTION_TYPE || form.client_assertion.is_empty() {
        return Err(TokenError::InvalidRequest(
            "a client_assertion of type jwt-bearer is required",
        ));
    }
    let issuer = client_assertion::issuer_of(&form.client_assertion).ok_or(TokenError::InvalidClient)?;
    let client = fhir_clients::by_client_id(db, &issuer)
        .await?
        .filter(|c| c.revoked_at.is_none())
        .ok_or(TokenError::InvalidClient)?;
    let checked = client_assertion::check(&form.client_assertion, &client.jwks, &client.client_id, audience, now)
        .map_err(|why| refused(&client.client_id, why))?;
    // Its id is kept as long as the assertion could still be taken.
    let kept_until = checked.expires_at + client_assertion::TOLERANCE as i64;
    if !fhir_clients::use_assertion(db, client.id, &checked.jti, kept_until).await? {
        tracing::warn!(client = %client.client_id, "a FHIR client assertion was used again");
        return Err(TokenError::InvalidClient);
    }
    let registered: Vec<Kind> = client.resource_types.split(' ').filter_map(Kind::parse).collect();
    let granted = grant(&form.scope, &registered).ok_or(TokenError::InvalidScope)?;
    let token = tokens::new_session_token();
    let scope = written(&granted);
    fhir_clients::issue_token(db, client.id, &tokens::digest(&token), &scope, now + LIFETIME).await?;
    let subject = format!("fhir_client:{}", client.id);
    crate::storage::audit::record(
        db,
        Entry::new("fhir.token_issued", client_addr).subject(subject.as_str()),
    )
    .await?;
    Ok(Issued {
        access_token: token,
        token_type: "bearer",
        expires_in: LIFETIME,
        scope,
    })
}

fn refused(client: &str, why: Refused) -> TokenError {
    tracing::warn!(%client, ?why, "a FHIR client assertion was refused");
    TokenError::InvalidClient
}
