//! Check-in submission: authorised, checked item by item, scored, triaged against the
//! patient's previous scores and the centre's fever threshold, matched to its window on the
//! timeline, and stored with its flags in one transaction. Idempotent by client id.
use super::{audit_entry, timeline_views as views, Services};
use crate::{
    error::StartupError,
    storage::{
        accounts, checkin_reads as reads,
        checkins::{self as store, NewResponse, StoredResponse},
        StorageError,
    },
};
use app::{
    api::checkins::{CheckinForm, Submission, SubmissionResult},
    backend::RequestContext,
    domain::{
        access::Actor,
        checkins::{answer_time, builtin, check, score_all, Answers, CheckinSchedule, Questionnaire, Respondent},
        reminders::{ReminderCatalogue, ReminderKind},
        role::Role,
        triage::{triage, Flag, Level, Response, TriageRules},
        validation::{FieldProblem, Problem},
    },
    error::AppError,
};
use sqlx::AnyConnection;

/// What the server knows of check-ins: the questionnaires, when they are asked for, and
/// the triage rules. Loaded and checked once at start.
pub struct CheckinCatalogue {
    pub questionnaires: Vec<Questionnaire>,
    pub schedule: CheckinSchedule,
    pub rules: TriageRules,
}

impl CheckinCatalogue {
    pub fn builtin() -> Result<CheckinCatalogue, StartupError> {
        let fail = |e: String| StartupError::Checkins(e);
        Ok(CheckinCatalogue {
            questionnaires: builtin::all()
                .map_err(|errors| fail(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))?,
            schedule: CheckinSchedule::builtin().map_err(|e| fail(e.to_string()))?,
            rules: TriageRules::builtin().map_err(|e| fail(e.to_string()))?,
        })
    }

    pub fn questionnaire(&self, name: &str) -> Option<&Questionnaire> {
        app::domain::checkins::find(&self.questionnaires, name)
    }
}

/// Who answers, and whose data it is.
struct Roles {
    subject: &'static str,
    reported_by: &'static str,
    respondent: Respondent,
}

/// Whose data a submission is: a caregiver's own wellbeing is theirs, all else the patient's.
fn subject_of(actor: &Actor, submission: &Submission) -> &'static str {
    if actor.role == Role::Caregiver && submission.about_myself {
        "caregiver"
    } else {
        "patient"
    }
}

fn roles(actor: &Actor, submission: &Submission, observing: bool) -> Result<Roles, AppError> {
    match actor.role {
        Role::Patient if actor.user_id == submission.patient_id && !submission.about_myself && !observing => {
            Ok(Roles {
                subject: subject_of(actor, submission),
                reported_by: "patient",
                respondent: Respondent::Patient,
            })
        }
        Role::Caregiver if actor.linked_patient_ids.contains(&submission.patient_id) => Ok(Roles {
            subject: subject_of(actor, submission),
            reported_by: "caregiver",
            respondent: if submission.about_myself {
                Respondent::CaregiverSelf
            } else if observing {
                Respondent::CaregiverObserving
            } else {
                Respondent::Patient
            },
        }),
        _ => Err(AppError::Forbidden),
    }
}

fn replay(stored: StoredResponse) -> SubmissionResult {
    SubmissionResult {
        response_id: stored.id,
        questionnaire: stored.questionnaire,
        version: stored.version,
        advice: stored.flags.iter().filter_map(|f| f.advice).min(),
        scores: stored.scores,
        flags: stored.flags,
        late: stored.is_late,
        replayed: true,
    }
}

/// The page's data: the questionnaire for someone allowed to answer it, with whom to call.
pub async fn form(
    services: &Services,
    request: &RequestContext,
    name: String,
    patient_id: i64,
    about_myself: bool,
) -> Result<CheckinForm, AppError> {
    let actor = &request.viewer()?.actor;
    let questionnaire = super::questionnaires::find(services, name.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let probe = Submission {
        client_id: String::new(),
        questionnaire: name.clone(),
        patient_id,
        about_myself,
        answers: Default::default(),
        answered_at: None,
        answered_by: None,
    };
    let roles = roles(actor, &probe, questionnaire.id.ends_with("/caregiver-observation"))?;
    let questionnaire = &questionnaire;
    let db = &services.db;
    let centre_id = accounts::patient_centre(db, patient_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let centre = views::centre_profile(services, centre_id).await?;
    let emergency = super::practical_help::emergency_for(services, patient_id, &centre.country).await?;
    crate::storage::audit::record(db, audit_entry(request, "checkin.form").about(patient_id)).await?;
    Ok(CheckinForm {
        questionnaire: questionnaire.clone(),
        patient_id,
        about_myself,
        respondent_id: actor.user_id,
        client_id: crate::auth::tokens::new_session_token(),
        emergency_number: emergency.to_string(),
        centre: app::api::CentreContact {
            name: centre.name,
            hotline: centre.hotline,
        },
        fever_threshold_c: store::fever_threshold(db, centre_id).await?,
        prefill: carried_over(services, questionnaire, patient_id, roles.subject, actor.user_id).await?,
        rules: Some(services.checkins().rules.of_questionnaire(&questionnaire.id)),
    })
}

/// Last time's answers to the items that carry over, if the questionnaire has any.
async fn carried_over(
    services: &Services,
    questionnaire: &Questionnaire,
    patient_id: i64,
    subject: &str,
    respondent_id: i64,
) -> Result<Answers, AppError> {
    let carried: Vec<&str> = questionnaire
        .all_items()
        .into_iter()
        .filter(|i| i.carry_over)
        .map(|i| i.link_id.as_str())
        .collect();
    if carried.is_empty() {
        return Ok(Answers::new());
    }
    let name = questionnaire.short_name().to_string();
    let Some(stored) = store::latest_answers(&services.db, patient_id, subject, respondent_id, &name).await? else {
        return Ok(Answers::new());
    };
    let last: Answers = serde_json::from_str(&stored).unwrap_or_default();
    Ok(last
        .into_iter()
        .filter(|(k, _)| carried.contains(&k.as_str()))
        .collect())
}

/// A check-in sent: checked, scored, triaged, matched to its window and stored with its
/// flags (and an urgent alert to the centre's nurses when one is urgent), or the first
/// answer again when the same client id was sent before.
pub async fn submit(
    services: &Services,
    request: &RequestContext,
    submission: Submission,
) -> Result<SubmissionResult, AppError> {
    let actor = &request.viewer()?.actor;
    let client_id = client_id_of(&submission)?;
    if submission.answered_by.is_some_and(|id| id != actor.user_id) {
        return Err(AppError::Forbidden);
    }
    // One reading of the services' clock (the silence watch's): answered on arrival, if unsaid.
    let arrived = services.clock.now();
    let answered = answer_time(claimed_time(&submission)?, arrived);
    // Every query of a submission on one connection, taken from the pool once.
    let conn = &mut *services.db.connection().await?;
    let asked = reads::Asked {
        patient_id: submission.patient_id,
        client_id,
        questionnaire: submission.questionnaire.trim(),
        subject: subject_of(actor, &submission),
        respondent_id: actor.user_id,
    };
    let known = reads::arrival(conn, &services.db, &asked).await?;
    let questionnaire = super::questionnaires::of_definition(services, asked.questionnaire, known.imported)?
        .ok_or(AppError::NotFound)?;
    let name = questionnaire.short_name().to_string();
    let roles = roles(actor, &submission, name == "caregiver-observation")?;
    if known.sent_before {
        if let Some(first) = sent_before(conn, client_id, actor, submission.patient_id).await? {
            return Ok(first);
        }
    }
    let problems = check(&questionnaire, &submission.answers);
    if !problems.is_empty() {
        return Err(AppError::Answers(problems));
    }
    let centre = known.centre.ok_or(AppError::NotFound)?;
    let scores = score_all(&questionnaire, &submission.answers);
    // Read on arrival by the name sent; asked again when the definition names itself otherwise.
    let previous = if name == asked.short_name() {
        known.previous_scores
    } else {
        reads::previous_scores(&mut *conn, asked.patient_id, roles.subject, actor.user_id, &name).await?
    };
    let treatment = known.treatment.as_deref();
    let zone = crate::zones::zone_or_utc(&centre.time_zone);
    // One catalogue for the whole submission, though a new version may come meanwhile.
    let in_force = services.instruments.current();
    let schedule = &in_force.checkins.schedule;
    let window = super::checkin_windows::answered(schedule, treatment, (&name, roles.respondent), zone, answered.at);
    let outcome = triage(
        &in_force.checkins.rules,
        &Response {
            questionnaire: &questionnaire,
            answers: &submission.answers,
            scores: &scores,
            previous: &previous,
            fever_threshold_c: centre.fever_threshold_c,
        },
    );
    let answers_json = answers_json(&submission.answers)?;
    let new = NewResponse {
        client_id,
        patient_id: submission.patient_id,
        subject: roles.subject,
        respondent_id: actor.user_id,
        reported_by: roles.reported_by,
        questionnaire: &name,
        version: &questionnaire.version,
        schedule_id: window.schedule_id.as_deref(),
        due_at: window.due_at,
        timepoint: &window.timepoint,
        answered_at: answered.at,
        submitted_at: arrived,
        is_late: window.is_late,
        answers_json: &answers_json,
        scores: &scores,
        triage_version: &outcome.rules_version,
        schedule_version: &schedule.version,
        flags: &outcome.flags,
        urgent_alert: urgent_alert(services, &in_force.reminders, &outcome.flags, centre.centre_id),
    };
    let audit = audit_entry(request, "checkin.submitted").about(submission.patient_id);
    let stored = match store_once(services, conn, &new, audit, actor).await? {
        Stored::Now(stored) => stored,
        Stored::Before(result) => return Ok(result),
    };
    Ok(SubmissionResult {
        response_id: stored.id,
        questionnaire: name,
        version: questionnaire.version.clone(),
        advice: outcome.advice(),
        scores,
        flags: outcome.flags,
        late: stored.is_late,
        replayed: false,
    })
}

/// A replay answers as the first time, to the one who sent it only.
async fn sent_before(
    conn: &mut AnyConnection,
    client_id: &str,
    actor: &Actor,
    patient_id: i64,
) -> Result<Option<SubmissionResult>, AppError> {
    let Some(stored) = store::by_client_id(conn, client_id).await? else {
        return Ok(None);
    };
    if stored.respondent_id != actor.user_id || stored.patient_id != patient_id {
        return Err(AppError::Forbidden);
    }
    Ok(Some(replay(stored)))
}

fn answers_json(answers: &Answers) -> Result<String, AppError> {
    serde_json::to_string(answers).map_err(|e| {
        tracing::error!(error = %e, "answers not serialisable");
        AppError::Unavailable
    })
}

/// The time the phone says the person answered, if it says one; refused when unreadable.
fn claimed_time(submission: &Submission) -> Result<Option<i64>, AppError> {
    let Some(text) = submission.answered_at.as_deref() else {
        return Ok(None);
    };
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| Some(t.timestamp()))
        .map_err(|_| AppError::Invalid(vec![FieldProblem::new("answered_at", Problem::DateInvalid)]))
}

/// The id the browser gave this submission, so that sending it twice stores it once.
fn client_id_of(submission: &Submission) -> Result<&str, AppError> {
    let client_id = submission.client_id.trim();
    if client_id.is_empty() || client_id.len() > 64 {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "client_id",
            Problem::Required,
        )]));
    }
    Ok(client_id)
}

/// When a flag is urgent: an alert to every nurse of the centre, due now.
fn urgent_alert<'a>(
    services: &Services,
    reminders: &'a ReminderCatalogue,
    flags: &[Flag],
    centre_id: i64,
) -> Option<store::UrgentAlert<'a>> {
    if !flags.iter().any(|f| f.level == Level::Urgent) {
        return None;
    }
    let rule = reminders.rules.iter().find(|r| r.kind == ReminderKind::Urgent)?;
    Some(store::UrgentAlert {
        rule: &rule.id,
        centre_id,
        at: services.clock.now(),
        useful_seconds: 3600 * i64::from(rule.useful_hours),
    })
}

enum Stored {
    Now(store::Inserted),
    /// Sent twice at once: the other one was stored first, and answers for both.
    Before(SubmissionResult),
}

async fn store_once(
    services: &Services,
    conn: &mut AnyConnection,
    new: &NewResponse<'_>,
    audit: crate::storage::audit::Entry<'_>,
    actor: &Actor,
) -> Result<Stored, AppError> {
    match store::insert_on(conn, new, audit).await {
        Ok(inserted) => {
            if new.urgent_alert.is_some() {
                services.dispatch_wake.notify_one();
            }
            Ok(Stored::Now(inserted))
        }
        Err(StorageError::AlreadyStored) => match store::by_client_id(conn, new.client_id).await? {
            Some(stored) if stored.respondent_id == actor.user_id => Ok(Stored::Before(replay(stored))),
            _ => Err(AppError::Forbidden),
        },
        Err(error) => Err(error.into()),
    }
}
