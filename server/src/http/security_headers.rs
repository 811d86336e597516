//! The security headers on every response: the Content-Security-Policy (with this
//! response's script nonce), framing, sniffing, referrer, HSTS and caching.
use axum::http::{HeaderMap, HeaderValue};

/// `cache_control` comes from `asset_caching::cache_control`. `sign_out_to` is the origin
/// of the hospital's OpenID provider, where single sign-on is on: signing out posts a form
/// that redirects there, which `form-action` must allow (Chromium checks the redirect too).
pub fn set_security_headers(
    headers: &mut HeaderMap,
    nonce: &str,
    secure: bool,
    cache_control: &str,
    sign_out_to: Option<&str>,
) {
    let form_action = sign_out_to.map_or_else(|| "'self'".to_string(), |origin| format!("'self' {origin}"));
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action {form_action}; frame-ancestors 'none'"
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
    // Another site's window keeps no handle on ours, and cannot embed what we serve.
    set("cross-origin-opener-policy", "same-origin");
    set("cross-origin-resource-policy", "same-origin");
    if secure {
        set("strict-transport-security", "max-age=31536000; includeSubDomains");
    }
    set("cache-control", cache_control);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_deployments_pin_https_for_every_subdomain_too() {
        let mut headers = HeaderMap::new();
        set_security_headers(&mut headers, "n", true, "no-store", None);
        assert_eq!(
            headers["strict-transport-security"],
            "max-age=31536000; includeSubDomains"
        );
        let mut plain = HeaderMap::new();
        set_security_headers(&mut plain, "n", false, "no-store", None);
        assert!(plain.get("strict-transport-security").is_none(), "not over plain HTTP");
    }
}
