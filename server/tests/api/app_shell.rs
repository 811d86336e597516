//! The app shell for offline use: the worker script carries the list of files to keep and
//! its version, and the offline page it opens names no one and offers the emergency numbers.
use crate::helpers::{client, spawn, Kind};
use crate::on_both_databases;

on_both_databases!(the_worker_lists_the_shell_and_the_offline_page_names_no_one);

async fn the_worker_lists_the_shell_and_the_offline_page_names_no_one(kind: Kind) {
    let app = spawn(kind).await;
    let response = client().get(app.url("/sw.js")).send().await.expect("sw.js");
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/javascript"),
        "{headers:?}"
    );
    // The browser compares the worker byte for byte: never an old copy from a cache.
    assert_eq!(headers["cache-control"], "no-store");
    let script = response.text().await.expect("text");
    let first_line = script.lines().next().unwrap_or_default();
    let shell: serde_json::Value = serde_json::from_str(
        first_line
            .strip_prefix("self.VTV_SHELL = ")
            .and_then(|s| s.strip_suffix(';'))
            .unwrap_or_else(|| panic!("the shell first: {first_line}")),
    )
    .expect("the shell as JSON");
    assert_eq!(shell["version"].as_str().map(str::len), Some(16), "{shell}");
    let files: Vec<&str> = shell["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert!(files.contains(&"/offline"), "{files:?}");
    assert!(
        !files.iter().any(|f| f.contains("staff_pages") || f.ends_with(".br")),
        "{files:?}"
    );
    assert!(script.contains("addEventListener('push'"), "the worker itself follows");
    let again = client().get(app.url("/sw.js")).send().await.expect("sw.js");
    assert_eq!(again.text().await.expect("text"), script, "one build, one worker");

    // Rendered for nobody, as the worker asks for it: no one is named, 112 is one tap away.
    let page = client().get(app.url("/offline")).send().await.expect("offline");
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.expect("html");
    assert!(html.contains("href=\"tel:112\""), "{html}");
    assert!(html.contains("href=\"tel:911\""), "{html}");
}
