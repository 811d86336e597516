//! One access-log line per request, under a request id that every log line written while
//! handling it carries (a tracing span) and that the answer's `X-Request-Id` header gives
//! back, so that a person's "it failed at 10:02" leads to the lines. The line names the
//! route's pattern, never the address asked: addresses carry invitation codes, calendar
//! tokens and record ids. No names, emails, tokens or bodies, and no client address.
//! The same figures feed the Prometheus request metrics.
use crate::startup::AppState;
use axum::{
    body::Body,
    extract::{MatchedPath, State},
    http::{HeaderValue, Request},
    middleware::Next,
    response::Response,
};
use std::time::Instant;
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";

/// Every address no route matched (the built files, `public/`, the not-found page) counts
/// under this one name: a made-up address must not make a metric of its own.
const UNMATCHED: &str = "(files and not found)";

pub async fn access_log(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&request, state.config.trust_proxy);
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_string();
    // Target `access`, so that `RUST_LOG=warn,access=info` keeps the id on every line.
    let span = tracing::info_span!(target: "access", "request", id = %id);
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    state
        .backend
        .metrics
        .observe_request(method_label(&method), &route, status, elapsed.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    span.in_scope(|| {
        tracing::info!(
            target: "access",
            method = %method,
            route = %route,
            status,
            ms = elapsed.as_secs_f64() * 1000.0,
            "answered"
        );
    });
    response
}

/// A method as a metric label: any name is a valid HTTP method, and each new label value
/// would be a series kept for ever.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The proxy's id when a trusted proxy sent a plausible one (nginx's `$request_id`), so
/// that its log and ours share it; else a new random one.
fn request_id(request: &Request<Body>, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| request.headers().get(HEADER)?.to_str().ok())
        .flatten()
        .filter(|id| is_plausible(id));
    match forwarded {
        Some(id) => id.to_string(),
        None => format!("{:032x}", rand::random::<u128>()),
    }
}

fn is_plausible(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plausible_id_from_a_trusted_proxy_is_kept() {
        let with = |id: &str| {
            Request::builder()
                .header(HEADER, id)
                .body(Body::empty())
                .expect("request")
        };
        let nginx = "3f1c0a9be2d84c5f9a7e6b5d4c3b2a19";
        assert_eq!(request_id(&with(nginx), true), nginx);
        // Not trusted: ours.
        assert_ne!(request_id(&with(nginx), false), nginx);
        // Too short, too long, or with characters a log reader could be fooled by.
        for bad in [
            "abc",
            &"a".repeat(65),
            "id with spaces",
            "id\"forged=1\"x",
            "ünïcode-id-1",
        ] {
            let id = request_id(&with(bad), true);
            assert_ne!(id, bad);
            assert_eq!(id.len(), 32, "{id}");
        }
    }
}
