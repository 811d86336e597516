//! A server function call that could not be read is the client's fault: 400, not 500.
use app::error::AppError;
use axum::{
    body::Body,
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// A server function whose arguments could not be read answers 400, not 500: the
/// problem is in the request. (leptos answers 500 for every error it raises itself.)
pub async fn malformed_call_is_a_bad_request(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if matches!(serde_json::from_slice::<AppError>(&bytes), Ok(AppError::Transport(_))) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
