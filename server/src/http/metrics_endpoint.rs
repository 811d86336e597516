//! `/metrics` for Prometheus, on an address of its own (`VTV_METRICS_ADDR`) that the proxy
//! does not forward: the figures say how many urgent flags wait, which is not for the public.
use crate::services::Services;
use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use std::sync::Arc;

const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

pub fn router(services: Arc<Services>) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(services)
}

async fn metrics(State(services): State<Arc<Services>>) -> Response {
    let text = services.metrics.render(&services.db, services.clock.now()).await;
    ([(header::CONTENT_TYPE, OPENMETRICS)], text).into_response()
}
