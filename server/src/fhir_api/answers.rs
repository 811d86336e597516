//! How the FHIR API's refusals are answered, in one place: a read or search refused is an
//! OperationOutcome (`application/fhir+json`), a token refused is OAuth's JSON error.
use crate::services::{fhir_records::FhirRefusal, fhir_tokens::TokenError};
use app::domain::fhir_api::searchset::outcome;
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{json, Value};

pub const FHIR_JSON: &str = "application/fhir+json; charset=utf-8";

/// A FHIR answer: `body` as `application/fhir+json`.
pub fn fhir(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, FHIR_JSON)], body).into_response()
}

fn outcome_answer(status: StatusCode, code: &str, diagnostics: &str) -> Response {
    fhir(status, outcome(code, diagnostics).to_string())
}

/// No token, or one unknown, expired or revoked.
pub fn unauthorised() -> Response {
    let mut answer = outcome_answer(
        StatusCode::UNAUTHORIZED,
        "login",
        "A bearer token from /fhir/auth/token is required, and this one is missing, unknown or expired.",
    );
    answer.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"fhir\", error=\"invalid_token\""),
    );
    answer
}

pub fn too_many(retry_after: i64) -> Response {
    let mut answer = outcome_answer(
        StatusCode::TOO_MANY_REQUESTS,
        "throttled",
        "Too many requests; retry later.",
    );
    if let Ok(value) = HeaderValue::from_str(&retry_after.max(1).to_string()) {
        answer.headers_mut().insert(header::RETRY_AFTER, value);
    }
    answer
}

pub fn unknown_kind() -> Response {
    outcome_answer(
        StatusCode::NOT_FOUND,
        "not-supported",
        "This server serves Patient, CarePlan, QuestionnaireResponse, Flag and Communication (see /fhir/metadata).",
    )
}

impl IntoResponse for FhirRefusal {
    fn into_response(self) -> Response {
        match self {
            FhirRefusal::NotGranted(kind, what) => outcome_answer(
                StatusCode::FORBIDDEN,
                "forbidden",
                &format!("This token does not allow {what} of {}.", kind.name()),
            ),
            FhirRefusal::NotFound => {
                outcome_answer(StatusCode::NOT_FOUND, "not-found", "No such resource for this client.")
            }
            FhirRefusal::Search(refusal) => outcome_answer(
                StatusCode::BAD_REQUEST,
                "invalid",
                &format!("The parameter {} {}.", refusal.parameter, refusal.why),
            ),
            FhirRefusal::Unavailable => outcome_answer(
                StatusCode::SERVICE_UNAVAILABLE,
                "transient",
                "Temporarily unavailable; retry later.",
            ),
        }
    }
}

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        let (status, error, description) = match self {
            TokenError::InvalidRequest(why) => (StatusCode::BAD_REQUEST, "invalid_request", why),
            TokenError::UnsupportedGrantType => (
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "only client_credentials is supported",
            ),
            TokenError::InvalidClient => (
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "the client or its assertion was not accepted",
            ),
            TokenError::InvalidScope => (
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "none of the scopes asked for is allowed to this client",
            ),
            TokenError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "temporarily_unavailable",
                "retry later",
            ),
        };
        oauth(status, json!({ "error": error, "error_description": description }))
    }
}

/// An OAuth answer: JSON, never stored by a cache (RFC 6749 §5.1).
pub fn oauth(status: StatusCode, body: Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}
