//! `POST /auth/sso/backchannel-logout`: the provider ends a person's sessions here (OpenID
//! Connect Back-Channel Logout 1.0) when they sign out there, or the hospital ends their
//! session. The logout token is a JWT signed by one of the provider's keys, for our client,
//! with the back-channel event, a subject, no nonce, and an id taken once.
use crate::json_web_keys::keys_for;
use crate::{
    startup::AppState,
    storage::{self, audit::Entry, rate_counters, sso},
};
use app::backend::RequestFacts;
use axum::{
    body::Bytes,
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use jwt_simple::prelude::*;
use serde_json::Value;

const EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";
/// Logout requests one address may make in a minute.
const PER_MINUTE: i64 = 60;

#[derive(Debug, Deserialize, Serialize)]
struct LogoutClaims {
    #[serde(default)]
    events: serde_json::Map<String, Value>,
    #[serde(default)]
    nonce: Option<String>,
}

fn answer(status: StatusCode) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")]).into_response()
}

pub async fn logout(State(state): State<AppState>, Extension(facts): Extension<RequestFacts>, body: Bytes) -> Response {
    let Some(provider) = state.sso.clone() else {
        return answer(StatusCode::NOT_FOUND);
    };
    match rate_counters::count_one(&state.db, "sso-logout", &facts.client_addr, 60).await {
        Ok((count, _)) if count <= PER_MINUTE => {}
        Ok(_) => return answer(StatusCode::TOO_MANY_REQUESTS),
        Err(_) => return answer(StatusCode::SERVICE_UNAVAILABLE),
    }
    let token = url::form_urlencoded::parse(&body)
        .find(|(name, _)| name == "logout_token")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let (keys, issuer) = match (provider.keys().await, provider.issuer().await) {
        (Ok(keys), Ok(issuer)) => (keys, issuer),
        _ => return answer(StatusCode::SERVICE_UNAVAILABLE),
    };
    let Some((subject, jti, expires_at)) = checked(&token, &keys, &issuer, &provider.settings.client_id) else {
        tracing::warn!("a back-channel logout token was refused");
        return answer(StatusCode::BAD_REQUEST);
    };
    match ended(
        &state,
        &provider.settings.issuer,
        &subject,
        &jti,
        expires_at,
        &facts.client_addr,
    )
    .await
    {
        Ok(true) => answer(StatusCode::OK),
        Ok(false) => answer(StatusCode::BAD_REQUEST),
        Err(error) => {
            tracing::error!(%error, "a back-channel logout failed");
            answer(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// Ends the subject's sessions, once per token; false for a token seen before.
async fn ended(
    state: &AppState,
    issuer: &str,
    subject: &str,
    jti: &str,
    expires_at: i64,
    addr: &str,
) -> storage::Result<bool> {
    if !sso::take_logout_token(&state.db, jti, expires_at).await? {
        return Ok(false);
    }
    let (count, user) = sso::end_sessions_of(&state.db, issuer, subject).await?;
    let about = user
        .map(|u| format!("user:{u}"))
        .unwrap_or_else(|| format!("sso:{subject}"));
    tracing::info!(sessions = count, "the hospital's provider ended a person's sessions");
    storage::audit::record(
        &state.db,
        Entry::new("sign_out.by_provider", addr).subject(about.as_str()),
    )
    .await?;
    Ok(true)
}

/// The token's subject, id and expiry, if it is a logout token of this provider for us.
fn checked(token: &str, keys: &Value, issuer: &str, client_id: &str) -> Option<(String, String, i64)> {
    let header = Token::decode_metadata(token).ok()?;
    let options = VerificationOptions {
        allowed_issuers: Some(HashSet::from_strings(&[issuer])),
        allowed_audiences: Some(HashSet::from_strings(&[client_id])),
        time_tolerance: Some(Duration::from_secs(60)),
        max_token_length: Some(16 * 1024),
        ..VerificationOptions::default()
    };
    // The provider signs with RS256 or ES256; no other algorithm is taken.
    let claims = ["RS256", "ES256"]
        .into_iter()
        .filter(|alg| *alg == header.algorithm())
        .flat_map(|alg| keys_for(keys, alg, header.key_id()))
        .find_map(|key| key.verify::<LogoutClaims>(token, &options))?;
    let logout = claims.custom.events.contains_key(EVENT) && claims.custom.nonce.is_none();
    let subject = claims.subject.filter(|s| !s.is_empty())?;
    let jti = claims.jwt_id.filter(|j| !j.is_empty() && j.len() <= 256)?;
    let expires_at = claims.expires_at.map_or(storage::now() + 600, |e| e.as_secs() as i64);
    logout.then_some((subject, jti, expires_at))
}
