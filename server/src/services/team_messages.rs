//! "Ask the team" (`app::domain::team_messages`): the patient and their caregivers write to
//! the care team; the centre's nurses reply, and the patient's side is told by push and in
//! the inbox; nurses see what has waited past the centre's promise. Every read is authorised
//! and audit-logged here.
use super::{
    accounts::reader_zone, audit_entry, integrations::admin, timeline, timeline_views::centre_profile, Services,
};
use crate::{
    storage::{audit, centres, reminders::NewReminder, team_messages as store},
    zones,
};
use app::{
    api::{
        messages::{MessageOutcome, MessageThread, TeamMessage, WaitingThread, SHOWN},
        CentreContact,
    },
    backend::RequestContext,
    domain::{
        access::may_manage_patients_of,
        reminders::ReminderKind,
        role::Role,
        team_messages::{self as domain, gate, overdue, waited_hours, Gate, MAX_WAITING},
        triage::{message_words::RedFlagWords, Advice},
        validation::{FieldProblem, Problem},
    },
    error::AppError,
};
use chrono_tz::Tz;

/// The patient and their caregivers write; staff reply instead.
fn writes(role: Role) -> bool {
    matches!(role, Role::Patient | Role::Caregiver)
}

fn invalid(field: &'static str) -> impl Fn(Problem) -> AppError {
    move |problem| AppError::Invalid(vec![FieldProblem::new(field, problem)])
}

pub async fn thread(services: &Services, request: &RequestContext, patient_id: i64) -> Result<MessageThread, AppError> {
    let actor = &request.viewer()?.actor;
    let centre_id = timeline::readable(services, actor, patient_id).await?;
    audit::record(&services.db, audit_entry(request, "messages.read").about(patient_id)).await?;
    let centre = centre_profile(services, centre_id).await?;
    let emergency = super::practical_help::emergency_for(services, patient_id, &centre.country).await?;
    let zone = reader_zone(services, actor.user_id, zones::zone_or_utc(&centre.time_zone)).await?;
    let stored = store::thread(&services.db, patient_id, SHOWN).await?;
    // At most MAX_WAITING wait, all after the last reply: all among the latest shown.
    let since = stored
        .iter()
        .filter(|m| !m.from_team && m.answered_at.is_none())
        .map(|m| m.sent_at)
        .min();
    let now = services.clock.now();
    let can_reply = may_manage_patients_of(actor, centre_id);
    let messages = stored
        .into_iter()
        .map(|m| shown(m, actor.user_id, zone, can_reply))
        .collect();
    Ok(MessageThread {
        patient_id,
        emergency_number: emergency.to_string(),
        reply_hours: centre.reply_hours,
        messages,
        can_write: writes(actor.role),
        can_reply,
        waited_hours: since.map(|s| waited_hours(s, now)),
        overdue: since.is_some_and(|s| overdue(s, now, centre.reply_hours)),
        centre: CentreContact {
            name: centre.name,
            hotline: centre.hotline,
        },
    })
}

/// A message as the reader sees it; the advice its writer saw is for the team alone.
fn shown(m: store::StoredMessage, reader: i64, zone: Tz, team: bool) -> TeamMessage {
    let (on, time) = zones::local(m.sent_at, zone)
        .map(|(day, time, _)| (day.to_string(), time))
        .unwrap_or_default();
    TeamMessage {
        id: m.id,
        text: m.text,
        author: m.author_name,
        from_team: m.from_team,
        mine: m.author_id == reader,
        on,
        time,
        advice: m.advice.as_deref().and_then(Advice::parse).filter(|_| team),
        waiting: !m.from_team && m.answered_at.is_none(),
    }
}

/// Sends a message from the patient's side, unless it reads like a red flag and its writer
/// has not seen the advice yet: then it comes back unsent, with the advice.
pub async fn send(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    raw: &str,
    confirmed: bool,
) -> Result<MessageOutcome, AppError> {
    let actor = &request.viewer()?.actor;
    timeline::readable(services, actor, patient_id).await?;
    if !writes(actor.role) {
        return Err(AppError::Forbidden);
    }
    let text = domain::message(raw).map_err(invalid("text"))?;
    let words = RedFlagWords::shared().map_err(|error| {
        tracing::error!("the red-flag words do not read: {error}");
        AppError::Unavailable
    })?;
    let advice = match gate(words, &text, confirmed) {
        Gate::ShowAdvice(advice) => {
            return Ok(MessageOutcome {
                sent: false,
                advice: Some(advice),
            })
        }
        Gate::Send(advice) => advice,
    };
    let entry = audit_entry(request, "messages.send").about(patient_id);
    let message = (patient_id, actor.user_id, text.as_str(), advice.map(Advice::as_str));
    if !store::send(&services.db, message, services.clock.now(), MAX_WAITING, entry).await? {
        return Err(invalid("text")(Problem::TooManyWaiting));
    }
    Ok(MessageOutcome { sent: true, advice })
}

/// A nurse of the patient's centre replies; the patient's side is told.
pub async fn reply(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    raw: &str,
    seen_up_to: i64,
) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    let centre_id = timeline::managed(services, actor, patient_id).await?;
    let text = domain::message(raw).map_err(invalid("text"))?;
    let now = services.clock.now();
    let zone = super::timeline_views::centre_zone(services, centre_id).await?;
    let notices = super::reminders::reply_notices(services, patient_id, zone, now).await?;
    let url = format!("/patients/{patient_id}#messages");
    let url = url.as_str();
    let rows: Vec<NewReminder> = notices
        .iter()
        .flat_map(|(rule, people)| {
            people.iter().map(move |(user_id, send_at, expires_at)| NewReminder {
                user_id: *user_id,
                patient_id: Some(patient_id),
                rule,
                subject: "reply",
                due_at: now,
                send_at: *send_at,
                expires_at: *expires_at,
                kind: ReminderKind::Messages.as_str(),
                params: "{}",
                url,
            })
        })
        .collect();
    let entry = audit_entry(request, "messages.reply").about(patient_id);
    store::reply(
        &services.db,
        (patient_id, actor.user_id, text.as_str()),
        seen_up_to,
        now,
        &rows,
        entry,
    )
    .await?;
    services.dispatch_wake.notify_one();
    Ok(())
}

/// The nurse's centre's waiting threads: red flags first, then the longest waiting. Each
/// patient listed is a read, audit-logged.
pub async fn waiting(services: &Services, request: &RequestContext) -> Result<Vec<WaitingThread>, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let centre_id = actor
        .centre_id
        .filter(|c| may_manage_patients_of(actor, *c))
        .ok_or(AppError::Forbidden)?;
    let centre = centre_profile(services, centre_id).await?;
    let zone = reader_zone(services, actor.user_id, zones::zone_or_utc(&centre.time_zone)).await?;
    let rows = store::waiting_in_centre(&services.db, centre_id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.patient_id).collect();
    audit::record_reads(
        &services.db,
        actor,
        "messages.waiting",
        &ids,
        &request.facts.client_addr,
    )
    .await?;
    let now = services.clock.now();
    let mut out: Vec<WaitingThread> = rows
        .into_iter()
        .map(|r| {
            let (since_on, since_time) = zones::local(r.since, zone)
                .map(|(day, time, _)| (day.to_string(), time))
                .unwrap_or_default();
            WaitingThread {
                patient_id: r.patient_id,
                patient_name: r.patient_name,
                count: r.count,
                since_on,
                since_time,
                waited_hours: waited_hours(r.since, now),
                reply_hours: centre.reply_hours,
                overdue: overdue(r.since, now, centre.reply_hours),
                advice: r.advice,
            }
        })
        .collect();
    // Red flags first, the worst first (emergency, crisis, call the team); stable, so that
    // among equals the oldest stays first, as stored.
    out.sort_by_key(|t| (t.advice.is_none(), t.advice));
    Ok(out)
}

/// An admin sets the reply time a centre promises.
pub async fn set_reply_hours(
    services: &Services,
    request: &RequestContext,
    centre_id: i64,
    hours: i64,
) -> Result<(), AppError> {
    admin(request)?;
    let hours = domain::reply_hours(hours).map_err(invalid("hours"))?;
    let entry = audit_entry(request, "messages.reply_time");
    let changed = centres::set_reply_hours(&services.db, centre_id, hours, entry).await?;
    changed.then_some(()).ok_or(AppError::NotFound)
}

#[async_trait::async_trait]
impl app::backend::TeamMessages for Services {
    async fn team_thread(&self, request: &RequestContext, patient_id: i64) -> Result<MessageThread, AppError> {
        thread(self, request, patient_id).await
    }
    async fn send_message(
        &self,
        request: &RequestContext,
        patient_id: i64,
        text: String,
        confirmed: bool,
    ) -> Result<MessageOutcome, AppError> {
        send(self, request, patient_id, &text, confirmed).await
    }
    async fn reply_to_patient(
        &self,
        request: &RequestContext,
        patient_id: i64,
        text: String,
        seen_up_to: i64,
    ) -> Result<(), AppError> {
        reply(self, request, patient_id, &text, seen_up_to).await
    }
    async fn waiting_messages(&self, request: &RequestContext) -> Result<Vec<WaitingThread>, AppError> {
        waiting(self, request).await
    }
    async fn set_reply_hours(&self, request: &RequestContext, centre_id: i64, hours: i64) -> Result<(), AppError> {
        set_reply_hours(self, request, centre_id, hours).await
    }
}
