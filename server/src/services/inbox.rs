//! The in-app inbox: reminders whose time has come, worded in the reader's language when
//! read (so a change of language applies to old reminders too).
use super::{audit_entry, Services};
use crate::{storage::reminders as store, zones};
use app::{
    api::inbox::InboxItem,
    backend::RequestContext,
    domain::timeline::MilestoneKind,
    error::AppError,
    i18n::{dates, Locale},
    pages::timeline_labels::milestone_name_in,
};
use serde_json::Value;

const SHOWN: i64 = 100;

/// The words of a stored reminder in this language: its rule's title and body with the
/// stored facts filled in.
pub fn words(services: &Services, locale: Locale, rule: &str, params: &str) -> (String, String) {
    let in_force = services.instruments.current();
    let Some(rule) = in_force.reminders.rule(rule) else {
        return (String::new(), String::new());
    };
    let params: Value = serde_json::from_str(params).unwrap_or(Value::Null);
    let text = |key: &str| params[key].as_str().unwrap_or_default().to_string();
    let step_name = |kind: &str, key: &str| {
        MilestoneKind::parse(kind)
            .map(|k| milestone_name_in(locale, k, key))
            .unwrap_or_default()
    };
    let date = dates::long_date(locale, &text("date"));
    let checkin = in_force
        .questionnaire(&text("checkin"))
        .map(|q| q.title.in_language(locale.language()).to_string())
        .unwrap_or_default();
    let moved = params["moved"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|m| {
                    let s = |k: &str| m[k].as_str().unwrap_or_default();
                    format!(
                        "{}: {} → {}",
                        step_name(s("step"), s("key")),
                        dates::long_date(locale, s("from")),
                        dates::long_date(locale, s("to"))
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    let step = step_name(&text("step"), &text("key"));
    let time = dates::time_of_day(locale, &text("time"));
    // Several urgent answers in a row are one alert that says how many (in any language).
    let repeats = params["repeats"].as_i64().filter(|n| *n > 1);
    let (title, body) = rule.words(
        locale.language(),
        &[
            ("step", &step),
            ("date", &date),
            ("time", &time),
            ("checkin", &checkin),
            ("moved", &moved),
        ],
    );
    match repeats {
        Some(n) => (title, format!("{body} (×{n})")),
        None => (title, body),
    }
}

pub async fn list(services: &Services, request: &RequestContext) -> Result<Vec<InboxItem>, AppError> {
    let viewer = request.viewer()?;
    let user_id = viewer.actor.user_id;
    let zone = super::accounts::reader_zone(services, user_id, chrono_tz::Tz::UTC).await?;
    let rows = store::inbox_of(&services.db, user_id, services.clock.now(), SHOWN).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (title, body) = words(services, viewer.locale, &row.rule, &row.params);
            let (on, time) = zones::local(row.send_at, zone)
                .map(|(d, t, _)| (d.to_string(), t))
                .unwrap_or_default();
            InboxItem {
                id: row.id,
                title,
                body,
                url: row.url,
                on,
                time,
                read: row.read,
            }
        })
        .collect())
}

pub async fn mark_read(services: &Services, request: &RequestContext, id: i64) -> Result<(), AppError> {
    let user_id = request.viewer()?.actor.user_id;
    if store::mark_read(&services.db, user_id, id, services.clock.now()).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// For the patient's nurses: what was sent to the patient and their caregivers, what is
/// next, and what failed. Audit-logged.
pub async fn of_patient(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
) -> Result<Vec<app::api::push::SentReminder>, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let centre_id = super::timeline::managed(services, actor, patient_id).await?;
    crate::storage::audit::record(
        &services.db,
        audit_entry(request, "reminders.patient").about(patient_id),
    )
    .await?;
    let zone = super::accounts::viewer_zone(services, &viewer, centre_id).await?;
    let rows = store::of_patient(&services.db, patient_id, services.clock.now(), 50, 10).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (title, _) = words(services, viewer.locale, &r.rule, &r.params);
            let (on, time) = zones::local(r.send_at, zone)
                .map(|(d, t, _)| (d.to_string(), t))
                .unwrap_or_default();
            app::api::push::SentReminder {
                title,
                to: if r.user_id == patient_id {
                    "patient"
                } else {
                    "caregiver"
                }
                .to_string(),
                on,
                time,
                state: r.state,
                attempts: r.attempts,
                last_problem: r.last_problem.map(|(status, outcome)| match status {
                    Some(code) => format!("{code} {outcome}"),
                    None => outcome,
                }),
            }
        })
        .collect())
}
