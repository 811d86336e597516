//! The second step of a staff sign-in: after the right password, an account with an
//! authenticator gets no session yet, only a challenge (a cookie for five minutes) and the
//! page that asks for the 6-digit code or a recovery code. Wrong codes count per account
//! across sign-ins (five in 15 minutes), so that knowing the password does not buy
//! unlimited guesses. A passkey sign-in needs no second step: it is two factors itself.
use super::{
    handlers::{self, back_to},
    lockout, tokens, totp,
};
use crate::{
    http::session_lookup::cookie_value,
    secrets::Purpose,
    startup::AppState,
    storage::{self, audit, second_factor, throttle::Scope},
};
use app::{backend::RequestFacts, feedback::Feedback};
use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;

const CHALLENGE_SECONDS: i64 = 300;
const MAX_WRONG_CODES: i64 = 5;
pub const PAGE: &str = "/login/second-step";

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-vtv_second_step"
    } else {
        "vtv_second_step"
    }
}

fn cookie(state: &AppState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = state.config.secure_cookies();
    let flag = if secure { "; Secure" } else { "" };
    let text = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{flag}",
        cookie_name(secure)
    );
    HeaderValue::from_str(&text).ok()
}

/// Whether this account signs in with a second step: staff with a confirmed authenticator.
pub async fn needed(state: &AppState, user_id: i64) -> storage::Result<bool> {
    let staff = storage::account_controls::controls(&state.db, user_id)
        .await?
        .is_some_and(|c| c.role.is_staff());
    Ok(staff
        && second_factor::factor(&state.db, user_id)
            .await?
            .is_some_and(|f| f.confirmed))
}

/// Instead of a session: the challenge, and the way to the page asking for the code.
pub async fn challenge(state: &AppState, user_id: i64) -> storage::Result<Response> {
    let token = tokens::new_session_token();
    second_factor::open_challenge(&state.db, &tokens::digest(&token), user_id, CHALLENGE_SECONDS).await?;
    let mut response = Redirect::to(PAGE).into_response();
    if let Some(value) = cookie(state, &token, CHALLENGE_SECONDS) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    match answer(&state, &facts, &headers, &form.code).await {
        Ok(response) => response,
        Err(error) => {
            tracing::error!(%error, "the second step failed");
            crate::error::HttpError::Unexpected(error).into_response()
        }
    }
}

async fn answer(state: &AppState, facts: &RequestFacts, headers: &HeaderMap, typed: &str) -> anyhow::Result<Response> {
    let db = &state.db;
    let secure = state.config.secure_cookies();
    let Some(token) = cookie_value(headers, cookie_name(secure)) else {
        return Ok(back_to("/login", Feedback::SessionEnded));
    };
    let token_hash = tokens::digest(&token);
    let Some(user_id) = second_factor::challenge(db, &token_hash).await? else {
        return Ok(back_to("/login", Feedback::SessionEnded));
    };
    // Counted before it is judged, so that guesses sent at once cannot all slip under.
    let key = format!("second-step:{user_id}");
    let attempt = tokens::new_session_token();
    storage::throttle::record_attempt(db, Scope::Account, &key, &attempt).await?;
    if storage::throttle::recent_failures(db, Scope::Account, &key, lockout::WINDOW_SECONDS).await? > MAX_WRONG_CODES {
        storage::throttle::forget_attempt(db, Scope::Account, &key, &attempt).await?;
        second_factor::close_challenge(db, &token_hash).await?;
        return Ok(back_to("/login", Feedback::SignInThrottled));
    }
    let how = match code_is_right(state, user_id, typed).await? {
        Some(how) => how,
        None => return Ok(back_to(PAGE, Feedback::SecondStepRefused)),
    };
    if !second_factor::close_challenge(db, &token_hash).await? {
        return Ok(back_to("/login", Feedback::SessionEnded));
    }
    storage::throttle::clear(db, Scope::Account, &key).await?;
    let subject = format!("user:{user_id}");
    audit::record(db, audit::Entry::new(how, &facts.client_addr).subject(subject.as_str())).await?;
    let email = second_factor::email_of(db, user_id).await?.unwrap_or_default();
    let judge = lockout::judge(db, headers, secure, Some(user_id), &email, &facts.client_addr).await?;
    let mut response = handlers::start_session(state, user_id, &judge, headers, &facts.client_addr).await?;
    if let Some(value) = cookie(state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The audit action of a right code (an authenticator's, or a recovery code, used up).
async fn code_is_right(state: &AppState, user_id: i64, typed: &str) -> anyhow::Result<Option<&'static str>> {
    let db = &state.db;
    let Some(factor) = second_factor::factor(db, user_id).await? else {
        return Ok(None);
    };
    let secret = state.backend.secrets.open(Purpose::TotpSecret, &factor.secret)?.plain;
    if let Some(step) = totp::matching_step(&secret, typed, state.backend.clock.now(), factor.last_step) {
        return Ok(second_factor::take_step(db, user_id, step, None)
            .await?
            .then_some("sign_in.second_step"));
    }
    match totp::normalise_recovery_code(typed) {
        Some(code) if second_factor::use_recovery_code(db, user_id, &tokens::digest(&code)).await? => {
            Ok(Some("sign_in.recovery_code_used"))
        }
        _ => Ok(None),
    }
}
