//! House rules that keep the code easy to find one's way in, checked on the source tree
//! itself: short files, storage below services, and the idioms that have one home.
use std::{
    fs,
    path::{Path, PathBuf},
};

/// The repository's root (this crate is `server/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// Every source file below `dir`, relative to the root, with its text.
fn sources(dir: &str, endings: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = vec![root().join(dir)];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if path.is_dir() {
                if !matches!(
                    name.as_str(),
                    "node_modules" | "target" | ".node" | ".venv" | "artifacts"
                ) {
                    pending.push(path);
                }
            } else if endings.iter().any(|e| name.ends_with(e)) {
                let text = fs::read_to_string(&path).expect("a readable source file");
                let relative = path.strip_prefix(root()).expect("below the root");
                out.push((relative.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    assert!(!out.is_empty(), "no sources found below {dir}");
    out
}

const CODE: &[&str] = &[".rs", ".js", ".mjs", ".css", ".sh", ".sql"];

#[test]
fn no_source_file_outside_the_translation_tables_is_over_400_lines() {
    let mut long = Vec::new();
    for dir in [
        "app",
        "server",
        "frontend",
        "public",
        "end2end",
        "style",
        "migrations",
        ".ci",
    ] {
        for (path, text) in sources(dir, CODE) {
            let lines = text.lines().count();
            if lines > 400 && !path.starts_with("app/src/i18n/") {
                long.push(format!("{path}: {lines} lines"));
            }
        }
    }
    assert!(long.is_empty(), "split these by meaning: {long:#?}");
}

#[test]
fn storage_never_imports_services_or_http() {
    for (path, text) in sources("server/src/storage", &[".rs"]) {
        for layer in ["crate::services", "crate::http", "crate::push", "crate::export"] {
            assert!(!text.contains(layer), "{path} reaches up into {layer}");
        }
    }
}

/// Where each idiom lives, and nowhere else.
#[test]
fn idioms_that_have_one_home_stay_there() {
    let homes: [(&str, fn(&str) -> bool, &str); 4] = [
        (
            "a questionnaire's short name",
            |line| line.contains("rsplit('/')"),
            "app/src/domain/checkins/questionnaire.rs",
        ),
        (
            "a new reminder row",
            |line| line.contains("INSERT INTO reminders"),
            "server/src/storage/reminders.rs",
        ),
        (
            "the conversion of a storage error",
            |line| {
                line.trim_start().starts_with("impl From<StorageError>") || line.contains("StorageError) -> AppError")
            },
            "server/src/services/storage_errors.rs",
        ),
        (
            "reading a YYYY-MM-DD date",
            |line| line.contains("parse_from_str") && line.contains("%Y-%m-%d"),
            "app/src/domain/validation.rs",
        ),
    ];
    let everything: Vec<(String, String)> = ["app/src", "server/src", "server/bench", "frontend/src"]
        .iter()
        .flat_map(|dir| sources(dir, &[".rs"]))
        .collect();
    for (idiom, is_it, home) in homes {
        let found: Vec<&str> = everything
            .iter()
            .filter(|(_, text)| text.lines().any(is_it))
            .map(|(path, _)| path.as_str())
            .collect();
        assert_eq!(found, vec![home], "{idiom}");
    }
}

/// Audit entries are built with `Entry::new(…).by(…).about(…)`, never field by field.
#[test]
fn audit_entries_are_built_one_way() {
    for dir in ["server/src", "server/bench", "server/tests"] {
        for (path, text) in sources(dir, &[".rs"]) {
            if path != "server/src/storage/audit.rs" && path != "server/tests/code_layout.rs" {
                assert!(!text.contains("Entry {"), "{path} builds an audit entry by hand");
            }
        }
    }
}
