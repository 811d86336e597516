//! Runs around every request: resolves the session into a viewer, refuses cross-site
//! form posts, and sets the security headers (with this response's CSP nonce).
use crate::{auth::tokens, startup::AppState, storage};
use app::{
    backend::{RequestFacts, Viewer},
    error::AppError,
    i18n::Locale,
};
use axum::{
    body::Body,
    extract::{ConnectInfo, State},
    http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::net::SocketAddr;

pub fn session_cookie_name(secure: bool) -> &'static str {
    // The __Host- prefix makes browsers refuse the cookie unless Secure, Path=/ and host-only.
    if secure {
        "__Host-vtv_session"
    } else {
        "vtv_session"
    }
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

pub async fn request_facts(State(state): State<AppState>, mut request: Request<Body>, next: Next) -> Response {
    if is_cross_site_post(&request) {
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
    let viewer = match resolve_viewer(&state, request.headers()).await {
        Ok(viewer) => viewer,
        Err(error) => {
            tracing::error!(%error, "resolving the session failed");
            None
        }
    };
    let nonce = tokens::new_session_token();
    let is_asset = request.uri().path().starts_with("/pkg/");
    request.extensions_mut().insert(RequestFacts {
        viewer,
        client_addr,
        accept_language,
        nonce: nonce.clone(),
    });
    let is_server_fn = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if is_server_fn && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        response = malformed_call_is_a_bad_request(response).await;
    }
    set_security_headers(response.headers_mut(), &nonce, state.config.secure_cookies(), is_asset);
    response
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

/// A server function whose arguments could not be read answers 400, not 500: the
/// problem is in the request. (leptos answers 500 for every error it raises itself.)
async fn malformed_call_is_a_bad_request(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if matches!(serde_json::from_slice::<AppError>(&bytes), Ok(AppError::Transport(_))) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

async fn resolve_viewer(state: &AppState, headers: &HeaderMap) -> sqlx::Result<Option<Viewer>> {
    let Some(token) = cookie_value(headers, session_cookie_name(state.config.secure_cookies())) else {
        return Ok(None);
    };
    let Some(user_id) = storage::sessions::resolve(&state.db, &tokens::digest(&token), &state.session_limits()).await?
    else {
        return Ok(None);
    };
    let Some(account) = storage::accounts::account(&state.db, user_id).await? else {
        return Ok(None);
    };
    // Demo accounts are inert outside demo mode, even with a session left from a demo run.
    if account.is_demo && !state.config.demo {
        return Ok(None);
    }
    Ok(Some(Viewer {
        actor: account.actor,
        display_name: account.display_name,
        locale: account.locale,
    }))
}

/// SameSite=Strict already keeps our cookie off cross-site posts; this refuses them outright.
fn is_cross_site_post(request: &Request<Body>) -> bool {
    if request.method() != Method::POST {
        return false;
    }
    let headers = request.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        _ => false,
    }
}

fn set_security_headers(headers: &mut HeaderMap, nonce: &str, secure: bool, is_asset: bool) {
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set("content-security-policy", &csp);
    set("x-content-type-options", "nosniff");
    // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own forms.
    set("referrer-policy", "same-origin");
    set("x-frame-options", "DENY");
    set("permissions-policy", "camera=(), microphone=(), geolocation=()");
    if secure {
        set("strict-transport-security", "max-age=31536000");
    }
    // Pages carry health data: never kept in shared or back-button caches.
    if !is_asset {
        set("cache-control", "no-store");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; vtv_session=abc; b=2"));
        assert_eq!(cookie_value(&headers, "vtv_session").as_deref(), Some("abc"));
        assert_eq!(cookie_value(&headers, "missing"), None);
    }

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

    #[test]
    fn posts_from_another_origin_are_refused() {
        let post = |origin: &str| {
            Request::post("/auth/login")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::ORIGIN, origin)
                .body(Body::empty())
                .unwrap()
        };
        assert!(!is_cross_site_post(&post("http://127.0.0.1:3000")));
        assert!(is_cross_site_post(&post("https://evil.example")));
    }
}
