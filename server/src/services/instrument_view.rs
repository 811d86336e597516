//! What the instruments page shows admins and nurses: the site's rules in force of each
//! kind, what waits for approval, and the versions before (`instrument_changes.rs` makes them).
use super::{
    instrument_changes::{in_force, index},
    Services,
};
use crate::storage::{accounts, instrument_versions as store};
use app::{
    api::instruments::{InstrumentsView, KindView, SiteRule, VersionView},
    backend::RequestContext,
    domain::{instruments::Kind, role::Role},
    error::AppError,
};
use serde_json::Value;
use std::collections::HashMap;

/// Laid out a field a line, for the approver to read in full.
pub(super) fn pretty(rules: &str) -> String {
    serde_json::from_str::<Value>(rules)
        .and_then(|json| serde_json::to_string_pretty(&json))
        .unwrap_or_else(|_| rules.to_string())
}

pub(super) fn iso(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// A version as the page shows it; `names` holds the proposers' names already read.
pub(super) async fn version_view(
    services: &Services,
    v: &store::Version,
    numbers: &[i64; 3],
    names: &mut HashMap<i64, String>,
) -> Result<VersionView, AppError> {
    let state = match (v.in_force_at, v.set_aside_at) {
        (Some(_), _) if numbers[index(v.kind)] == v.number => "in_force",
        (Some(_), _) => "replaced",
        (None, Some(_)) => "set_aside",
        (None, None) => "waiting",
    };
    let proposed_by = match names.get(&v.proposed_by) {
        Some(name) => name.clone(),
        None => {
            let name = accounts::role_and_name(&services.db, v.proposed_by)
                .await?
                .map(|(_, name)| name)
                .unwrap_or_default();
            names.insert(v.proposed_by, name.clone());
            name
        }
    };
    Ok(VersionView {
        kind: v.kind.as_str().into(),
        number: v.number,
        change: v.change.clone(),
        proposed_by,
        proposed_at: iso(v.proposed_at),
        state: state.into(),
        rules: v.is_pending().then(|| pretty(&v.rules)),
    })
}

/// For admins and nurses: what is in force, what waits, and what came before.
pub async fn view(services: &Services, request: &RequestContext) -> Result<InstrumentsView, AppError> {
    let role = request.viewer()?.actor.role;
    if !matches!(role, Role::Admin | Role::Nurse) {
        return Err(AppError::Forbidden);
    }
    let loaded = services.instruments.current();
    let site = in_force(services).await?;
    let versions = [
        &loaded.checkins.schedule.version,
        &loaded.checkins.rules.version,
        &loaded.reminders.version,
    ];
    let kinds = Kind::ALL
        .into_iter()
        .map(|kind| KindView {
            kind: kind.as_str().into(),
            version: versions[index(kind)].clone(),
            site_rules: site[index(kind)]
                .1
                .iter()
                .map(|rule| SiteRule {
                    id: rule.get("id").and_then(Value::as_str).unwrap_or_default().into(),
                    json: serde_json::to_string_pretty(rule).unwrap_or_default(),
                })
                .collect(),
            problems: loaded
                .problems
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, p)| p.clone())
                .collect(),
        })
        .collect();
    let numbers = store::numbers_in_force(&services.db).await?;
    let mut history = Vec::new();
    let waiting = store::waiting(&services.db).await?;
    let latest = store::latest(&services.db, 30).await?;
    // A waiting version is shown however many came after it: someone must decide it.
    let older_waiting: Vec<store::Version> = waiting
        .into_iter()
        .filter(|w| !latest.iter().any(|l| l.kind == w.kind && l.number == w.number))
        .collect();
    let mut names = HashMap::new();
    for version in older_waiting.into_iter().chain(latest) {
        history.push(version_view(services, &version, &numbers, &mut names).await?);
    }
    let lang = request.viewer()?.locale.language();
    Ok(InstrumentsView {
        kinds,
        history,
        // As at the last load, which an import brings about at once.
        questionnaires: loaded
            .known
            .iter()
            .map(|q| (q.short_name().to_string(), q.title.in_language(lang).to_string()))
            .collect(),
        may_change: role == Role::Admin,
        may_approve: role == Role::Nurse,
    })
}
