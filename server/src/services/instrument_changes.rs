//! Admins add and remove the site's check-in rules; a nurse approves a triage change.
//! Each change makes a new version of its kind, checked whole as the built-in files are
//! (`domain::instruments`) and audit-logged. A schedule or reminder change is in force at
//! once, and every open treatment's reminders are planned again under it; a triage change
//! waits for a second person with a clinical role. Past answers and flags are never
//! touched: each keeps the versions it was given under.
use super::{
    audit_entry,
    instrument_view::{iso, pretty, version_view},
    instruments::known_questionnaires,
    Services,
};
use crate::storage::{instrument_versions as store, timeline, StorageError};
use app::{
    api::instruments::VersionView,
    backend::RequestContext,
    domain::{
        access::may_manage_staff,
        checkins::{schedule::ScheduleRule, CheckinSchedule, Questionnaire},
        instruments::{merge, site_checks, Kind},
        reminders::ReminderRule,
        role::Role,
        triage::Rule,
    },
    error::AppError,
};
use serde_json::Value;

/// The site's rules of each kind in force, as stored: (number, rules).
type InForce = [(i64, Vec<Value>); 3];

pub(super) fn index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or_default()
}

fn refused(problem: impl Into<String>) -> AppError {
    AppError::Rules(vec![problem.into()])
}

fn kind_of(text: &str) -> Result<Kind, AppError> {
    Kind::parse(text.trim()).ok_or_else(|| refused(format!("'{text}' is not schedule, triage or reminders")))
}

pub(super) async fn in_force(services: &Services) -> Result<InForce, AppError> {
    let mut out: InForce = Default::default();
    for version in store::in_force(&services.db).await? {
        let rules: Vec<Value> = serde_json::from_str(&version.rules).map_err(StorageError::from)?;
        out[index(version.kind)] = (version.number, rules);
    }
    Ok(out)
}

fn typed<T: serde::de::DeserializeOwned>(rules: &[Value]) -> Result<Vec<T>, Vec<String>> {
    serde_json::from_value(Value::Array(rules.to_vec())).map_err(|e| vec![format!("not a rule of this kind: {e}")])
}

/// The new site rules of `kind`, checked with those of the other kinds in force. A
/// schedule change is checked with the site reminders too: none may name a schedule gone.
async fn check(services: &Services, kind: Kind, rules: &[Value], site: &InForce) -> Result<(), AppError> {
    let known = known_questionnaires(&services.db, services.instruments.built_in_questionnaires()).await?;
    let (schedule, triage, reminders) = services.instruments.built_in();
    let site_schedule = |rules: &[Value]| -> Result<CheckinSchedule, Vec<String>> {
        merge::schedule(schedule, 1, &typed::<ScheduleRule>(rules)?, &known)
    };
    let outcome = match kind {
        Kind::Schedule => site_schedule(rules).and_then(|merged| {
            merge::reminders(reminders, 1, &typed::<ReminderRule>(&site[2].1)?, &merged)
                .map(|_| ())
                .map_err(|problems| {
                    problems
                        .into_iter()
                        .map(|p| format!("{p} (remove that reminder first)"))
                        .collect()
                })
        }),
        Kind::Triage => typed::<Rule>(rules).and_then(|rules| merge::triage(triage, 1, &rules, &known).map(|_| ())),
        Kind::Reminders => site_schedule(&site[0].1)
            .and_then(|merged| merge::reminders(reminders, 1, &typed::<ReminderRule>(rules)?, &merged).map(|_| ())),
    };
    outcome.map_err(AppError::Rules)
}

/// What a new version of an imported questionnaire would change under the site's triage
/// rules, in force or waiting (`site_checks::reread_problems`).
pub(super) async fn rereads(services: &Services, new: &Questionnaire) -> Result<Vec<String>, AppError> {
    let Some(old) = super::questionnaires::find(services, new.short_name()).await? else {
        return Ok(Vec::new());
    };
    let mut rules: Vec<Rule> = Vec::new();
    let versions = store::in_force(&services.db)
        .await?
        .into_iter()
        .chain(store::waiting(&services.db).await?);
    for version in versions.filter(|v| v.kind == Kind::Triage) {
        rules.extend(serde_json::from_str::<Vec<Rule>>(&version.rules).map_err(StorageError::from)?);
    }
    // A waiting version holds the rules in force too: each problem once.
    let mut problems = site_checks::reread_problems(&rules, &old, new);
    problems.sort();
    problems.dedup();
    Ok(problems)
}

fn admin(request: &RequestContext) -> Result<i64, AppError> {
    let actor = &request.viewer()?.actor;
    may_manage_staff(actor)
        .then_some(actor.user_id)
        .ok_or(AppError::Forbidden)
}

pub async fn add(
    services: &Services,
    request: &RequestContext,
    kind: String,
    rule: String,
) -> Result<VersionView, AppError> {
    let by = admin(request)?;
    let kind = kind_of(&kind)?;
    let rule: Value = serde_json::from_str(&rule).map_err(|e| refused(format!("not JSON: {e}")))?;
    let id = rule.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let site = in_force(services).await?;
    let mut rules = site[index(kind)].1.clone();
    rules.push(rule);
    save(services, request, (kind, by), (rules, &site), format!("added {id}")).await
}

pub async fn remove(
    services: &Services,
    request: &RequestContext,
    kind: String,
    id: String,
) -> Result<VersionView, AppError> {
    let by = admin(request)?;
    let kind = kind_of(&kind)?;
    let site = in_force(services).await?;
    let mut rules = site[index(kind)].1.clone();
    let before = rules.len();
    rules.retain(|r| r.get("id").and_then(Value::as_str) != Some(id.trim()));
    if rules.len() == before {
        return Err(refused(format!(
            "there is no site rule '{}' among the {} rules",
            id.trim(),
            kind.as_str()
        )));
    }
    save(
        services,
        request,
        (kind, by),
        (rules, &site),
        format!("removed {}", id.trim()),
    )
    .await
}

/// Checks and stores the new version; brings it into force here unless it must wait.
async fn save(
    services: &Services,
    request: &RequestContext,
    (kind, by): (Kind, i64),
    (rules, site): (Vec<Value>, &InForce),
    change: String,
) -> Result<VersionView, AppError> {
    check(services, kind, &rules, site).await?;
    let text = serde_json::to_string(&rules).map_err(StorageError::from)?;
    let pending = kind.needs_clinical_approval();
    // Every kind's number as read: a change of another kind meanwhile (a schedule gone
    // that this reminder names) makes this one stale too.
    let based_on = [site[0].0, site[1].0, site[2].0];
    let audit = audit_entry(request, "instruments.changed");
    let number = match store::add(&services.db, (kind, based_on), &text, &change, (by, pending), audit).await {
        Err(StorageError::Stale) => {
            return Err(refused(format!(
                "the {} rules changed meanwhile, or a change of them waits for approval: reload and try again",
                kind.as_str()
            )))
        }
        other => other?,
    };
    if !pending {
        came_into_force(services, kind).await;
    }
    let proposed_by = request.viewer()?.display_name.clone();
    Ok(VersionView {
        kind: kind.as_str().into(),
        number,
        change,
        proposed_by,
        proposed_at: iso(crate::storage::now()),
        state: if pending { "waiting" } else { "in_force" }.into(),
        rules: pending.then(|| pretty(&text)),
    })
}

/// Reloads here at once (other instances follow within a poll), and plans every open
/// treatment's reminders again when the windows or the reminders changed. A failure is
/// logged: the version is in force, and the next timeline change plans again anyway.
async fn came_into_force(services: &Services, kind: Kind) {
    if let Err(error) = services.instruments.refresh(&services.db, true).await {
        tracing::error!(%error, "reloading the check-in instruments failed; the poll tries again");
    }
    if kind == Kind::Triage {
        return;
    }
    let patients = match timeline::active_patients(&services.db).await {
        Ok(patients) => patients,
        Err(error) => return tracing::error!(%error, "could not list the treatments to plan reminders again"),
    };
    for patient_id in patients {
        if let Err(error) = super::reminders::replan(services, patient_id).await {
            tracing::error!(%error, patient_id, "planning reminders under the new instruments failed");
        }
    }
}

/// A nurse approves or refuses a waiting version (never their own); an admin withdraws one.
pub async fn decide(
    services: &Services,
    request: &RequestContext,
    kind: String,
    number: i64,
    approve: bool,
) -> Result<VersionView, AppError> {
    let actor = &request.viewer()?.actor;
    let allowed = match actor.role {
        Role::Nurse => true,
        Role::Admin => !approve,
        _ => false,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let kind = kind_of(&kind)?;
    if approve {
        // Checked again: questionnaires imported since may no longer fit it.
        let waiting = store::one(&services.db, kind, number)
            .await?
            .ok_or(AppError::NotFound)?;
        let rules: Vec<Value> = serde_json::from_str(&waiting.rules).map_err(StorageError::from)?;
        check(services, kind, &rules, &in_force(services).await?).await?;
    }
    let action = if approve {
        "instruments.approved"
    } else {
        "instruments.set_aside"
    };
    let audit = audit_entry(request, action);
    if !store::decide(&services.db, (kind, number), actor.user_id, approve, audit).await? {
        return Err(refused(format!(
            "version {number} of the {} rules is not waiting, or it is your own: a second person decides",
            kind.as_str()
        )));
    }
    if approve {
        came_into_force(services, kind).await;
    }
    let version = store::one(&services.db, kind, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let numbers = store::numbers_in_force(&services.db).await?;
    version_view(services, &version, &numbers, &mut Default::default()).await
}

#[async_trait::async_trait]
impl app::backend::Instruments for Services {
    async fn list_questionnaires(
        &self,
        request: &RequestContext,
    ) -> Result<Vec<app::api::checkins::QuestionnaireRow>, AppError> {
        super::questionnaires::list(self, request).await
    }

    async fn import_questionnaire(
        &self,
        request: &RequestContext,
        json: String,
    ) -> Result<app::api::checkins::QuestionnaireRow, AppError> {
        super::questionnaires::import(self, request, json).await
    }

    async fn instruments(&self, request: &RequestContext) -> Result<app::api::instruments::InstrumentsView, AppError> {
        super::instrument_view::view(self, request).await
    }

    async fn add_site_rule(
        &self,
        request: &RequestContext,
        kind: String,
        rule: String,
    ) -> Result<app::api::instruments::VersionView, AppError> {
        add(self, request, kind, rule).await
    }

    async fn remove_site_rule(
        &self,
        request: &RequestContext,
        kind: String,
        id: String,
    ) -> Result<app::api::instruments::VersionView, AppError> {
        remove(self, request, kind, id).await
    }

    async fn decide_version(
        &self,
        request: &RequestContext,
        kind: String,
        number: i64,
        approve: bool,
    ) -> Result<app::api::instruments::VersionView, AppError> {
        decide(self, request, kind, number, approve).await
    }
}
