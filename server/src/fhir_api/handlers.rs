//! The FHIR API's routes, under `/fhir`: the CapabilityStatement and SMART's discovery
//! document (open to anyone, as FHIR and SMART ask), the token endpoint, and read and
//! search for a client holding a token. Reads are counted per client, tokens per address.
use super::answers::{self, fhir};
use crate::{
    auth::tokens,
    services::{
        fhir_records::{self, Asking},
        fhir_tokens::{self as token, TokenForm},
    },
    startup::AppState,
    storage::{fhir_clients, rate_counters, StorageError},
};
use app::{
    backend::RequestFacts,
    domain::fhir_api::{capability, Kind},
};
use axum::{
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Router,
};

pub const TOKEN_PATH: &str = "/fhir/auth/token";
/// Token requests an address may make in a minute: one a client needs every five.
const TOKENS_PER_MINUTE: i64 = 30;
/// Reads and searches a client may make in a minute.
const READS_PER_MINUTE: i64 = 600;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/fhir/metadata", get(metadata))
        .route("/fhir/.well-known/smart-configuration", get(smart_configuration))
        .route(TOKEN_PATH, post(issue_token))
        .route("/fhir/{kind}", get(search))
        .route("/fhir/{kind}/{id}", get(read))
}

fn base(state: &AppState) -> String {
    format!("{}/fhir", state.backend.public_url)
}

async fn metadata(State(state): State<AppState>) -> Response {
    let today = chrono::DateTime::from_timestamp(state.backend.clock.now(), 0).unwrap_or_default();
    let date = today.format("%Y-%m-%d").to_string();
    let statement = capability::statement(&base(&state), env!("CARGO_PKG_VERSION"), &date);
    fhir(StatusCode::OK, statement.to_string())
}

async fn smart_configuration(State(state): State<AppState>) -> Response {
    answers::oauth(StatusCode::OK, capability::smart_configuration(&base(&state)))
}

async fn issue_token(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    body: Bytes,
) -> Response {
    let (count, window_ends) = match rate_counters::count_one(&state.db, "fhir-token", &facts.client_addr, 60).await {
        Ok(counted) => counted,
        Err(error) => return token::TokenError::from(error).into_response(),
    };
    if count > TOKENS_PER_MINUTE {
        let retry_after = (window_ends - crate::storage::now()).max(1);
        let mut answer = answers::oauth(
            StatusCode::TOO_MANY_REQUESTS,
            serde_json::json!({ "error": "slow_down", "error_description": "too many token requests" }),
        );
        if let Ok(value) = retry_after.to_string().parse() {
            answer.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return answer;
    }
    let form = form_of(&body);
    let audience = format!("{}{TOKEN_PATH}", state.backend.public_url);
    match token::issue(
        &state.db,
        &form,
        &audience,
        state.backend.clock.now(),
        &facts.client_addr,
    )
    .await
    {
        Ok(issued) => answers::oauth(StatusCode::OK, serde_json::json!(issued)),
        Err(error) => error.into_response(),
    }
}

/// The form's fields; anything else in it is left, as OAuth says.
fn form_of(body: &[u8]) -> TokenForm {
    let mut form = TokenForm::default();
    for (name, value) in url::form_urlencoded::parse(body) {
        let slot = match name.as_ref() {
            "grant_type" => &mut form.grant_type,
            "client_assertion_type" => &mut form.client_assertion_type,
            "client_assertion" => &mut form.client_assertion,
            "scope" => &mut form.scope,
            _ => continue,
        };
        *slot = value.into_owned();
    }
    form
}

/// The client holding the request's bearer token, within its count; else the answer.
async fn holder(state: &AppState, headers: &HeaderMap) -> Result<fhir_clients::Holder, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .ok_or_else(answers::unauthorised)?;
    let unavailable = |error: StorageError| fhir_records::FhirRefusal::from(error).into_response();
    let holder = fhir_clients::token_holder(&state.db, &tokens::digest(token), state.backend.clock.now())
        .await
        .map_err(unavailable)?
        .ok_or_else(answers::unauthorised)?;
    let (count, window_ends) = rate_counters::count_one(&state.db, "fhir-read", &holder.client.id.to_string(), 60)
        .await
        .map_err(unavailable)?;
    if count > READS_PER_MINUTE {
        return Err(answers::too_many(window_ends - crate::storage::now()));
    }
    Ok(holder)
}

/// The kind asked for and the client asking, within its count; else the answer.
async fn asking(
    state: &AppState,
    facts: &RequestFacts,
    headers: &HeaderMap,
    kind: &str,
) -> Result<(Kind, Asking), Response> {
    let kind = Kind::parse(kind).ok_or_else(answers::unknown_kind)?;
    let holder = holder(state, headers).await?;
    let asking = Asking {
        holder,
        client_addr: facts.client_addr.clone(),
        base: base(state),
    };
    Ok((kind, asking))
}

async fn search(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Path(kind): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let (kind, asking) = match asking(&state, &facts, &headers, &kind).await {
        Ok(asking) => asking,
        Err(answer) => return answer,
    };
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let self_url = match query.is_empty() {
        true => format!("{}/{}", asking.base, kind.name()),
        false => format!("{}/{}?{query}", asking.base, kind.name()),
    };
    match fhir_records::search(&state.backend, &asking, kind, &pairs, &self_url).await {
        Ok(page) => fhir(StatusCode::OK, page),
        Err(refusal) => refusal.into_response(),
    }
}

async fn read(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Path((kind, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (kind, asking) = match asking(&state, &facts, &headers, &kind).await {
        Ok(asking) => asking,
        Err(answer) => return answer,
    };
    match fhir_records::read(&state.backend, &asking, kind, &id).await {
        Ok(resource) => fhir(StatusCode::OK, resource),
        Err(refusal) => refusal.into_response(),
    }
}
