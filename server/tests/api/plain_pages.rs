//! Sign-in and the invitation are plain HTML forms: served without the hydration scripts, so
//! a phone on a slow network downloads no wasm to sign in. The scripts of `public/` (service
//! worker, offline store) stay, and the pages that need the wasm still load it.
use crate::helpers::{client, spawn, Kind};
use crate::on_both_databases;

on_both_databases!(sign_in_and_invitation_load_no_wasm_and_other_pages_still_do);

/// What `HydrationScripts` puts in a page: the loader's preload, the wasm's, and the call.
fn loads_wasm(html: &str) -> bool {
    html.contains("modulepreload") || html.contains(".wasm") || html.contains("hydrate(")
}

async fn sign_in_and_invitation_load_no_wasm_and_other_pages_still_do(kind: Kind) {
    let app = spawn(kind).await;
    for (path, action) in [
        ("/login", "/auth/login"),
        ("/login?error=failed", "/auth/login"),
        ("/invitation", "/auth/invitation"),
    ] {
        let response = client().get(app.url(path)).send().await.expect(path);
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.expect("html");
        assert!(!loads_wasm(&html), "{path} loads the wasm: {html}");
        assert!(html.contains(&format!("action=\"{action}\"")), "{path}: {html}");
        // The service worker's and the offline store's scripts, and the stylesheet.
        for script in ["/push-common.js", "/offline-store.js", "/offline.js"] {
            assert!(html.contains(&format!("src=\"{script}\"")), "{path} lacks {script}");
        }
        assert!(html.contains("rel=\"stylesheet\""), "{path}: {html}");
    }
    // The feedback of a failed sign-in is rendered by the server, without the wasm.
    let failed = client()
        .get(app.url("/login?error=failed"))
        .send()
        .await
        .expect("login");
    assert!(failed.text().await.expect("html").contains("role=\"alert\""));

    for path in ["/offline", "/account/password"] {
        let html = client()
            .get(app.url(path))
            .send()
            .await
            .expect(path)
            .text()
            .await
            .expect("html");
        assert!(loads_wasm(&html), "{path} should hydrate: {html}");
    }
}
