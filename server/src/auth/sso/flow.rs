//! `GET /auth/sso` and `GET /auth/sso/callback`: the redirect to the hospital's provider and
//! back. The session cookie is `SameSite=Strict`, so a browser does not send it on the
//! provider's redirect back; what the callback needs comes in its own cookie, `SameSite=Lax`
//! (sent on that top-level GET), scoped to `/auth/sso` and gone in ten minutes. It names a
//! sign-in kept in the database (state, nonce, PKCE verifier), so any instance finishes it,
//! once. The callback sets the session, then answers a page that moves on to the app: the
//! move starts from our own page, so the browser sends the new Strict cookie with it.
use super::{accounts::account_for, provider::Provider};
use crate::{
    auth::tokens,
    http::session_lookup::{cookie_value, session_cookie_name},
    startup::AppState,
    storage::{self, audit::Entry, sso},
};
use app::{
    backend::RequestFacts,
    domain::sso_claims::{map, Unmapped},
    feedback::Feedback,
    i18n::{t, Locale, Msg},
};
use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    Extension,
};
use serde::Deserialize;

const COOKIE: &str = "vtv_sso";
const CEREMONY_SECONDS: i64 = 600;

#[derive(Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    login_hint: Option<String>,
}

fn to_login(feedback: Feedback) -> Response {
    Redirect::to(&format!("/login?{}", feedback.query())).into_response()
}

fn ceremony_cookie(state: &AppState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/auth/sso; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// Sign-ins one address may begin in a minute (each keeps a row for ten minutes).
const STARTS_PER_MINUTE: i64 = 30;

pub async fn start(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Query(query): Query<StartQuery>,
) -> Response {
    let Some(provider) = state.sso.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match storage::rate_counters::count_one(&state.db, "sso-start", &facts.client_addr, 60).await {
        Ok((count, _)) if count <= STARTS_PER_MINUTE => {}
        Ok(_) => return StatusCode::TOO_MANY_REQUESTS.into_response(),
        Err(_) => return to_login(Feedback::SsoFailed),
    }
    // A hint the provider may use to skip typing the name: plain text, bounded.
    let hint = query
        .login_hint
        .filter(|h| h.len() <= 254 && h.chars().all(|c| c.is_ascii_graphic()));
    let started = match provider.start(hint.as_deref()).await {
        Ok(started) => started,
        Err(error) => {
            tracing::error!(%error, "the hospital's sign-in could not begin");
            return to_login(Feedback::SsoFailed);
        }
    };
    let id = tokens::new_session_token();
    let ceremony = sso::Ceremony {
        state: started.state,
        nonce: started.nonce,
        verifier: started.verifier,
    };
    let expires_at = storage::now() + CEREMONY_SECONDS;
    if let Err(error) = sso::begin_ceremony(&state.db, &tokens::digest(&id), &ceremony, expires_at).await {
        tracing::error!(%error, "the hospital's sign-in could not be kept");
        return to_login(Feedback::SsoFailed);
    }
    let mut response = Redirect::to(&started.url).into_response();
    if let Some(cookie) = ceremony_cookie(&state, &id, CEREMONY_SECONDS) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Deserialize)]
pub struct Callback {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

pub async fn callback(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    headers: HeaderMap,
    Query(back): Query<Callback>,
) -> Response {
    let Some(provider) = state.sso.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let locale = facts.accept_language.unwrap_or_default();
    let mut response = match finish(&state, &provider, &facts, &headers, back, locale).await {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "the hospital's sign-in could not finish");
            to_login(Feedback::SsoFailed)
        }
    };
    // The sign-in under way is over, whatever came of it.
    if let Some(cookie) = ceremony_cookie(&state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

async fn finish(
    state: &AppState,
    provider: &Provider,
    facts: &RequestFacts,
    headers: &HeaderMap,
    back: Callback,
    locale: Locale,
) -> anyhow::Result<Response> {
    let ceremony = match cookie_value(headers, COOKIE) {
        Some(id) => sso::take_ceremony(&state.db, &tokens::digest(&id)).await?,
        None => None,
    };
    let Some(ceremony) = ceremony.filter(|c| back.state.as_deref() == Some(c.state.as_str())) else {
        return Ok(to_login(Feedback::SsoStartAgain));
    };
    let Some(code) = back.code.filter(|_| back.error.is_none()) else {
        tracing::info!(error = ?back.error, "the hospital's provider did not sign the person in");
        return Ok(to_login(Feedback::SsoFailed));
    };
    let person = provider
        .finish(&code, &ceremony.verifier, &ceremony.nonce)
        .await
        .map_err(anyhow::Error::msg)?;
    let issuer = &provider.settings.issuer;
    let refused_subject = format!("sso:{}", person.subject);
    let mapped = match map(&person.claims, &provider.settings.rules) {
        Ok(mapped) => mapped,
        Err(why) => {
            let entry = Entry::new("sign_in.provider_refused", &facts.client_addr).subject(refused_subject.as_str());
            storage::audit::record(&state.db, entry).await?;
            return Ok(to_login(match why {
                Unmapped::NoRole => Feedback::SsoNoRole,
                Unmapped::NoCentre => Feedback::SsoNoCentre,
            }));
        }
    };
    let break_glass = &provider.settings.break_glass;
    let user_id = match account_for(&state.db, issuer, &person, mapped, break_glass, &facts.client_addr).await? {
        Ok(user_id) => user_id,
        Err(feedback) => return Ok(to_login(feedback)),
    };
    session(state, headers, user_id, &person, &facts.client_addr, locale).await
}

/// The session, ending at the ID token's expiry or the app's own limit, and the page that
/// moves on to the app.
async fn session(
    state: &AppState,
    headers: &HeaderMap,
    user_id: i64,
    person: &super::provider::Person,
    client_addr: &str,
    locale: Locale,
) -> anyhow::Result<Response> {
    let secure = state.config.secure_cookies();
    let name = session_cookie_name(secure);
    if let Some(old) = cookie_value(headers, name) {
        storage::sessions::destroy(&state.db, &tokens::digest(&old)).await?;
    }
    let token = tokens::new_session_token();
    let limits = state.session_limits();
    sso::create_session(
        &state.db,
        &tokens::digest(&token),
        user_id,
        &limits,
        person.expires_at,
        &person.subject,
    )
    .await?;
    let subject = format!("user:{user_id}");
    storage::audit::record(
        &state.db,
        Entry::new("sign_in.provider", client_addr).subject(subject.as_str()),
    )
    .await?;
    let max_age = (person.expires_at - storage::now()).clamp(0, limits.absolute_seconds);
    let cookie = format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    );
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"refresh\" content=\"0;url=/\"><link rel=\"icon\" href=\"/icon.svg\">\
         <title>Vein-to-Vein</title></head>\
         <body><main><p role=\"status\">{said}</p><p><a href=\"/\">{next}</a></p></main></body></html>",
        lang = locale.language(),
        said = t(locale, Msg::SsoSignedIn),
        next = t(locale, Msg::SsoContinue),
    );
    let mut response = Html(page).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_str(&cookie)?);
    response
        .headers_mut()
        .insert("clear-site-data", HeaderValue::from_static("\"cache\""));
    Ok(response)
}

/// Where signing out of a session begun through the provider goes: the provider's
/// end-session endpoint. None for any other session.
pub async fn provider_logout(state: &AppState, token_hash: &str) -> storage::Result<Option<String>> {
    let Some(provider) = state.sso.clone() else {
        return Ok(None);
    };
    if sso::session_subject(&state.db, token_hash).await?.is_none() {
        return Ok(None);
    }
    Ok(provider.end_session_url(&state.backend.public_url).await)
}
