//! The shift handover: new flags, waiting messages, the patients in days 0–14 with their last
//! temperature, and timeline changes, since the centre's last handover (or the last 24 hours).
//! Every patient it lists is audit-logged as read.
use super::{audit_entry, flags::nurse_centre, Services};
use crate::{
    storage::{audit, centres, checkins as checkin_store, handover as store, timeline_board},
    zones,
};
use app::{
    api::handover::{HandoverChange, HandoverView, WatchedPatient, WATCHED_DAYS},
    backend::RequestContext,
    domain::{
        checkins::Answers,
        triage::{temperature_c, Condition},
        validation::iso_date,
    },
    error::AppError,
    i18n::{dates::decimal, Locale},
};
use chrono::Days;

/// What is "new" when no handover was given yet.
const DEFAULT_WINDOW: i64 = 24 * 3600;

pub async fn view(services: &Services, request: &RequestContext) -> Result<HandoverView, AppError> {
    let viewer = request.viewer()?;
    let centre_id = nurse_centre(&viewer.actor)?;
    let db = &services.db;
    let zone = super::accounts::viewer_zone(services, viewer, centre_id).await?;
    let now = services.clock.now();
    let last = store::last_given(db, centre_id).await?;
    let since = last.as_ref().map_or(now - DEFAULT_WINDOW, |(at, _)| *at);
    let new_flags = super::flags::open_rows(services, viewer, centre_id, zone, since).await?;
    let messages = super::team_messages::waiting(services, request).await?;
    let watched = watched(services, centre_id, viewer.locale, zone).await?;
    let changes = timeline_board::centre_changes(db, centre_id, since, zone).await?;
    let mut listed: Vec<i64> = new_flags
        .iter()
        .map(|f| f.patient_id)
        .chain(watched.iter().map(|w| w.patient_id))
        .chain(changes.iter().map(|c| c.patient_id))
        .collect();
    listed.sort_unstable();
    listed.dedup();
    audit::record_reads(db, &viewer.actor, "desk.handover", &listed, &request.facts.client_addr).await?;
    let (since_on, since_time) = zones::local(since, zone)
        .map(|(d, t, _)| (d.to_string(), t))
        .unwrap_or_default();
    Ok(HandoverView {
        centre: centres::contact(db, centre_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default(),
        since_on,
        since_time,
        given_by: last.map(|(_, by)| by),
        new_flags,
        messages,
        watched,
        changes: changes
            .into_iter()
            .map(|c| HandoverChange {
                patient_id: c.patient_id,
                patient_name: c.patient_name,
                change: c.change,
            })
            .collect(),
    })
}

pub async fn give(services: &Services, request: &RequestContext) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    let centre_id = nurse_centre(actor)?;
    let entry = audit_entry(request, "handover.given");
    store::give(&services.db, centre_id, actor.user_id, services.clock.now(), entry).await?;
    Ok(())
}

/// The patients in days 0–14 after infusion, with the temperature of their last diary.
async fn watched(
    services: &Services,
    centre_id: i64,
    locale: Locale,
    zone: chrono_tz::Tz,
) -> Result<Vec<WatchedPatient>, AppError> {
    let centre_zone = super::timeline_views::centre_zone(services, centre_id).await?;
    let today = zones::today_in(centre_zone);
    let first = today.checked_sub_days(Days::new(WATCHED_DAYS as u64)).unwrap_or(today);
    let checkins = services.checkins();
    let rules = &checkins.rules;
    // The diary's temperature items, as the fever rule names them.
    let Some((diary, celsius, fahrenheit)) = rules.rules.iter().find_map(|r| match &r.when {
        Condition::Fever { celsius, fahrenheit } => Some((r.questionnaire.as_str(), celsius, fahrenheit)),
        _ => None,
    }) else {
        return Ok(Vec::new());
    };
    let threshold = checkin_store::fever_threshold(&services.db, centre_id)
        .await?
        .unwrap_or(rules.default_fever_threshold_c);
    let rows = store::watched(&services.db, centre_id, &first.to_string(), diary).await?;
    Ok(rows
        .into_iter()
        .map(|w| {
            let reading = w.last_diary.as_ref().and_then(|(answers, at)| {
                let answers: Answers = serde_json::from_str(answers).ok()?;
                Some((temperature_c(&answers, celsius, fahrenheit)?, *at))
            });
            let when = reading.and_then(|(_, at)| zones::local(at, zone));
            WatchedPatient {
                patient_id: w.patient_id,
                name: w.name,
                day: iso_date(&w.infusion_on).map_or(0, |d| (today - d).num_days()),
                admitted: w.admitted,
                nurse: w.nurse,
                temperature: reading.map(|(c, _)| format!("{} °C", decimal(locale, c, 1))),
                temperature_on: when.as_ref().map(|(d, _, _)| d.to_string()),
                temperature_time: when.map(|(_, t, _)| t),
                fever: reading.is_some_and(|(c, _)| c >= threshold),
            }
        })
        .collect())
}
