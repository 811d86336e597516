use crate::helpers::{client, spawn, Kind};
use crate::on_both_databases;

on_both_databases!(pages_carry_a_nonce_csp_and_protective_headers);

async fn pages_carry_a_nonce_csp_and_protective_headers(kind: Kind) {
    let app = spawn(kind).await;
    let response = client()
        .get(app.url("/login"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-encoding"], "br", "HTML is compressed with brotli");
    let csp = headers["content-security-policy"].to_str().unwrap().to_string();
    let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["cache-control"], "no-store");
    // Another site's window or page cannot hold a handle on ours, nor embed what we serve.
    assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
    assert_eq!(headers["cross-origin-resource-policy"], "same-origin");

    // The hydration script carries the very nonce the header allows, and a new one each time
    // (on a page that hydrates: sign-in is served without the wasm).
    let plain = client().get(app.url("/offline")).send().await.unwrap();
    let csp = plain.headers()["content-security-policy"].to_str().unwrap().to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_string();
    let html = plain.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{html}");
    let again = client().get(app.url("/offline")).send().await.unwrap();
    assert!(!again.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains(&nonce));

    // Forms posted from another site are refused before they reach a handler.
    let forged = client()
        .post(app.url("/auth/login"))
        .header("origin", "https://elsewhere.example")
        .form(&[("email", "a@b.example"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);

    let health = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), r#"{"status":"ok"}"#);
}

on_both_databases!(the_browser_language_picks_the_page_language);

async fn the_browser_language_picks_the_page_language(kind: Kind) {
    let app = spawn(kind).await;
    for (accept, lang, sign_in) in [
        ("fr-BE,fr;q=0.9", "fr", "Se connecter"),
        ("nl-BE", "nl", "Aanmelden"),
        ("de-CH, en;q=0.5", "de", "Anmelden"),
        ("es", "en", "Sign in"),
    ] {
        let page = client()
            .get(app.url("/login"))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{accept}");
        assert!(page.contains(sign_in), "{accept}");
    }
}
