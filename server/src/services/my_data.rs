//! "Download my data" (`app::domain::my_data`): the patient's own copy, as a FHIR Bundle and
//! as a one-page PDF summary (`summary_pdf`). The patient alone downloads it: a caregiver
//! helps with the treatment, but the record, mood scores included, is the patient's to take.
//! Each download is audit-logged.
use super::{
    audit_entry,
    checkin_review::questionnaires_of,
    timeline::{latest, readable},
    Services,
};
use crate::storage::{accounts, audit, checkins as store, flags, timeline::StoredTreatment, visit_questions};
use app::{
    backend::{RequestContext, Viewer},
    domain::{
        checkins::{result_words::team_told, Answers, Questionnaire, Score},
        my_data::fhir_bundle::{Bundle, FlagFacts, PatientFacts, PlanFacts, ResponseFacts},
        role::Role,
    },
    error::AppError,
    i18n::{t, Locale},
    pages::timeline_labels::milestone_name_in,
};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Every answer: a year of twice-daily diaries is 730.
const EVERY_ANSWER: i64 = 1_000_000;

/// What both downloads are made of, read once.
pub(super) struct Record {
    pub patient_id: i64,
    pub centre_id: i64,
    pub name: String,
    pub locale: Locale,
    pub responses: Vec<store::ResponseRecord>,
    pub questionnaires: BTreeMap<String, Questionnaire>,
    pub flags: Vec<flags::ResponseFlag>,
    pub treatment: Option<StoredTreatment>,
    pub questions: Vec<visit_questions::Question>,
}

/// The signed-in patient, the only one who may download their record.
fn own_patient(request: &RequestContext) -> Result<&Viewer, AppError> {
    let viewer = request.viewer()?;
    match viewer.actor.role {
        Role::Patient => Ok(viewer),
        _ => Err(AppError::Forbidden),
    }
}

/// Reads the record for `action` (`my_data.fhir`, `my_data.pdf`), audit-logged first.
pub(super) async fn record(services: &Services, request: &RequestContext, action: &str) -> Result<Record, AppError> {
    let viewer = own_patient(request)?;
    let patient_id = viewer.actor.user_id;
    let centre_id = readable(services, &viewer.actor, patient_id).await?;
    audit::record(&services.db, audit_entry(request, action).about(patient_id)).await?;
    let responses: Vec<_> = store::of_patient(&services.db, patient_id, EVERY_ANSWER)
        .await?
        .into_iter()
        // A caregiver's own wellbeing is theirs, not the patient's record.
        .filter(|r| r.subject == "patient")
        .collect();
    Ok(Record {
        patient_id,
        centre_id,
        name: accounts::patient_name(&services.db, patient_id)
            .await?
            .unwrap_or_default(),
        locale: viewer.locale,
        questionnaires: questionnaires_of(services, &responses).await?,
        responses,
        flags: flags::of_patient_responses(&services.db, patient_id).await?,
        treatment: latest(services, patient_id).await?,
        questions: visit_questions::of_patient(&services.db, patient_id).await?,
    })
}

fn utc(at: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(at, 0).unwrap_or_default()
}

/// The patient's record as a FHIR R4 Bundle (JSON).
pub async fn fhir(services: &Services, request: &RequestContext) -> Result<String, AppError> {
    let record = record(services, request, "my_data.fhir").await?;
    // Compact: a file for another system to read, half the size of an indented one.
    bundle_of(services, &record).map_err(|error| {
        tracing::error!(%error, "a FHIR bundle did not serialise");
        AppError::Unavailable
    })
}

fn bundle_of(services: &Services, record: &Record) -> Result<String, String> {
    let locale = record.locale;
    // A lasting UUID per record, the same in every download of it.
    let base = services.public_url.clone();
    let uuid = move |key: &str| {
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("{base}/fhir/{key}").as_bytes()).to_string()
    };
    let patient = PatientFacts {
        id: record.patient_id,
        name: &record.name,
        language: locale.language(),
    };
    let mut bundle = Bundle::new(&patient, &uuid);
    // Oldest first, as a record is read (and as storage gives them).
    for r in &record.responses {
        let Some(q) = record.questionnaires.get(&r.questionnaire) else {
            continue;
        };
        let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
        let scores: Vec<Score> = serde_json::from_str(&r.scores).unwrap_or_default();
        bundle.response(&ResponseFacts {
            id: r.id,
            questionnaire: q,
            authored: utc(r.answered_at),
            by_caregiver: r.reported_by == "caregiver",
            answers: &answers,
            scores: &scores,
        });
    }
    if let Some(treatment) = &record.treatment {
        let steps = treatment
            .timeline
            .milestones
            .iter()
            .map(|m| (m, milestone_name_in(locale, m.kind, &m.key)))
            .collect();
        bundle.care_plan(&PlanFacts {
            treatment_id: treatment.id,
            status: treatment.status,
            product_name: &treatment.product_name,
            steps,
        });
    }
    let known: std::collections::BTreeSet<i64> = record.responses.iter().map(|r| r.id).collect();
    for f in record.flags.iter().filter(|f| known.contains(&f.response_id)) {
        bundle.flag(&FlagFacts {
            id: f.id,
            response_id: Some(f.response_id),
            rule: f.rule.clone(),
            level: f.level,
            told: t(locale, team_told(Some(f.level)).words()).to_string(),
            raised_at: utc(f.raised_at),
            closed_at: f.resolved_at.map(utc),
        });
    }
    bundle.finish(utc(services.clock.now()))
}
