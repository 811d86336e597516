//! The sign-in, sign-out, code and password forms: plain HTML posts answered with a
//! redirect, so they work before (or without) the wasm.
use super::{
    caregiver_joining,
    lockout::{self, Judge},
    password,
    session_length::{self, SignedInWith},
    session_start, tokens,
};
use crate::{
    http::session_lookup::{cookie_value, session_cookie_name},
    startup::AppState,
    storage::{self, audit, throttle::Scope},
};
use app::{
    backend::RequestFacts,
    domain::validation::{check_new_password, normalise_invitation_code, Email},
    feedback::Feedback,
    i18n::Locale,
};
use axum::{
    extract::{rejection::FormRejection, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;

/// Fifteen minutes; five wrong passwords per account, twenty per address.
const THROTTLE_WINDOW: i64 = lockout::WINDOW_SECONDS;
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_ADDRESS: i64 = 20;

#[derive(Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
    password: String,
    confirmation: String,
    /// The language the person chose for their new account ("fr", "en-US"); absent or
    /// unknown keeps the one their care team chose.
    #[serde(default)]
    locale: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    password: String,
    confirmation: String,
}

pub(super) fn back_to(page: &str, feedback: Feedback) -> Response {
    Redirect::to(&format!("{page}?{}", feedback.query())).into_response()
}

fn unexpected(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "form handling failed");
    crate::error::HttpError::Unexpected(anyhow::anyhow!("{error}")).into_response()
}

pub async fn sign_in(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    headers: HeaderMap,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return back_to("/login", Feedback::Invalid(app::domain::validation::Problem::Required));
    };
    let email = match Email::parse(&form.email) {
        Ok(email) => email,
        Err(problem) => return back_to("/login", Feedback::Invalid(problem)),
    };
    match sign_in_checked(&state, &facts, &headers, &email, form.password).await {
        Ok(Ok((user_id, judge))) => match super::sso::local_sign_in::judged(&state, user_id).await {
            Ok(Some(refused)) => back_to("/login", refused),
            Ok(None) => password_signed_in(&state, &facts, user_id, &judge, &headers).await,
            Err(error) => unexpected(error),
        },
        Ok(Err(feedback)) => {
            // For whoever watches for password guessing; the address tried is not logged.
            tracing::info!(outcome = ?feedback, "a sign-in was refused");
            back_to("/login", feedback)
        }
        Err(error) => unexpected(error),
    }
}

/// A right password: the second step if the account needs one, else the session.
async fn password_signed_in(
    state: &AppState,
    facts: &RequestFacts,
    user_id: i64,
    judge: &Judge,
    headers: &HeaderMap,
) -> Response {
    match super::second_step::needed(state, user_id).await {
        Ok(true) => super::second_step::challenge(state, user_id)
            .await
            .unwrap_or_else(unexpected),
        Ok(false) => start_session(state, user_id, judge, headers, &facts.client_addr)
            .await
            .unwrap_or_else(unexpected),
        Err(error) => unexpected(error),
    }
}

/// Errors never say whether the account exists: unknown, wrong password, no password
/// yet and inert demo account all answer the same, after the same work. Throttling is
/// `lockout.rs`'s.
pub(super) async fn sign_in_checked(
    state: &AppState,
    facts: &RequestFacts,
    headers: &HeaderMap,
    email: &Email,
    password_given: String,
) -> anyhow::Result<Result<(i64, Judge), Feedback>> {
    let db = &state.db;
    let secure = state.config.secure_cookies();
    let credentials = storage::accounts::credentials_by_email(db, email.as_str()).await?;
    let user_id = credentials.as_ref().map(|c| c.user_id);
    let judge = lockout::judge(db, headers, secure, user_id, email.as_str(), &facts.client_addr).await?;
    let attempt = tokens::new_session_token();
    if !lockout::begin(db, &judge, &attempt).await? {
        return Ok(Err(Feedback::SignInThrottled));
    }
    let stored = credentials.as_ref().and_then(|c| c.password_hash.clone());
    let verified = password::verify(password_given, stored).await?;
    match credentials {
        Some(c) if verified && (!c.is_demo || state.config.demo) => {
            lockout::succeeded(db, &judge, &attempt).await?;
            // Said only to whoever knows the password: the person themselves.
            match storage::account_controls::controls(db, c.user_id).await? {
                Some(controls) if controls.deactivated => Ok(Err(Feedback::AccountDeactivated)),
                Some(controls) if controls.awaiting => Ok(Err(Feedback::AwaitingConfirmation)),
                _ => Ok(Ok((c.user_id, judge))),
            }
        }
        // The recorded attempt stays, as a failure.
        _ => Ok(Err(Feedback::SignInFailed)),
    }
}

/// A password sign-in's session: the configured limits, whoever signs in (`session_length.rs`).
pub(super) async fn start_session(
    state: &AppState,
    user_id: i64,
    judge: &Judge,
    headers: &HeaderMap,
    client_addr: &str,
) -> anyhow::Result<Response> {
    let role = storage::account_controls::controls(&state.db, user_id)
        .await?
        .map(|c| c.role);
    let limits = match role {
        Some(role) => session_length::limits_for(role, SignedInWith::Password, false, state.session_limits()),
        None => state.session_limits(),
    };
    let signed_in = session_start::begin(state, user_id, judge, headers, &limits, client_addr).await?;
    let home = signed_in.home.clone();
    Ok(signed_in.onto(Redirect::to(&home).into_response()))
}

fn clear_cookie(state: &AppState, mut response: Response) -> Response {
    let secure = state.config.secure_cookies();
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT{}",
        session_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize, Default)]
pub struct SignOutForm {
    /// This browser's push endpoint (push.js fills it in), to stop its reminders.
    #[serde(default)]
    endpoint: String,
    /// What became of the answers given offline (offline.js fills it in): `sent` (sent
    /// first), `kept` (they could not be sent and stay on the phone for the next sign-in).
    #[serde(default)]
    unsent: String,
    /// "Forget this phone": this browser is no longer a device the person signed in from.
    #[serde(default)]
    forget: String,
}

/// Ends the session, removes this browser's push subscription, and asks the browser to
/// forget what it cached and stored for the person (`Clear-Site-Data`), so that a shared
/// phone keeps nothing of theirs. Answers given offline that could not be sent yet are the
/// exception: storage is then left alone (the page has wiped the plan itself), since they
/// are never wiped silently. Cookies are not cleared that way: the session cookie is
/// expired by name, and the lockout rule's device cookie too when the phone is forgotten.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<SignOutForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let mut through_provider = None;
    if let Some(token) = cookie_value(&headers, session_cookie_name(state.config.secure_cookies())) {
        // A session begun at the hospital's provider ends there too.
        through_provider = match super::sso::flow::provider_logout(&state, &tokens::digest(&token)).await {
            Ok(url) => url,
            Err(error) => return unexpected(error),
        };
        if let Err(error) = end_session(&state, &tokens::digest(&token), form.endpoint.trim()).await {
            return unexpected(error);
        }
    }
    let (feedback, cleared) = match form.unsent.as_str() {
        "kept" => (Feedback::SignedOutKept, "\"cache\""),
        "sent" => (Feedback::SignedOutSent, "\"cache\", \"storage\""),
        _ => (Feedback::SignedOut, "\"cache\", \"storage\""),
    };
    let mut response = match through_provider {
        Some(url) => clear_cookie(&state, axum::response::Redirect::to(&url).into_response()),
        None => clear_cookie(&state, back_to("/login", feedback)),
    };
    response
        .headers_mut()
        .insert("clear-site-data", HeaderValue::from_static(cleared));
    if form.forget == "1" {
        forget_device(&state, &mut response);
    }
    response
}

/// Expires the lockout rule's device cookie: this phone is no longer one the person uses.
fn forget_device(state: &AppState, response: &mut Response) {
    let secure = state.config.secure_cookies();
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        lockout::device_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

async fn end_session(state: &AppState, token_hash: &str, endpoint: &str) -> storage::Result<()> {
    let user = storage::sessions::resolve(&state.db, token_hash, &state.session_limits(), false).await?;
    if let (Some(user_id), false) = (user, endpoint.is_empty()) {
        storage::push::remove_endpoint(&state.db, user_id, endpoint).await?;
    }
    storage::sessions::destroy(&state.db, token_hash).await
}

pub async fn redeem_code(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    headers: HeaderMap,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Response {
    const PAGE: &str = "/invitation";
    let Ok(Form(form)) = form else {
        return back_to(PAGE, Feedback::Invalid(app::domain::validation::Problem::Required));
    };
    let code = match normalise_invitation_code(&form.code) {
        Ok(code) => code,
        Err(problem) => return back_to(PAGE, Feedback::Invalid(problem)),
    };
    if let Err(problem) = check_new_password(&form.password, &form.confirmation) {
        return back_to(PAGE, Feedback::Invalid(problem));
    }
    let result: anyhow::Result<Response> = async {
        let db = &state.db;
        // Guessing codes is throttled per address like guessing passwords.
        let network = lockout::network_of(&facts.client_addr);
        if storage::throttle::recent_failures(db, Scope::Address, &network, THROTTLE_WINDOW).await?
            >= MAX_FAILURES_PER_ADDRESS
        {
            return Ok(back_to(PAGE, Feedback::SignInThrottled));
        }
        let code_hash = tokens::digest(&code);
        // A caregiver's invitation makes or links the account only now (caregiver_joining.rs).
        let chosen = Locale::ALL.into_iter().find(|l| l.code() == form.locale.trim());
        if let Some(mut invitation) = storage::caregiver_invitations::find_open(db, &code_hash).await? {
            // A caregiver chooses their own language; an account they already hold keeps its own.
            invitation.locale = chosen.unwrap_or(invitation.locale);
            let joined = caregiver_joining::redeem(&state, &facts, &headers, &invitation, form.password).await?;
            return Ok(match joined {
                Some(feedback) => back_to("/login", feedback),
                None => {
                    storage::throttle::record_failure(db, Scope::Address, &network).await?;
                    back_to(PAGE, Feedback::CodeRefused)
                }
            });
        }
        let redeemed = if storage::invitations::is_redeemable(db, &code_hash).await? {
            let hash = password::hash(form.password).await?;
            storage::invitations::redeem(db, &code_hash, &hash).await?
        } else {
            None
        };
        match redeemed {
            Some(user_id) => {
                if let Some(locale) = chosen {
                    storage::accounts::set_locale(db, user_id, locale).await?;
                }
                let account = storage::accounts::account(db, user_id).await?;
                audit::record(
                    db,
                    audit::Entry::new("account.password_set_with_code", &facts.client_addr)
                        .by(account.as_ref().map(|a| &a.actor))
                        .subject(format!("user:{user_id}").as_str()),
                )
                .await?;
                Ok(back_to("/login", Feedback::PasswordSet))
            }
            None => {
                storage::throttle::record_failure(db, Scope::Address, &network).await?;
                Ok(back_to(PAGE, Feedback::CodeRefused))
            }
        }
    }
    .await;
    result.unwrap_or_else(unexpected)
}

pub async fn change_password(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Response {
    const PAGE: &str = "/account/password";
    let Some(viewer) = facts.viewer.clone() else {
        return back_to("/login", Feedback::SessionEnded);
    };
    let Ok(Form(form)) = form else {
        return back_to(PAGE, Feedback::Invalid(app::domain::validation::Problem::Required));
    };
    if let Err(problem) = check_new_password(&form.password, &form.confirmation) {
        return back_to(PAGE, Feedback::Invalid(problem));
    }
    let result: anyhow::Result<Response> = async {
        let db = &state.db;
        let user_id = viewer.actor.user_id;
        // A stolen session must not become a way to guess the password: same throttle as sign-in.
        let key = format!("user:{user_id}");
        if storage::throttle::recent_failures(db, Scope::Account, &key, THROTTLE_WINDOW).await?
            >= MAX_FAILURES_PER_ACCOUNT
        {
            return Ok(back_to(PAGE, Feedback::SignInThrottled));
        }
        let stored = storage::accounts::password_hash(db, user_id).await?;
        if !password::verify(form.current, stored).await? {
            storage::throttle::record_failure(db, Scope::Account, &key).await?;
            return Ok(back_to(PAGE, Feedback::CurrentPasswordWrong));
        }
        let hash = password::hash(form.password).await?;
        storage::accounts::set_password_hash(&db.pool, user_id, &hash).await?;
        // Every other device is signed out too: a changed password may mean a leaked one.
        storage::sessions::destroy_all_of(db, user_id).await?;
        audit::record(
            db,
            audit::Entry::new("account.password_changed", &facts.client_addr)
                .by(&viewer.actor)
                .subject(format!("user:{user_id}").as_str()),
        )
        .await?;
        Ok(clear_cookie(&state, back_to("/login", Feedback::PasswordChanged)))
    }
    .await;
    result.unwrap_or_else(unexpected)
}
