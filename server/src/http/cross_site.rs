//! Cross-site form posts are refused before anything else runs.
use axum::{
    body::Body,
    http::{header, Method, Request},
};

/// A state-changing request is refused when it comes from another site: its
/// `Sec-Fetch-Site` says so, or its `Origin` differs from ours in scheme, host or port. One
/// that carries a session cookie but neither header is refused too (SameSite=Strict keeps
/// our cookie off cross-site requests in today's browsers; this does not rely on it). The
/// webhook carries no cookie and its own signature, so it is not affected.
pub fn is_cross_site_post(request: &Request<Body>, our_scheme: &str, session_cookie: &str) -> bool {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return true;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => origin != format!("{our_scheme}://{host}"),
        (Some(_), None) => true,
        (None, _) => fetch_site.is_none() && super::session_lookup::cookie_value(headers, session_cookie).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_from_another_origin_are_refused() {
        let post = |origin: &str| {
            Request::post("/auth/login")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::ORIGIN, origin)
                .body(Body::empty())
                .unwrap()
        };
        let refused = |r: &Request<Body>| is_cross_site_post(r, "http", "vtv_session");
        assert!(!refused(&post("http://127.0.0.1:3000")));
        assert!(refused(&post("https://evil.example")));
        assert!(refused(&post("https://127.0.0.1:3000")), "the scheme counts too");
        assert!(refused(&post("null")));
        let bare = |cookie: Option<&str>, fetch_site: Option<&str>| {
            let mut request = Request::post("/api/timeline/change").header(header::HOST, "127.0.0.1:3000");
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, cookie);
            }
            if let Some(site) = fetch_site {
                request = request.header("sec-fetch-site", site);
            }
            request.body(Body::empty()).unwrap()
        };
        assert!(
            refused(&bare(Some("vtv_session=abc"), None)),
            "a cookie and no origin at all"
        );
        assert!(!refused(&bare(None, None)), "no cookie: a machine's call (the webhook)");
        assert!(!refused(&bare(Some("vtv_session=abc"), Some("same-origin"))));
        assert!(refused(&bare(Some("vtv_session=abc"), Some("same-site"))));
    }
}
