//! How long a browser may keep each response. cargo-leptos names the built files in `/pkg/`
//! after an md5 of their bytes (`hash-files`), so a file whose name is its content can be
//! kept for a year without asking again: a new build brings new names. Only a name checked
//! against the bytes at start-up counts: cargo-leptos 0.3.10 patches the main `.js` and
//! `.wasm` (and the split manifest) after naming them, so their names do not follow all of
//! their content, and those are checked with the server each time instead (`no-cache`).
use axum::http::StatusCode;
use base64::Engine;
use md5::{Digest, Md5};
use std::collections::BTreeSet;

/// A file whose name is its content: the same URL never serves other bytes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Kept, but checked with the server (a 304 when unchanged) before each use.
pub const REVALIDATE: &str = "no-cache";
/// Pages and API answers carry health data: never kept in shared or back-button caches.
pub const NEVER: &str = "no-store";

/// The files of `public/` served at the root: the app's code, styles and icons, no health data.
const PUBLIC_EXTENSIONS: [&str; 8] = ["js", "css", "png", "svg", "ico", "webmanifest", "woff2", "wasm"];

/// The Cache-Control for a response to `path` with `status`; `content_named` holds the
/// `/pkg/` paths whose name was found to be their content's hash (see `content_named`).
pub fn cache_control(path: &str, status: StatusCode, content_named: &BTreeSet<String>) -> &'static str {
    // An error (a 404 for a file of an older build) must not be kept, least of all for a year.
    if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        return NEVER;
    }
    if let Some(rest) = path.strip_prefix("/pkg/") {
        let name = rest.rsplit_once('/').map_or(rest, |(_, name)| name);
        // The split loader is renamed after it is patched, and not by every cargo-leptos
        // version: always checked, it is small.
        return if content_named.contains(path) && !name.starts_with("__wasm_split") {
            IMMUTABLE
        } else {
            REVALIDATE
        };
    }
    // The service worker is written per start-up and compared byte for byte by the browser.
    if path == "/sw.js" || path.starts_with("/api/") {
        return NEVER;
    }
    let at_root = path.strip_prefix('/').filter(|name| !name.contains('/'));
    let public_file = at_root
        .and_then(|name| name.rsplit_once('.'))
        .is_some_and(|(_, ext)| PUBLIC_EXTENSIONS.contains(&ext));
    if public_file {
        REVALIDATE
    } else {
        NEVER
    }
}

/// The hash cargo-leptos puts in a name: `stem.<22 characters>.ext`.
fn hash_in_name(name: &str) -> Option<&str> {
    let mut parts = name.rsplit('.');
    let _extension = parts.next()?;
    let hash = parts.next()?;
    parts.next()?;
    let base64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    (hash.len() == 22 && hash.chars().all(base64url)).then_some(hash)
}

/// Whether the file's name carries the md5 of `bytes`, as cargo-leptos writes it
/// (base64url, unpadded).
pub fn content_named(name: &str, bytes: &[u8]) -> bool {
    let digest = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Md5::digest(bytes));
    hash_in_name(name) == Some(digest.as_str())
}

/// cargo-leptos's `hash.txt` (the hashed names of the built files): beside the binary, or,
/// for the tests that run the server from `target/debug/deps/`, in the folder above. Leptos
/// joins the name to the binary's folder, so an absolute path works, and it panics when
/// hashing is on and the file is missing: hashing is on only when it is found.
pub(crate) fn hash_file() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    let found = [Some(dir), dir.parent()]
        .into_iter()
        .flatten()
        .map(|dir| dir.join("hash.txt"))
        .find(|path| path.is_file());
    match &found {
        Some(path) => tracing::info!(hash_file = %path.display(), "serving content-hashed asset names"),
        None => tracing::info!("no hash.txt beside the binary: serving unhashed asset names"),
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSS: &str = "/pkg/vein-to-vein.MXordRLZ9j7pd2_JuDPzUw.css";
    const CHUNK: &str = "/pkg/chunk_10.mbTyoP2CUeyINHq6VFQQjw.wasm";
    const LOADER: &str = "/pkg/__wasm_split.YW_SXRsFtWwt5CSj9H5B1w.js";
    const PATCHED_JS: &str = "/pkg/vein-to-vein.aOp5F2NiPiolPrem1lV2Gg.js";

    #[test]
    fn each_response_is_kept_as_long_as_its_bytes_can_be_trusted() {
        let checked: BTreeSet<String> = [CSS, CHUNK, LOADER].map(String::from).into();
        let ok = StatusCode::OK;
        let table = [
            (CSS, ok, IMMUTABLE),
            (CHUNK, ok, IMMUTABLE),
            (CHUNK, StatusCode::NOT_MODIFIED, IMMUTABLE),
            (CHUNK, StatusCode::NOT_FOUND, NEVER),
            (
                "/pkg/chunk_10.AAAAAAAAAAAAAAAAAAAAAA.wasm",
                StatusCode::NOT_FOUND,
                NEVER,
            ),
            (LOADER, ok, REVALIDATE),
            (PATCHED_JS, ok, REVALIDATE),
            ("/pkg/__wasm_split_manifest.FpqlYQuVPl4YWmdpvKHfMA.json", ok, REVALIDATE),
            ("/pkg/vein-to-vein.css", ok, REVALIDATE),
            ("/pkg/snippets/app-1/inline0.js", ok, REVALIDATE),
            ("/offline-store.js", ok, REVALIDATE),
            ("/checkin-engine.wasm", ok, REVALIDATE),
            ("/icon-192.png", ok, REVALIDATE),
            ("/icon.svg", ok, REVALIDATE),
            ("/manifest.webmanifest", ok, REVALIDATE),
            ("/favicon.ico", ok, REVALIDATE),
            ("/font.woff2", ok, REVALIDATE),
            ("/icon-192.png", StatusCode::NOT_FOUND, NEVER),
            ("/sw.js", ok, NEVER),
            ("/api/get_timeline12345", ok, NEVER),
            ("/api/openapi.json", ok, NEVER),
            ("/patients/3/card.png", ok, NEVER),
            ("/", ok, NEVER),
            ("/login", ok, NEVER),
            ("/patients/3", ok, NEVER),
            ("/offline", ok, NEVER),
        ];
        for (path, status, expected) in table {
            assert_eq!(cache_control(path, status, &checked), expected, "{path} {status}");
        }
    }

    #[test]
    fn a_name_counts_only_when_it_is_the_md5_of_the_bytes() {
        // md5("body{}") in base64url, unpadded, as `openssl md5 -binary | base64` gives it.
        let bytes = b"body{}";
        let digest = "qmdpcrvSto6U746R6B0gvg";
        assert!(content_named(&format!("app.{digest}.css"), bytes));
        assert!(!content_named(&format!("app.{digest}.css"), b"body{ }"));
        assert!(!content_named("app.css", bytes));
        assert!(
            !content_named(&format!("{digest}.css"), bytes),
            "a stem and an extension around it"
        );
        assert_eq!(
            hash_in_name("vein-to-vein.d.zuVpjhorSTwe9vKltsvAAA.ts"),
            Some("zuVpjhorSTwe9vKltsvAAA")
        );
        assert_eq!(hash_in_name("chunk_1.short.wasm"), None);
    }
}
