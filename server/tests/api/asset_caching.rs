//! Built files carry the hash of their bytes in their names (cargo-leptos `hash-files`), so
//! browsers keep them for a year; what the build patches after naming is checked each time,
//! and pages are never kept. Needs the site built first (`cargo leptos build --split`).
use crate::helpers::{api_client, spawn_with, Kind};
use crate::on_both_databases;
use base64::Engine;
use md5::{Digest, Md5};
use std::path::PathBuf;

on_both_databases!(built_files_are_named_after_their_bytes_and_kept_for_a_year);

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `target/`, from this test binary in `target/debug/deps/`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors().nth(3).expect("target/debug/deps/<test>").to_path_buf()
}

/// A name's hash from `hash.txt` (`css: <hash>`).
fn hash_of(hashes: &str, kind: &str) -> String {
    hashes
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{kind}:")))
        .map(|hash| hash.trim().to_string())
        .unwrap_or_else(|| panic!("no {kind} in hash.txt: {hashes}"))
}

async fn built_files_are_named_after_their_bytes_and_kept_for_a_year(kind: Kind) {
    let target = target_dir();
    let hashes = std::fs::read_to_string(target.join("debug/hash.txt"))
        .expect("target/debug/hash.txt: build with `cargo leptos build --split` first");
    let app = spawn_with(kind, |config| config.site_root = target.join("site")).await;
    let get = |path: &str| api_client().get(app.url(path)).send();

    // A page that hydrates (sign-in is served without the wasm).
    let page = get("/offline").await.expect("/offline");
    assert_eq!(page.headers()["cache-control"], "no-store", "pages carry health data");
    let html = page.text().await.expect("html");
    let css = format!("/pkg/vein-to-vein.{}.css", hash_of(&hashes, "css"));
    let js = format!("/pkg/vein-to-vein.{}.js", hash_of(&hashes, "js"));
    assert!(
        html.contains(&format!("href=\"{css}\"")),
        "the page links {css}: {html}"
    );
    assert!(html.contains(&js), "the page loads {js}: {html}");

    // The stylesheet's name is the md5 of its bytes, as cargo-leptos computes it (base64url,
    // unpadded): other bytes, another name, so a year in the browser's cache is safe.
    let response = get(&css).await.expect("css");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], IMMUTABLE);
    let bytes = response.bytes().await.expect("css bytes");
    let digest = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Md5::digest(&bytes));
    assert_eq!(format!("/pkg/vein-to-vein.{digest}.css"), css);

    // The main script is patched after it is named: kept, but checked, and unchanged is a 304.
    let response = get(&js).await.expect("js");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let modified = response.headers()["last-modified"].clone();
    let again = api_client()
        .get(app.url(&js))
        .header("if-modified-since", modified)
        .send()
        .await
        .expect("js again");
    assert_eq!(again.status(), 304);

    // A file of another build is gone: that answer must not be kept, least of all for a year.
    let gone = get("/pkg/vein-to-vein.AAAAAAAAAAAAAAAAAAAAAA.css").await.expect("gone");
    assert_eq!(gone.status(), 404);
    assert_eq!(gone.headers()["cache-control"], "no-store");
    let icon = get("/icon.svg").await.expect("icon");
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["cache-control"], "no-cache");

    // The worker's list names the hashed files, the offline page's chunks among them, and
    // every file it names is served.
    let worker = get("/sw.js").await.expect("sw.js").text().await.expect("worker");
    let first_line = worker.lines().next().unwrap_or_default();
    let shell: serde_json::Value = serde_json::from_str(
        first_line
            .strip_prefix("self.VTV_SHELL = ")
            .and_then(|s| s.strip_suffix(';'))
            .unwrap_or_else(|| panic!("the shell first: {first_line}")),
    )
    .expect("the shell as JSON");
    let files: Vec<&str> = shell["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert!(files.contains(&css.as_str()), "{files:?}");
    assert!(
        files.iter().any(|f| f.starts_with("/pkg/split_offline_page")),
        "{files:?}"
    );
    assert!(!files.iter().any(|f| f.ends_with(".ts")), "{files:?}");
    for file in files {
        assert_eq!(get(file).await.expect(file).status(), 200, "{file}");
    }
}
