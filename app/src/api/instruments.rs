//! A centre's own check-in instruments (`domain::instruments`): admins add and remove site
//! rules (a schedule, a triage rule, a reminder), each change a new version of its kind; a
//! nurse approves or refuses a triage change, which waits for them.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the instruments page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentsView {
    /// One per kind, in `Kind::ALL`'s order.
    pub kinds: Vec<KindView>,
    /// The latest versions, newest first.
    pub history: Vec<VersionView>,
    /// The questionnaires a rule may name: (name, title).
    pub questionnaires: Vec<(String, String)>,
    /// An admin: may add, remove and withdraw.
    pub may_change: bool,
    /// A nurse: may approve or refuse a waiting triage change (not their own).
    pub may_approve: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindView {
    /// `schedule`, `triage` or `reminders`.
    pub kind: String,
    /// The catalogue's version in force (`2026-12-05.1+site.3`).
    pub version: String,
    /// The site's rules in force, each as its JSON.
    pub site_rules: Vec<SiteRule>,
    /// Why the site version in force is not used (it fell back to the built-in one).
    pub problems: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteRule {
    pub id: String,
    pub json: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionView {
    pub kind: String,
    pub number: i64,
    /// What changed, in words.
    pub change: String,
    pub proposed_by: String,
    /// When, as an ISO date and time (UTC).
    pub proposed_at: String,
    /// `in_force`, `waiting`, `set_aside` or `replaced`.
    pub state: String,
    /// The whole version's rules, for a waiting one: what an approver approves.
    pub rules: Option<String>,
}

/// Adds one site rule (`rule`, as JSON in the built-in file's form) to the kind.
#[server(endpoint = "admin/instruments/add")]
pub async fn add_site_rule(kind: String, rule: String) -> Result<VersionView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.add_site_rule(&request, kind, rule).await)
}

/// Removes the site rule `id` from the kind.
#[server(endpoint = "admin/instruments/remove")]
pub async fn remove_site_rule(kind: String, id: String) -> Result<VersionView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.remove_site_rule(&request, kind, id).await)
}

#[server(endpoint = "admin/instruments")]
pub async fn instruments() -> Result<InstrumentsView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.instruments(&request).await)
}

/// A nurse approves (`approve`) or refuses a waiting version; an admin may withdraw one.
#[server(endpoint = "instruments/decide")]
pub async fn decide_version(kind: String, number: i64, approve: bool) -> Result<VersionView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.decide_version(&request, kind, number, approve).await)
}
