//! Which reminders a treatment calls for now, for the patient and each caregiver: the
//! domain's plan turned into instants in each person's zone, held through their quiet
//! hours, without the kinds they switched off. Worked out before the transaction that
//! changes the timeline, and written inside it (`storage::reminders::sync`).
use super::Services;
use crate::{
    storage::{accounts, reminders as store, reminders::Details, reminders::ReminderPlan},
    zones,
};
use app::{
    domain::{
        reminders::{
            plan, plan_change, Audience, Key, PlanChange, Planned, QuietHours, ReminderKind, ReminderRule, TimeBase,
            Wanted, When,
        },
        timeline::Timeline,
    },
    error::AppError,
};
use chrono::NaiveDate;
use chrono_tz::Tz;

/// The built-in rules, checked against the check-in schedules they name.
pub fn builtin(
    schedule: &app::domain::checkins::CheckinSchedule,
) -> Result<app::domain::reminders::ReminderCatalogue, crate::error::StartupError> {
    use app::domain::reminders::{ReminderCatalogue, When};
    let fail = |e: String| crate::error::StartupError::Checkins(e);
    let catalogue = ReminderCatalogue::builtin().map_err(|e| fail(e.to_string()))?;
    for rule in &catalogue.rules {
        if let When::WindowOpens { skip_schedules, .. } | When::WindowClosing { skip_schedules, .. } = &rule.when {
            if let Some(unknown) = skip_schedules
                .iter()
                .find(|id| !schedule.schedules.iter().any(|s| &s.id == *id))
            {
                return Err(fail(format!(
                    "reminder rule '{}': '{unknown}' is not a check-in schedule",
                    rule.id
                )));
            }
        }
    }
    Ok(catalogue)
}

struct Recipient {
    user_id: i64,
    audience: Audience,
    zone: Tz,
    quiet: QuietHours,
    off: Vec<String>,
}

async fn recipients(services: &Services, patient_id: i64, centre_zone: Tz) -> Result<Vec<Recipient>, AppError> {
    let mut people = vec![(patient_id, Audience::Patient)];
    for carer in accounts::caregivers_of(&services.db, patient_id).await? {
        people.push((carer.id, Audience::Caregiver));
    }
    let mut out = Vec::with_capacity(people.len());
    for (user_id, audience) in people {
        let db = &services.db;
        let zone = super::accounts::reader_zone(services, user_id, centre_zone).await?;
        let quiet = store::quiet_hours(db, user_id)
            .await?
            .and_then(|(from, until)| QuietHours::new(&from, &until))
            .unwrap_or_else(|| services.reminders().quiet_hours.clone());
        let off = store::switched_off(db, user_id).await?;
        out.push(Recipient {
            user_id,
            audience,
            zone,
            quiet,
            off,
        });
    }
    Ok(out)
}

/// When a person should get a reminder due at `due` (an instant): then, or at the end of
/// their quiet hours.
fn held(quiet: &QuietHours, due: i64, zone: Tz) -> i64 {
    let Some((day, time, _)) = zones::local(due, zone) else {
        return due;
    };
    let Ok(time) = chrono::NaiveTime::parse_from_str(&time, "%H:%M") else {
        return due;
    };
    let local = day.and_time(time);
    let until = quiet.hold(local);
    if until == local {
        return due;
    }
    zones::instant(until.date(), until.time(), zone).unwrap_or(due)
}

/// The outbox a treatment calls for. `after` is `None` once the treatment is closed: then
/// nothing is wanted and every pending reminder is cancelled. `before` is the timeline
/// before a change; when the next step or the infusion moved, a notice says so.
pub async fn plan_for(
    services: &Services,
    patient_id: i64,
    centre_zone: Tz,
    before: Option<&Timeline>,
    after: Option<&Timeline>,
    today: NaiveDate,
) -> Result<ReminderPlan, AppError> {
    // Planned under the versions in force in the database, even if this instance has not
    // polled since another brought a new one in: else it would undo that one's plan.
    if let Err(error) = services.instruments.refresh(&services.db, false).await {
        tracing::warn!(%error, "could not ask for new check-in instruments before planning");
    }
    let in_force = services.instruments.current();
    let catalogue = &*in_force.reminders;
    let mut out = ReminderPlan {
        patient_id,
        // Notices sent on an event are not planned: the sync leaves their rows alone.
        rules: catalogue
            .rules
            .iter()
            .filter(|r| r.when != When::OnEvent)
            .map(|r| r.id.clone())
            .collect(),
        ..ReminderPlan::default()
    };
    let Some(after) = after else {
        return Ok(out);
    };
    let people = recipients(services, patient_id, centre_zone).await?;
    let windows = in_force.checkins.schedule.windows(after);
    for p in plan(catalogue, after, &windows) {
        for person in people.iter().filter(|r| r.audience == p.audience) {
            out.wanted.extend(wanted(&p, person, patient_id, centre_zone));
        }
    }
    let change = before.and_then(|before| plan_change(before, after, today));
    let rule = catalogue.rules.iter().find(|r| r.kind == ReminderKind::PlanChanges);
    if let (Some(change), Some(rule)) = (change, rule) {
        // The dispatcher's time: sent at once, however far a test moved the clock.
        out.notices = change_notices(&change, rule, &people, patient_id, services.clock.now());
    }
    Ok(out)
}

/// One planned reminder for one person: due in the zone its rule reads time in, held
/// through their quiet hours unless urgent. None when they switched its kind off, or the
/// local time does not exist that day.
fn wanted(p: &Planned, person: &Recipient, patient_id: i64, centre_zone: Tz) -> Option<(Wanted, Details)> {
    if p.kind.may_be_switched_off() && person.off.iter().any(|k| k == p.kind.as_str()) {
        return None;
    }
    let zone = match p.base {
        TimeBase::Recipient => person.zone,
        TimeBase::Centre => centre_zone,
    };
    let due_at = zones::instant(p.due.date(), p.due.time(), zone)?;
    let send_at = if p.kind.is_urgent() {
        due_at
    } else {
        held(&person.quiet, due_at, person.zone)
    };
    let url = match &p.questionnaire {
        Some(q) => format!("/checkins/{q}?patient={patient_id}"),
        None => "/".to_string(),
    };
    let params = serde_json::json!({
        "step": p.step.map(|s| s.as_str()),
        "date": p.due.date().to_string(),
        "time": p.due.time().format("%H:%M").to_string(),
        "checkin": p.questionnaire,
    });
    let key = Key {
        user_id: person.user_id,
        rule: p.rule.clone(),
        subject: p.subject.clone(),
        due_at,
    };
    let details = Details {
        patient_id,
        kind: p.kind.as_str(),
        params: params.to_string(),
        url,
        expires_at: send_at + 3600 * i64::from(p.useful_hours),
    };
    Some((Wanted { key, send_at }, details))
}

/// "Your plan changed", now, to everyone the rule speaks to who did not switch it off.
fn change_notices(
    change: &PlanChange,
    rule: &ReminderRule,
    people: &[Recipient],
    patient_id: i64,
    now: i64,
) -> Vec<(Wanted, Details)> {
    let moved: Vec<serde_json::Value> = change
        .moved
        .iter()
        .map(|m| serde_json::json!({ "step": m.kind.as_str(), "key": m.key, "from": m.from.to_string(), "to": m.to.to_string() }))
        .collect();
    // Named by what moved where: the same change twice in one second is one notice.
    let what: Vec<String> = change.moved.iter().map(|m| format!("{}:{}", m.key, m.to)).collect();
    people
        .iter()
        .filter(|r| rule.audience.contains(&r.audience))
        .filter(|person| !person.off.iter().any(|k| k == ReminderKind::PlanChanges.as_str()))
        .map(|person| {
            let key = Key {
                user_id: person.user_id,
                rule: rule.id.clone(),
                subject: what.join(","),
                due_at: now,
            };
            let details = Details {
                patient_id,
                kind: ReminderKind::PlanChanges.as_str(),
                params: serde_json::json!({ "moved": moved }).to_string(),
                url: "/".to_string(),
                expires_at: now + 3600 * i64::from(rule.useful_hours),
            };
            (Wanted { key, send_at: now }, details)
        })
        .collect()
}

/// "Your care team replied": one notice for the patient and each caregiver who did not
/// switch messages off, each due now and held through their quiet hours: (person, send at,
/// expires at). None when the catalogue has no rule for it.
pub(super) async fn reply_notices(
    services: &Services,
    patient_id: i64,
    centre_zone: Tz,
    now: i64,
) -> Result<Option<(String, Vec<(i64, i64, i64)>)>, AppError> {
    let in_force = services.reminders();
    let Some(rule) = in_force.rules.iter().find(|r| r.kind == ReminderKind::Messages) else {
        return Ok(None);
    };
    let people = recipients(services, patient_id, centre_zone).await?;
    let times = people
        .iter()
        .filter(|r| rule.audience.contains(&r.audience))
        .filter(|person| !person.off.iter().any(|k| k == ReminderKind::Messages.as_str()))
        .map(|person| {
            let send_at = held(&person.quiet, now, person.zone);
            (person.user_id, send_at, send_at + 3600 * i64::from(rule.useful_hours))
        })
        .collect();
    Ok(Some((rule.id.clone(), times)))
}

/// Brings one patient's outbox in step with their latest treatment as it stands (after a
/// change of settings, say). A closed treatment, or none, wants nothing.
pub async fn replan(services: &Services, patient_id: i64) -> Result<(), AppError> {
    let Some(stored) = super::timeline::latest(services, patient_id).await? else {
        return Ok(());
    };
    let zone = super::timeline_views::centre_zone(services, stored.centre_id).await?;
    let timeline = (!stored.status.is_closed()).then_some(&stored.timeline);
    let plan = plan_for(services, patient_id, zone, None, timeline, zones::today_in(zone)).await?;
    store::sync_alone(&services.db, &plan, crate::storage::now()).await?;
    Ok(())
}

fn settings_of(off: &[String], quiet: &QuietHours, lock_screen_detail: bool) -> app::api::push::ReminderSettings {
    app::api::push::ReminderSettings {
        kinds: ReminderKind::ALL
            .into_iter()
            .map(|k| (k.as_str().to_string(), !off.iter().any(|o| o == k.as_str())))
            .collect(),
        quiet_from: quiet.from.clone(),
        quiet_until: quiet.until.clone(),
        lock_screen_detail,
    }
}

pub async fn settings(
    services: &Services,
    request: &app::backend::RequestContext,
) -> Result<app::api::push::ReminderSettings, AppError> {
    let user_id = request.viewer()?.actor.user_id;
    let off = store::switched_off(&services.db, user_id).await?;
    let quiet = store::quiet_hours(&services.db, user_id)
        .await?
        .and_then(|(from, until)| QuietHours::new(&from, &until))
        .unwrap_or_else(|| services.reminders().quiet_hours.clone());
    let detail = store::lock_screen_detail(&services.db, user_id).await?;
    Ok(settings_of(&off, &quiet, detail))
}

/// Saves whether the person's lock screen may show what their reminders are about; the
/// next notification follows it.
pub async fn save_lock_screen(
    services: &Services,
    request: &app::backend::RequestContext,
    detail: bool,
) -> Result<bool, AppError> {
    let user_id = request.viewer()?.actor.user_id;
    store::set_lock_screen_detail(&services.db, user_id, detail).await?;
    Ok(detail)
}

pub async fn save_settings(
    services: &Services,
    request: &app::backend::RequestContext,
    off: Vec<String>,
    quiet_from: String,
    quiet_until: String,
) -> Result<app::api::push::ReminderSettings, AppError> {
    use app::domain::validation::{FieldProblem, Problem};
    let actor = &request.viewer()?.actor;
    let mut problems = Vec::new();
    let kinds: Vec<ReminderKind> = off.iter().filter_map(|k| ReminderKind::parse(k.trim())).collect();
    // Urgent alerts cannot be switched off; an unknown kind is a mistake worth saying.
    if kinds.len() != off.len() || kinds.iter().any(|k| !k.may_be_switched_off()) {
        problems.push(FieldProblem::new("off", Problem::ChoiceInvalid));
    }
    let quiet = QuietHours::new(quiet_from.trim(), quiet_until.trim());
    if quiet.is_none() {
        problems.push(FieldProblem::new("quiet_from", Problem::ChoiceInvalid));
    }
    let (Some(quiet), true) = (quiet, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    store::save_settings(&services.db, actor.user_id, &names, (&quiet.from, &quiet.until)).await?;
    // Their pending reminders follow now: a patient's own, a caregiver's for each patient.
    let patients = if actor.role == app::domain::role::Role::Patient {
        vec![actor.user_id]
    } else {
        actor.linked_patient_ids.clone()
    };
    for patient_id in patients {
        replan(services, patient_id).await?;
    }
    let detail = store::lock_screen_detail(&services.db, actor.user_id).await?;
    Ok(settings_of(
        &names.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        &quiet,
        detail,
    ))
}
