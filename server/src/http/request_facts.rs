//! Runs around every request, as a list of steps: refuse a cross-site post
//! (`cross_site.rs`), read the client's address and language, look up the session
//! (`session_lookup.rs`), refuse writes over the person's rate (`write_limit.rs`), run the
//! request, turn a malformed server-function call into a 400 (`malformed_call.rs`), and set
//! the security headers with this response's CSP nonce (`security_headers.rs`) and its
//! caching (`asset_caching.rs`).
use super::{
    asset_caching, cross_site::is_cross_site_post, malformed_call::malformed_call_is_a_bad_request,
    security_headers::set_security_headers, session_lookup::resolve_viewer, write_limit,
};
use crate::{auth::tokens, startup::AppState};
use app::{backend::RequestFacts, i18n::Locale};
use axum::{
    body::Body,
    extract::{ConnectInfo, State},
    http::{header, Request, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::net::SocketAddr;

pub async fn request_facts(State(state): State<AppState>, mut request: Request<Body>, next: Next) -> Response {
    let our_scheme = if state.config.secure_cookies() { "https" } else { "http" };
    let session_cookie = super::session_lookup::session_cookie_name(state.config.secure_cookies());
    if is_cross_site_post(&request, our_scheme, session_cookie) {
        return (
            StatusCode::FORBIDDEN,
            "This form was sent from another site and was refused.",
        )
            .into_response();
    }
    let client_addr = client_addr(&request, state.config.trust_proxy);
    let accept_language = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language);
    let viewer = match resolve_viewer(&state, request.headers(), request.uri().path()).await {
        Ok(viewer) => viewer,
        // Never taken for "signed out": the page would send the person to sign in again,
        // and a nurse would lose sight of the queue while the database is only busy.
        Err(error) => {
            tracing::error!(%error, "resolving the session failed");
            return session_unknown();
        }
    };
    if let Some(viewer) = &viewer {
        // Server functions and pages refuse it through `RequestContext::viewer`; the forms
        // that change how one signs in (passkeys, password) are refused here.
        if viewer.second_step_missing && super::session_lookup::changes_credentials(request.uri().path()) {
            return (
                StatusCode::FORBIDDEN,
                "Set up two-step sign-in first: Settings, then Two-step sign-in.",
            )
                .into_response();
        }
        if let Some(refused) = write_limit::refusal(&state, request.method(), request.uri().path(), viewer).await {
            return refused;
        }
    }
    let device = super::session_lookup::cookie_value(
        request.headers(),
        crate::auth::lockout::device_cookie_name(state.config.secure_cookies()),
    )
    .map(|token| tokens::digest(&token));
    let nonce = tokens::new_session_token();
    let path = request.uri().path().to_string();
    request.extensions_mut().insert(RequestFacts {
        viewer,
        client_addr,
        accept_language,
        nonce: nonce.clone(),
        device,
    });
    let is_server_fn = path.starts_with("/api/");
    let mut response = next.run(request).await;
    if is_server_fn && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        response = malformed_call_is_a_bad_request(response).await;
    }
    let cache_control = asset_caching::cache_control(&path, response.status(), &state.shell.content_named);
    set_security_headers(
        response.headers_mut(),
        &nonce,
        state.config.secure_cookies(),
        cache_control,
        state.sso.as_ref().map(|p| p.origin.as_str()),
    );
    response
}

/// 503 with the session untouched (no cookie is set or cleared), to be tried again soon.
fn session_unknown() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "5"), (header::CACHE_CONTROL, "no-store")],
        "The service is busy and could not check your sign-in. You are still signed in: try again in a moment.",
    )
        .into_response()
}

/// The client's address: the socket peer, or behind a trusted proxy the address it saw.
fn client_addr(request: &Request<Body>, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| {
            request
                .headers()
                .get("x-forwarded-for")?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()
                .map(str::trim)
        })
        .flatten()
        .and_then(|addr| addr.parse::<std::net::IpAddr>().ok());
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    forwarded
        .or(peer)
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trusted_proxy_names_the_client_and_an_untrusted_header_is_ignored() {
        let request = Request::get("/")
            .header("x-forwarded-for", "203.0.113.9, 198.51.100.7")
            .body(Body::empty())
            .unwrap();
        assert_eq!(client_addr(&request, true), "198.51.100.7");
        assert_eq!(client_addr(&request, false), "unknown");
        let forged = Request::get("/")
            .header("x-forwarded-for", "not an address")
            .body(Body::empty())
            .unwrap();
        assert_eq!(client_addr(&forged, true), "unknown");
    }
}
