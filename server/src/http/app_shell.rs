//! The app shell that the service worker keeps on the phone for offline use: the built wasm,
//! JS and CSS, the icons, the manifest, the scripts beside the worker and the offline page.
//! None of it is health data. Listed and versioned once at start-up from the files
//! themselves, and written into the worker script (`GET /sw.js`): a new build gives the
//! worker new bytes, so the browser installs it and it replaces the old cache whole.
use crate::startup::AppState;
use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use std::{collections::BTreeSet, path::Path};

/// The worker as written; the server puts the shell's list in front of it.
const WORKER: &str = include_str!("../../../public/sw.js");

/// Files of `public/` the shell keeps (the worker itself is not one: the browser keeps it).
pub const PUBLIC_FILES: [&str; 14] = [
    "/manifest.webmanifest",
    "/icon.svg",
    "/icon-192.png",
    "/icon-512.png",
    "/icon-maskable-192.png",
    "/icon-maskable-512.png",
    "/apple-touch-icon.png",
    "/push-common.js",
    "/push.js",
    "/offline-store.js",
    "/offline.js",
    "/passkey.js",
    "/checkin-form.js",
    "/checkin-engine.wasm",
];

/// The page shown when a page cannot load offline (rendered for nobody: it names no one).
pub const OFFLINE_PAGE: &str = "/offline";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppShell {
    /// A digest of every file's name and bytes: changes with any build.
    pub version: String,
    /// Paths to keep, as the browser asks for them.
    pub files: Vec<String>,
    /// The worker script with the shell's list in front, written once.
    pub worker: String,
    /// The `/pkg/` files whose name is the hash of their bytes: kept by browsers for a year
    /// (`asset_caching.rs`).
    pub content_named: BTreeSet<String>,
}

impl AppShell {
    /// Lists the shell under the site root. Files missing from it (a server started without
    /// a built site, as in the API tests) are left out.
    pub fn load(site_root: &Path) -> AppShell {
        let mut found: Vec<(String, Vec<u8>)> = Vec::new();
        collect(&site_root.join("pkg"), "/pkg", &mut found);
        let content_named = found
            .iter()
            .filter(|(path, bytes)| {
                let name = path.rsplit_once('/').map_or(path.as_str(), |(_, name)| name);
                super::asset_caching::content_named(name, bytes)
            })
            .map(|(path, _)| path.clone())
            .collect();
        let offline = offline_chunks(&site_root.join("pkg"));
        for chunk in offline
            .iter()
            .filter(|chunk| !found.iter().any(|(path, _)| path == *chunk))
        {
            tracing::warn!(%chunk, "the split manifest names a chunk that is not built: the offline page may not load offline");
        }
        found.retain(|(path, _)| kept(path, &offline));
        for path in PUBLIC_FILES {
            if let Ok(bytes) = std::fs::read(site_root.join(path.trim_start_matches('/'))) {
                found.push((path.to_string(), bytes));
            }
        }
        found.sort();
        let mut digest = Sha256::new();
        digest.update(WORKER.as_bytes());
        for (path, bytes) in &found {
            digest.update(path.as_bytes());
            digest.update((bytes.len() as u64).to_le_bytes());
            digest.update(bytes);
        }
        let version: String = digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
        let mut files: Vec<String> = found.into_iter().map(|(path, _)| path).collect();
        files.push(OFFLINE_PAGE.to_string());
        let shell = serde_json::json!({ "version": version, "files": files });
        let worker = format!("self.VTV_SHELL = {shell};\n{WORKER}");
        AppShell {
            version,
            files,
            worker,
            content_named,
        }
    }
}

/// The wasm chunks the offline page needs, from the splitter's manifest (`--split`): a
/// group's name, then the chunks it loads, its own last.
fn offline_chunks(pkg: &Path) -> Vec<String> {
    let manifest: std::collections::BTreeMap<String, Vec<String>> = split_manifest(pkg)
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    manifest
        .into_iter()
        .filter(|(group, _)| group.starts_with("offline_page"))
        .flat_map(|(_, chunks)| chunks)
        .map(|chunk| format!("/pkg/{chunk}.wasm"))
        .collect()
}

/// The splitter's manifest: `__wasm_split_manifest.json`, or with file hashing on
/// `__wasm_split_manifest.<hash>.json` (the newest, should an older build's remain).
fn split_manifest(pkg: &Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(pkg)
        .ok()?
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with("__wasm_split_manifest") && name.ends_with(".json")
        })
        .max_by_key(|entry| entry.metadata().and_then(|m| m.modified()).ok())
        .map(|entry| entry.path())
}

/// The main bundle, its styles and loaders, and of the lazily loaded chunks only those of
/// the offline page: a patient's phone does not download the staff pages to be ready
/// offline. Type declarations are not served to anyone.
fn kept(path: &str, offline: &[String]) -> bool {
    let name = Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or_default();
    // `app.d.ts`, or hashed `app.d.<hash>.ts`.
    if name.ends_with(".ts") {
        return false;
    }
    let lazy = name.ends_with(".wasm") && (name.starts_with("chunk_") || name.starts_with("split_"));
    !lazy || offline.iter().any(|o| o == path)
}

/// Every file under `dir`, named as served under `prefix`; the precompressed copies
/// (`.br`, `.gz`) are the same files and left out.
fn collect(dir: &Path, prefix: &str, found: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        if path.is_dir() {
            collect(&path, &format!("{prefix}/{name}"), found);
        } else if !name.ends_with(".br") && !name.ends_with(".gz") {
            if let Ok(bytes) = std::fs::read(&path) {
                found.push((format!("{prefix}/{name}"), bytes));
            }
        }
    }
}

/// `GET /sw.js`.
pub async fn service_worker(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        state.shell.worker.clone(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_the_files_and_the_list_names_them_as_served() -> std::io::Result<()> {
        let site = tempfile::tempdir()?;
        std::fs::create_dir_all(site.path().join("pkg/snippets/x"))?;
        std::fs::write(site.path().join("pkg/app.wasm"), b"one")?;
        std::fs::write(site.path().join("pkg/app.wasm.br"), b"compressed")?;
        std::fs::write(site.path().join("pkg/snippets/x/a.js"), b"js")?;
        std::fs::write(site.path().join("icon.svg"), b"<svg/>")?;
        for chunk in ["chunk_1", "chunk_2", "split_offline_page_7", "split_staff_pages_9"] {
            std::fs::write(site.path().join(format!("pkg/{chunk}.wasm")), b"chunk")?;
        }
        std::fs::write(
            site.path().join("pkg/__wasm_split_manifest.json"),
            br#"{"offline_page_7": ["chunk_2", "split_offline_page_7"], "staff_pages_9": ["chunk_1", "chunk_2", "split_staff_pages_9"]}"#,
        )?;
        std::fs::write(site.path().join("pkg/app.d.ts"), b"types")?;
        let first = AppShell::load(site.path());
        assert_eq!(
            first.files,
            [
                "/icon.svg",
                "/pkg/__wasm_split_manifest.json",
                "/pkg/app.wasm",
                "/pkg/chunk_2.wasm",
                "/pkg/snippets/x/a.js",
                "/pkg/split_offline_page_7.wasm",
                "/offline"
            ]
        );
        assert_eq!(AppShell::load(site.path()), first, "the same files, the same version");
        std::fs::write(site.path().join("pkg/app.wasm"), b"two")?;
        assert_ne!(AppShell::load(site.path()).version, first.version);
        assert!(first.worker.starts_with("self.VTV_SHELL = {"));
        Ok(())
    }

    #[test]
    fn hashed_names_are_found_and_only_names_of_their_bytes_count_as_content_named() -> std::io::Result<()> {
        let site = tempfile::tempdir()?;
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg)?;
        // md5("body{}") is qmdpcrvSto6U746R6B0gvg; the chunk's name is not its bytes' hash.
        std::fs::write(pkg.join("app.qmdpcrvSto6U746R6B0gvg.css"), b"body{}")?;
        std::fs::write(pkg.join("split_offline_page_7.AAAAAAAAAAAAAAAAAAAAAA.wasm"), b"chunk")?;
        std::fs::write(pkg.join("split_staff_pages_9.BBBBBBBBBBBBBBBBBBBBBB.wasm"), b"chunk")?;
        std::fs::write(pkg.join("app.d.CCCCCCCCCCCCCCCCCCCCCC.ts"), b"types")?;
        std::fs::write(
            pkg.join("__wasm_split_manifest.DDDDDDDDDDDDDDDDDDDDDD.json"),
            br#"{"offline_page_7": ["split_offline_page_7.AAAAAAAAAAAAAAAAAAAAAA"], "staff_pages_9": ["split_staff_pages_9.BBBBBBBBBBBBBBBBBBBBBB"]}"#,
        )?;
        let shell = AppShell::load(site.path());
        assert_eq!(
            shell.files,
            [
                "/pkg/__wasm_split_manifest.DDDDDDDDDDDDDDDDDDDDDD.json",
                "/pkg/app.qmdpcrvSto6U746R6B0gvg.css",
                "/pkg/split_offline_page_7.AAAAAAAAAAAAAAAAAAAAAA.wasm",
                "/offline"
            ]
        );
        assert_eq!(
            shell.content_named.into_iter().collect::<Vec<_>>(),
            ["/pkg/app.qmdpcrvSto6U746R6B0gvg.css"]
        );
        Ok(())
    }
}
