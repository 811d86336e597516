//! The nurses' review queue: read (and audit-logged per patient), acknowledged, resolved.
//! Only the nurses of the patient's centre see and handle a flag.
use super::{audit_entry, Services};
use crate::{
    storage::{accounts, audit, flags as store},
    zones,
};
use app::{
    api::flags::{FlagQueue, FlagRow},
    backend::RequestContext,
    domain::{
        access::{may_manage_patients_of, Actor},
        checkins::{Answers, Score},
        triage::{describe, Advice, Level},
        validation::{required_text, FieldProblem},
    },
    error::AppError,
    i18n::{t, Msg},
};

fn nurse_centre(actor: &Actor) -> Result<i64, AppError> {
    actor
        .centre_id
        .filter(|c| may_manage_patients_of(actor, *c))
        .ok_or(AppError::Forbidden)
}

pub async fn queue(services: &Services, request: &RequestContext) -> Result<FlagQueue, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let centre_id = nurse_centre(actor)?;
    let zone = super::accounts::viewer_zone(services, &viewer, centre_id).await?;
    let open = store::open_for_centre(&services.db, centre_id).await?;
    let mut patients: Vec<i64> = open.iter().map(|f| f.patient_id).collect();
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
    let now = crate::storage::now();
    let lang = viewer.locale.language();
    let (yes, no) = (t(viewer.locale, Msg::AnswerYes), t(viewer.locale, Msg::AnswerNo));
    let catalogue = &services.checkins;
    let rows = open
        .into_iter()
        .map(|f| {
            let level: Level = Level::parse(&f.level).unwrap_or(Level::Review);
            let answers: Answers = serde_json::from_str(&f.answers).unwrap_or_default();
            let scores: Vec<Score> = serde_json::from_str(&f.scores).unwrap_or_default();
            let previous: Vec<Score> = f
                .previous_scores
                .as_deref()
                .and_then(|p| serde_json::from_str(p).ok())
                .unwrap_or_default();
            let what = match (
                catalogue.rules.rules.iter().find(|r| r.id == f.rule),
                catalogue.questionnaire(&f.questionnaire),
            ) {
                (Some(rule), Some(q)) => describe(rule, q, &answers, &scores, &previous, lang, yes, no),
                _ => f.rule.clone(),
            };
            let (raised_on, raised_time) = zones::local(f.raised_at, zone)
                .map(|(d, time, _)| (d.to_string(), time))
                .unwrap_or_default();
            let minutes_open = (now - f.raised_at).max(0) / 60;
            FlagRow {
                id: f.id,
                patient_id: f.patient_id,
                patient_name: f.patient_name,
                overdue: level == Level::Urgent
                    && f.acknowledged_at.is_none()
                    && minutes_open >= services.escalation_minutes,
                level,
                advice: f.advice.as_deref().and_then(Advice::parse),
                what,
                raised_on,
                raised_time,
                minutes_open,
                acknowledged_by: f.acknowledged_by,
            }
        })
        .collect();
    Ok(FlagQueue {
        rows,
        escalation_minutes: services.escalation_minutes,
    })
}

/// Whether the queue changed, without reading anyone's data (so without audit entries).
pub async fn fingerprint(services: &Services, request: &RequestContext) -> Result<String, AppError> {
    let centre_id = nurse_centre(&request.viewer()?.actor)?;
    let overdue_before = crate::storage::now() - services.escalation_minutes * 60;
    store::queue_fingerprint(&services.db, centre_id, overdue_before)
        .await
        .map_err(AppError::from)
}

/// The flag's patient, if this nurse may handle it.
async fn handled_by(services: &Services, actor: &Actor, flag_id: i64) -> Result<i64, AppError> {
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
