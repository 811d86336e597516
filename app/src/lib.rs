//! Pages, components, server functions and the domain logic shared by server and browser.
// Views are nested types; release builds (no `erase_components`) of the deepest page, the
// plan drawn offline, need more than the default 128.
#![recursion_limit = "256"]
pub mod domain;
pub mod i18n;
// The pages and what they call. Without the `ui` feature the crate is the pure domain and the
// texts: what the check-in engine's small wasm (`checkin-engine/`) is built from.
#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ui")]
pub mod error;
#[cfg(feature = "ui")]
pub mod feedback;
#[cfg(feature = "ui")]
pub mod offline_store;
#[cfg(feature = "ui")]
pub mod pages;
#[cfg(feature = "ui")]
mod routes;
#[cfg(feature = "ui")]
mod shell;
#[cfg(feature = "ui")]
pub use shell::{shell, tr, use_locale, App};
