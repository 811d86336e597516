//! The HTTP surface: pages and server functions (leptos), sign-in forms, health, the
//! service worker.
mod access_log;
pub mod app_shell;
pub mod asset_caching;
mod audit_download;
mod background_polls;
mod body_limits;
mod calendar_feed;
mod cross_site;
pub mod health;
mod malformed_call;
pub mod metrics_endpoint;
mod my_data;
pub mod openapi;
mod openapi_checkins;
mod openapi_research;
pub mod request_facts;
pub mod research;
mod research_download;
mod security_headers;
pub mod session_lookup;
pub mod webhook;
mod write_limit;

use crate::{
    auth::{handlers, passkey_settings, passkeys},
    startup::AppState,
};
use app::{backend::Backend, shell, App};
use axum::{
    middleware,
    routing::{get, post},
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;

/// Downloads (an attachment) go out as written: a zip is compressed already, and brotli
/// over a body streamed from a channel was seen to send an empty body (2026-12-02).
/// A body under a kilobyte goes out as written too: it fits in one packet either way, and
/// setting up brotli for each small answer (a check-in's) showed in perf under load.
fn worth_compressing() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
    DefaultPredicate::new().and(SizeAbove::new(1024)).and(
        |_: axum::http::StatusCode,
         _: axum::http::Version,
         headers: &axum::http::HeaderMap,
         _: &axum::http::Extensions| { !headers.contains_key(axum::http::header::CONTENT_DISPOSITION) },
    )
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let backend: Arc<dyn Backend> = state.backend.clone();
    let context = move || provide_context(backend.clone());
    let options = state.leptos_options.clone();
    // The built files and `public/`, else leptos' not-found page. Served here rather than by
    // leptos' own file handler, which drops the request's If-Modified-Since: a file checked
    // with the server on each use (`no-cache`, see `asset_caching.rs`) then gets a 304.
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(context.clone(), shell);
    let static_files = tower_http::services::ServeDir::new(state.leptos_options.site_root.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        // A post to an unknown address gets the not-found page, as before.
        .call_fallback_on_method_not_allowed(true)
        .fallback(axum::handler::Handler::with_state(not_found, state.clone()));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/livez", get(health::livez))
        .route("/readyz", get(health::readyz))
        .route("/sw.js", get(app_shell::service_worker))
        .route("/auth/login", post(handlers::sign_in))
        .route("/auth/second-step", post(crate::auth::second_step::submit))
        .route("/auth/logout", post(handlers::sign_out))
        .route("/auth/sso", get(crate::auth::sso::flow::start))
        .route("/auth/sso/callback", get(crate::auth::sso::flow::callback))
        .route(
            "/auth/sso/backchannel-logout",
            post(crate::auth::sso::backchannel::logout),
        )
        .route("/auth/invitation", post(handlers::redeem_code))
        .route("/auth/password", post(handlers::change_password))
        .route("/auth/passkey/register/options", post(passkeys::register_options))
        .route("/auth/passkey/register", post(passkeys::register))
        .route("/auth/passkey/sign-in/options", post(passkeys::sign_in_options))
        .route("/auth/passkey/sign-in", post(passkeys::sign_in))
        .route("/auth/passkey/remove", post(passkey_settings::remove))
        .route("/auth/own-device", post(passkey_settings::own_device))
        .route(webhook::PATH, post(webhook::manufacturing_event))
        .route("/api/openapi.json", get(openapi::document))
        .route(calendar_feed::PATH, get(calendar_feed::feed))
        .route(audit_download::PATH, get(audit_download::export))
        .route(my_data::SUMMARY, get(my_data::summary))
        .route(my_data::FHIR, get(my_data::fhir))
        .route(research::ZIP, get(research::zip))
        .route(research::FILE, get(research::file))
        .merge(crate::fhir_api::handlers::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(options.clone()))
        .fallback_service(static_files)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_facts::request_facts,
        ))
        .layer(middleware::from_fn(body_limits::enforce))
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .compress_when(worth_compressing()),
        )
        // Outermost: it times and logs every answer, refusals of the layers inside included.
        .layer(middleware::from_fn_with_state(state.clone(), access_log::access_log))
        .with_state(state)
}
