//! Passkeys: making one (signed in, from settings) and signing in with one (from the
//! sign-in page). Each is a ceremony of two requests: the options, holding a challenge, and
//! the browser's answer. What the server must remember in between is kept in the database
//! (`storage::passkeys`), so that any instance can take the answer, and taken once, so that
//! an answer cannot be replayed. `public/passkey.js` is the browser's side.
//!
//! Every answer is JSON naming the page to go to next, with the outcome in its query
//! (`Feedback`), so that the page says what happened in the person's own language.
use super::{
    lockout::{self, Judge},
    session_length::{self, SignedInWith},
    session_start, tokens,
};
use crate::{
    startup::AppState,
    storage::{self, audit, passkeys::Purpose, throttle::Scope},
};
use app::{backend::RequestFacts, feedback::Feedback};
use axum::{
    extract::{rejection::JsonRejection, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Uuid,
};

/// As long as webauthn-rs lets the authenticator take (5 minutes): someone unwell may be slow.
const CEREMONY_SECONDS: i64 = 300;
/// Sign-in ceremonies begun per minute from one address (each is a row until it expires).
const SIGN_IN_OPTIONS_PER_MINUTE: i64 = 30;
/// As for passwords: twenty failed sign-ins per address in fifteen minutes.
const MAX_FAILURES_PER_ADDRESS: i64 = 20;

#[derive(Serialize)]
struct Ceremony<T> {
    /// The id the browser sends back with its answer.
    ceremony: String,
    options: T,
}

#[derive(Deserialize)]
pub struct Answer<T> {
    ceremony: String,
    credential: T,
}

#[derive(Serialize)]
struct Next {
    redirect: String,
}

/// What a registration must remember: the challenge, and the account's id on authenticators.
#[derive(Serialize, Deserialize)]
struct RegistrationState {
    handle: Uuid,
    registration: PasskeyRegistration,
}

fn next(status: StatusCode, page: &str, feedback: Feedback) -> Response {
    let redirect = format!("{page}?{}", feedback.query());
    (status, Json(Next { redirect })).into_response()
}

fn not_offered() -> Response {
    (StatusCode::NOT_FOUND, "Passkeys are not offered on this address.").into_response()
}

fn unexpected(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "a passkey ceremony failed");
    crate::error::HttpError::Unexpected(anyhow::anyhow!("{error}")).into_response()
}

/// Step one of making a passkey: the options for `navigator.credentials.create`.
pub async fn register_options(State(state): State<AppState>, Extension(facts): Extension<RequestFacts>) -> Response {
    let Some(webauthn) = state.webauthn.clone() else {
        return not_offered();
    };
    let Some(viewer) = facts.viewer else {
        return next(StatusCode::UNAUTHORIZED, "/login", Feedback::SessionEnded);
    };
    let result: anyhow::Result<Response> = async {
        let db = &state.db;
        let user_id = viewer.actor.user_id;
        let handle = match storage::passkeys::user_handle_of(db, user_id).await? {
            Some(handle) => Uuid::parse_str(&handle)?,
            None => Uuid::new_v4(),
        };
        // An authenticator that holds one of the account's passkeys already is not asked again.
        let exclude = storage::passkeys::credential_ids_of(db, user_id)
            .await?
            .iter()
            .filter_map(|id| URL_SAFE_NO_PAD.decode(id).ok().map(Into::into))
            .collect();
        let name = &viewer.display_name;
        let (options, registration) = webauthn.start_passkey_registration(handle, name, name, Some(exclude))?;
        // A discoverable passkey: signing in then needs no email, only the phone's own lock.
        let mut options = serde_json::to_value(options)?;
        options["publicKey"]["authenticatorSelection"]["residentKey"] = "required".into();
        options["publicKey"]["authenticatorSelection"]["requireResidentKey"] = true.into();
        let remembered = serde_json::to_string(&RegistrationState { handle, registration })?;
        let ceremony = begin(&state, Purpose::Register, Some(user_id), &remembered).await?;
        Ok(Json(Ceremony { ceremony, options }).into_response())
    }
    .await;
    result.unwrap_or_else(unexpected)
}

/// Step two: the authenticator's new passkey, kept for the account.
pub async fn register(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    answer: Result<Json<Answer<RegisterPublicKeyCredential>>, JsonRejection>,
) -> Response {
    const PAGE: &str = "/settings";
    let Some(webauthn) = state.webauthn.clone() else {
        return not_offered();
    };
    let Some(viewer) = facts.viewer else {
        return next(StatusCode::UNAUTHORIZED, "/login", Feedback::SessionEnded);
    };
    let Ok(Json(answer)) = answer else {
        return next(StatusCode::BAD_REQUEST, PAGE, Feedback::PasskeyFailed);
    };
    let result: anyhow::Result<Response> = async {
        let db = &state.db;
        let user_id = viewer.actor.user_id;
        let Some(remembered) = take(&state, &answer.ceremony, Purpose::Register, Some(user_id)).await? else {
            return Ok(next(StatusCode::BAD_REQUEST, PAGE, Feedback::PasskeyFailed));
        };
        let remembered: RegistrationState = serde_json::from_str(&remembered)?;
        let passkey = match webauthn.finish_passkey_registration(&answer.credential, &remembered.registration) {
            Ok(passkey) => passkey,
            Err(error) => {
                tracing::info!(%error, user_id, "a passkey was refused");
                return Ok(next(StatusCode::BAD_REQUEST, PAGE, Feedback::PasskeyFailed));
            }
        };
        let credential_id = URL_SAFE_NO_PAD.encode(passkey.cred_id());
        let stored = serde_json::to_string(&passkey)?;
        let handle = remembered.handle.to_string();
        if !storage::passkeys::add(db, user_id, &credential_id, &handle, &stored).await? {
            return Ok(next(StatusCode::CONFLICT, PAGE, Feedback::PasskeyFailed));
        }
        audit::record(
            db,
            audit::Entry::new("account.passkey_added", &facts.client_addr)
                .by(&viewer.actor)
                .subject(format!("user:{user_id}").as_str()),
        )
        .await?;
        Ok(next(StatusCode::OK, PAGE, Feedback::PasskeyAdded))
    }
    .await;
    result.unwrap_or_else(unexpected)
}

/// Step one of signing in: a challenge for any of this site's passkeys on the phone.
pub async fn sign_in_options(State(state): State<AppState>, Extension(facts): Extension<RequestFacts>) -> Response {
    let Some(webauthn) = state.webauthn.clone() else {
        return not_offered();
    };
    let result: anyhow::Result<Response> = async {
        let network = lockout::network_of(&facts.client_addr);
        let (count, _) = storage::rate_counters::count_one(&state.db, "passkey_sign_in_options", &network, 60).await?;
        if count > SIGN_IN_OPTIONS_PER_MINUTE {
            return Ok(next(StatusCode::TOO_MANY_REQUESTS, "/login", Feedback::SignInThrottled));
        }
        let (options, authentication) = webauthn.start_discoverable_authentication()?;
        let ceremony = begin(&state, Purpose::SignIn, None, &serde_json::to_string(&authentication)?).await?;
        // `options.mediation` (conditional) is left out: the person presses the button.
        Ok(Json(Ceremony {
            ceremony,
            options: serde_json::json!({ "publicKey": options.public_key }),
        })
        .into_response())
    }
    .await;
    result.unwrap_or_else(unexpected)
}

/// Step two: the phone's signature. A session begins if it is one of the account's passkeys
/// and the account may sign in; how long it lasts is `session_length.rs`'s rule.
pub async fn sign_in(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    headers: HeaderMap,
    answer: Result<Json<Answer<PublicKeyCredential>>, JsonRejection>,
) -> Response {
    let result: anyhow::Result<Response> = async {
        let network = lockout::network_of(&facts.client_addr);
        if storage::throttle::recent_failures(&state.db, Scope::Address, &network, lockout::WINDOW_SECONDS).await?
            >= MAX_FAILURES_PER_ADDRESS
        {
            return Ok(next(StatusCode::TOO_MANY_REQUESTS, "/login", Feedback::SignInThrottled));
        }
        let verified = match answer {
            Ok(Json(answer)) => verify(&state, &answer).await?,
            Err(_) => None,
        };
        let Some(user_id) = verified else {
            storage::throttle::record_failure(&state.db, Scope::Address, &network).await?;
            return Ok(next(StatusCode::BAD_REQUEST, "/login", Feedback::PasskeyFailed));
        };
        if let Some(refused) = crate::auth::sso::local_sign_in::judged(&state, user_id).await? {
            return Ok(next(StatusCode::FORBIDDEN, "/login", refused));
        }
        start_session(&state, &facts, &headers, user_id).await
    }
    .await;
    result.unwrap_or_else(unexpected)
}

/// The account whose passkey signed this ceremony's challenge; its counter is brought up to date.
async fn verify(state: &AppState, answer: &Answer<PublicKeyCredential>) -> anyhow::Result<Option<i64>> {
    let Some(webauthn) = state.webauthn.as_ref() else {
        return Ok(None);
    };
    let Some(remembered) = take(state, &answer.ceremony, Purpose::SignIn, None).await? else {
        return Ok(None);
    };
    let authentication: DiscoverableAuthentication = serde_json::from_str(&remembered)?;
    let Ok((handle, credential_id)) = webauthn.identify_discoverable_authentication(&answer.credential) else {
        return Ok(None);
    };
    let credential_id = URL_SAFE_NO_PAD.encode(credential_id);
    let Some(stored) = storage::passkeys::by_credential(&state.db, &credential_id).await? else {
        return Ok(None);
    };
    if stored.user_handle != handle.to_string() {
        return Ok(None);
    }
    let mut passkey: Passkey = serde_json::from_str(&stored.passkey)?;
    let checked = match webauthn.finish_discoverable_authentication_v2(&answer.credential, authentication, &passkey) {
        Ok(checked) => checked,
        Err(error) => {
            tracing::info!(%error, user_id = stored.user_id, "a passkey sign-in was refused");
            return Ok(None);
        }
    };
    passkey.update_credential(&checked);
    storage::passkeys::used(&state.db, stored.id, &serde_json::to_string(&passkey)?).await?;
    Ok(Some(stored.user_id))
}

/// As after a password, the account must be one that may sign in (not deactivated, not
/// waiting for a second person, not an inert demo account); then its session begins.
async fn start_session(
    state: &AppState,
    facts: &RequestFacts,
    headers: &HeaderMap,
    user_id: i64,
) -> anyhow::Result<Response> {
    let db = &state.db;
    let Some(account) = storage::accounts::account(db, user_id).await? else {
        return Ok(next(StatusCode::BAD_REQUEST, "/login", Feedback::PasskeyFailed));
    };
    if account.is_demo && !state.config.demo {
        return Ok(next(StatusCode::BAD_REQUEST, "/login", Feedback::PasskeyFailed));
    }
    match storage::account_controls::controls(db, user_id).await? {
        Some(controls) if controls.deactivated => {
            return Ok(next(StatusCode::FORBIDDEN, "/login", Feedback::AccountDeactivated))
        }
        Some(controls) if controls.awaiting => {
            return Ok(next(StatusCode::FORBIDDEN, "/login", Feedback::AwaitingConfirmation))
        }
        _ => {}
    }
    let secure = state.config.secure_cookies();
    let judge = lockout::judge(db, headers, secure, Some(user_id), "", &facts.client_addr).await?;
    let own_device = match &judge {
        Judge::KnownDevice(hash) => storage::known_devices::is_own(db, hash, user_id).await?,
        Judge::Unknown { .. } => false,
    };
    let limits = session_length::limits_for(
        account.actor.role,
        SignedInWith::Passkey,
        own_device,
        state.session_limits(),
    );
    let signed_in = session_start::begin(state, user_id, &judge, headers, &limits, &facts.client_addr).await?;
    let redirect = signed_in.home.clone();
    Ok(signed_in.onto(Json(Next { redirect }).into_response()))
}

/// Remembers a ceremony's state until it is answered or expires; answers the id to send back.
async fn begin(state: &AppState, purpose: Purpose, user_id: Option<i64>, remembered: &str) -> anyhow::Result<String> {
    let id = tokens::new_session_token();
    let expires_at = storage::now() + CEREMONY_SECONDS;
    storage::passkeys::begin_ceremony(
        &state.db,
        &tokens::digest(&id),
        purpose,
        user_id,
        remembered,
        expires_at,
    )
    .await?;
    Ok(id)
}

async fn take(state: &AppState, id: &str, purpose: Purpose, user_id: Option<i64>) -> anyhow::Result<Option<String>> {
    Ok(storage::passkeys::take_ceremony(&state.db, &tokens::digest(id), purpose, user_id).await?)
}
