//! The nurses' review queue: read (and audit-logged per patient), acknowledged, resolved.
//! Only the nurses of the patient's centre see and handle a flag.
use super::{audit_entry, Services};
use crate::{
    storage::{accounts, audit, flags as store, nursing, silence},
    zones,
};
use app::{
    api::{
        desk::NurseOption,
        flags::{FlagQueue, FlagRow},
    },
    backend::RequestContext,
    domain::{
        access::{may_manage_patients_of, Actor},
        checkins::{Answers, Score},
        flag_queue::{page_of, pages, sort, FlagKey, QueueOrder, QueueQuery},
        triage::{describe, Advice, Level},
        validation::{required_text, FieldProblem},
    },
    error::AppError,
    i18n::{dates::date_and_time, fill, t, Locale, Msg},
};

pub(super) fn nurse_centre(actor: &Actor) -> Result<i64, AppError> {
    actor
        .centre_id
        .filter(|c| may_manage_patients_of(actor, *c))
        .ok_or(AppError::Forbidden)
}

/// One page of the queue, sorted as asked; the patients on it are audit-logged as read.
pub async fn queue(services: &Services, request: &RequestContext, query: QueueQuery) -> Result<FlagQueue, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let centre_id = nurse_centre(actor)?;
    let order = QueueOrder::parse(&query).map_err(AppError::Invalid)?;
    let zone = super::accounts::viewer_zone(services, viewer, centre_id).await?;
    let now = services.clock.now();
    let mut open = store::open_for_centre(&services.db, centre_id, now).await?;
    let total = open.len();
    let overdue = open.iter().filter(|f| is_overdue(services, f, now)).count() as i64;
    sort(&mut open, &order, |f| FlagKey {
        patient_name: &f.patient_name,
        raised_at: f.raised_at,
        assignee: f.assigned_to.as_ref().map(|(_, name)| name.as_str()),
    });
    let (page, shown) = page_of(total, order.page);
    let rows = rows_of(services, viewer, open.drain(shown), zone, now).await?;
    let mut patients: Vec<i64> = rows.iter().map(|f| f.patient_id).collect();
    patients.sort_unstable();
    patients.dedup();
    audit::record_reads(
        &services.db,
        actor,
        "flags.queue",
        &patients,
        &request.facts.client_addr,
    )
    .await?;
    let nurses = nursing::nurses_of(&services.db, centre_id)
        .await?
        .into_iter()
        .map(|(id, name)| NurseOption { id, name })
        .collect();
    Ok(FlagQueue {
        rows,
        total: total as i64,
        page,
        pages: pages(total as i64),
        overdue,
        escalation_minutes: services.escalation_minutes,
        nurses,
    })
}

/// The centre's open flags (not snoozed), raised after `since`, in the queue's own order, in
/// the viewer's words and time zone; the caller audits what it shows.
pub(super) async fn open_rows(
    services: &Services,
    viewer: &app::backend::Viewer,
    centre_id: i64,
    zone: chrono_tz::Tz,
    since: i64,
) -> Result<Vec<FlagRow>, AppError> {
    let now = services.clock.now();
    let open = store::open_for_centre(&services.db, centre_id, now).await?;
    rows_of(
        services,
        viewer,
        open.into_iter().filter(|f| f.raised_at > since),
        zone,
        now,
    )
    .await
}

/// The flags as rows: what raised each, in the viewer's words.
async fn rows_of(
    services: &Services,
    viewer: &app::backend::Viewer,
    flags: impl Iterator<Item = store::OpenFlag>,
    zone: chrono_tz::Tz,
    now: i64,
) -> Result<Vec<FlagRow>, AppError> {
    let silences = services.checkins().rules.silences();
    let mut rows = Vec::new();
    for flag in flags {
        let what = match &flag.answer {
            Some(answer) => answer_words(services, &flag.rule, answer, viewer.locale),
            None => {
                // The questionnaire whose answers would have broken the silence.
                let diary = silences
                    .iter()
                    .find(|r| r.id == flag.rule)
                    .map(|r| r.questionnaire.as_str());
                silence_words(services, &flag, diary.unwrap_or_default(), viewer.locale, zone, now).await?
            }
        };
        rows.push(row_of(services, flag, what, zone, now));
    }
    Ok(rows)
}

/// Urgent, and nobody acknowledged it within the escalation time.
fn is_overdue(services: &Services, f: &store::OpenFlag, now: i64) -> bool {
    f.level == Level::Urgent.as_str()
        && f.acknowledged_at.is_none()
        && (now - f.raised_at).max(0) / 60 >= services.escalation_minutes
}

fn row_of(services: &Services, f: store::OpenFlag, what: String, zone: chrono_tz::Tz, now: i64) -> FlagRow {
    let level: Level = Level::parse(&f.level).unwrap_or(Level::Review);
    let (raised_on, raised_time) = zones::local(f.raised_at, zone)
        .map(|(d, time, _)| (d.to_string(), time))
        .unwrap_or_default();
    let minutes_open = (now - f.raised_at).max(0) / 60;
    let overdue = is_overdue(services, &f, now);
    FlagRow {
        id: f.id,
        patient_id: f.patient_id,
        patient_name: f.patient_name,
        overdue,
        level,
        advice: f.advice.as_deref().and_then(Advice::parse),
        what,
        raised_on,
        raised_time,
        minutes_open,
        acknowledged_by: f.acknowledged_by,
        silence: f.answer.is_none(),
        assigned_to: f.assigned_to.as_ref().map(|(id, _)| *id),
        assignee: f.assigned_to.map(|(_, name)| name),
    }
}

/// The answer that raised the flag, in the nurse's language.
fn answer_words(services: &Services, rule_id: &str, a: &store::RaisingAnswer, locale: Locale) -> String {
    let (yes, no) = (t(locale, Msg::AnswerYes), t(locale, Msg::AnswerNo));
    let answers: Answers = serde_json::from_str(&a.answers).unwrap_or_default();
    let scores: Vec<Score> = serde_json::from_str(&a.scores).unwrap_or_default();
    let previous: Vec<Score> = a
        .previous_scores
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or_default();
    // Imported questionnaires too: a site's own rule reads one.
    let in_force = services.instruments.current();
    match (
        in_force.checkins.rules.rules.iter().find(|r| r.id == rule_id),
        in_force.questionnaire(&a.questionnaire),
    ) {
        (Some(rule), Some(q)) => describe(rule, q, &answers, &scores, &previous, locale.language(), yes, no),
        _ => rule_id.to_string(),
    }
}

/// "No diary since 3 Dec 14:05 (26 h)", or since the infusion when none came at all.
async fn silence_words(
    services: &Services,
    flag: &store::OpenFlag,
    questionnaire: &str,
    locale: Locale,
    zone: chrono_tz::Tz,
    now: i64,
) -> Result<String, AppError> {
    let last = silence::last_answer(&services.db, flag.patient_id, questionnaire).await?;
    Ok(match last.and_then(|at| zones::local(at, zone).map(|l| (at, l))) {
        Some((at, (day, time, _))) => fill(
            t(locale, Msg::FlagSilentSince),
            &[
                ("when", &date_and_time(locale, &day.to_string(), &time)),
                ("hours", &((now - at).max(0) / 3600).to_string()),
            ],
        ),
        None => t(locale, Msg::FlagSilentNever).to_string(),
    })
}

/// Whether the queue changed, without reading anyone's data (so without audit entries).
pub async fn fingerprint(services: &Services, request: &RequestContext) -> Result<String, AppError> {
    let centre_id = nurse_centre(&request.viewer()?.actor)?;
    let now = services.clock.now();
    let overdue_before = now - services.escalation_minutes * 60;
    store::queue_fingerprint(&services.db, centre_id, overdue_before, now)
        .await
        .map_err(AppError::from)
}

/// The flag's patient, if this nurse may handle it.
pub(super) async fn handled_by(services: &Services, actor: &Actor, flag_id: i64) -> Result<i64, AppError> {
    let centre_id = nurse_centre(actor)?;
    let patient_id = store::patient_of(&services.db, flag_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let patient_centre = accounts::patient_centre(&services.db, patient_id).await?;
    // Another centre's flag is answered as missing: its existence is not this nurse's to know.
    if patient_centre != Some(centre_id) {
        return Err(AppError::NotFound);
    }
    Ok(patient_id)
}

pub async fn acknowledge(services: &Services, request: &RequestContext, id: i64) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    let patient_id = handled_by(services, actor, id).await?;
    store::acknowledge(
        &services.db,
        id,
        actor.user_id,
        audit_entry(request, "flag.acknowledged").about(patient_id),
    )
    .await?;
    Ok(())
}

pub async fn resolve(services: &Services, request: &RequestContext, id: i64, note: String) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    let note = required_text(&note, 1000).map_err(|p| AppError::Invalid(vec![FieldProblem::new("note", p)]))?;
    let patient_id = handled_by(services, actor, id).await?;
    let resolved = store::resolve(
        &services.db,
        id,
        actor.user_id,
        &note,
        audit_entry(request, "flag.resolved").about(patient_id),
    )
    .await?;
    if resolved {
        Ok(())
    } else {
        // Someone resolved it meanwhile; the queue will show it gone.
        Err(AppError::Stale)
    }
}
