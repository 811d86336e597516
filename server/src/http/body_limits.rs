//! How large a request body may be, by kind of route, answered with 413 when exceeded.
//! Checked before anything else runs (no session lookup, no database), on the declared
//! length first and then on the bytes that actually arrive.
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Forms, server functions and everything not listed below.
pub const SMALL: usize = 64 * 1024;
/// A FHIR Questionnaire file, which an admin imports.
pub const QUESTIONNAIRE_IMPORT: usize = 1024 * 1024;
/// A centre's practical help: four texts of up to 4,000 characters, form-encoded (a letter
/// outside ASCII takes up to 12 bytes so).
pub const CENTRE_HELP: usize = 256 * 1024;
/// One manufacturing event.
pub const WEBHOOK: usize = 64 * 1024;

/// The largest body this path accepts.
pub fn limit_for(path: &str) -> usize {
    match path {
        "/api/admin/questionnaires/import" => QUESTIONNAIRE_IMPORT,
        "/api/help/save" => CENTRE_HELP,
        super::webhook::PATH => WEBHOOK,
        _ => SMALL,
    }
}

pub async fn enforce(request: Request<Body>, next: Next) -> Response {
    let limit = limit_for(request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return too_large(limit);
    }
    // Without a declared length (chunked), read up to the limit before going on.
    let request = if declared.is_none() && request.method() != axum::http::Method::GET {
        let (parts, body) = request.into_parts();
        match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => Request::from_parts(parts, Body::from(bytes)),
            Err(error) if is_length_limit(&error) => return too_large(limit),
            Err(_) => return (StatusCode::BAD_REQUEST, "The request's body could not be read.").into_response(),
        }
    } else {
        request
    };
    next.run(request).await
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = current.source();
    }
    false
}

fn too_large(limit: usize) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("This request is too large: at most {} KB here.", limit / 1024),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_questionnaire_import_takes_a_large_body() {
        assert_eq!(limit_for("/api/admin/questionnaires/import"), QUESTIONNAIRE_IMPORT);
        assert_eq!(limit_for("/api/checkins/submit"), SMALL);
        assert_eq!(limit_for("/auth/login"), SMALL);
        assert_eq!(limit_for(crate::http::webhook::PATH), WEBHOOK);
    }
}
