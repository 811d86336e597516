//! Probes for the load balancer and the service manager: liveness (the process answers)
//! apart from readiness (the database answers and its migrations are done), so that an
//! instance whose database is away is taken out of rotation, not restarted.
use crate::startup::AppState;
use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};

/// Alive: the process accepts and answers requests. Touches nothing else.
pub async fn livez() -> (StatusCode, Json<Value>) {
    (StatusCode::OK, Json(json!({ "status": "alive" })))
}

/// Ready: the database answers (within 2 s: a probe must not wait out the pool's own
/// timeout) and every migration this build has is applied.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let pending = tokio::time::timeout(std::time::Duration::from_secs(2), state.db.migrations_pending()).await;
    let Ok(pending) = pending else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "database slow to answer" })),
        );
    };
    match pending {
        Ok(0) => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        Ok(pending) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "migrations pending", "pending": pending })),
        ),
        Err(error) => {
            tracing::error!(%error, "readiness: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "database unreachable" })),
            )
        }
    }
}

/// Kept for existing probes: the database answers.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match sqlx::query("SELECT 1").execute(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        Err(error) => {
            tracing::error!(%error, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "database unreachable" })),
            )
        }
    }
}
