//! Check-ins: a patient (or a caregiver) sends the answers to one questionnaire, and gets
//! back the scores, the flags and what to do now. Also a JSON API, in the OpenAPI document.
use crate::{
    api::CentreContact,
    domain::{
        checkins::{questionnaire::Text, Answers, Questionnaire, Score, WindowState},
        triage::{Advice, Flag},
    },
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// Made by the client (a UUID): sending the same submission again returns the first
    /// result and stores nothing new.
    pub client_id: String,
    /// The questionnaire's name (`phq-9`, `symptom-diary`).
    pub questionnaire: String,
    /// Whose check-in: the patient's own id, or for a caregiver the patient they care for.
    pub patient_id: i64,
    /// A caregiver answering about their own wellbeing (their data, not the patient's).
    #[serde(default)]
    pub about_myself: bool,
    pub answers: Answers,
    /// When the person answered (RFC 3339), for an answer kept on a phone without signal
    /// and sent later. Believed within 72 hours before it arrives (see
    /// `domain::checkins::answer_time`); otherwise the answer counts as given on arrival.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<String>,
    /// Who answered, for an answer sent later: refused unless it is the one signed in, so
    /// that an answer kept on a shared phone is never sent in another person's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_by: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionResult {
    pub response_id: i64,
    pub questionnaire: String,
    pub version: String,
    pub scores: Vec<Score>,
    /// Worst first.
    pub flags: Vec<Flag>,
    /// What the screen must say now, if anything.
    pub advice: Option<Advice>,
    /// Answered after its window closed: kept, and marked late.
    pub late: bool,
    /// This submission had been received before; this is the first result again.
    pub replayed: bool,
}

#[server(endpoint = "checkins/submit", input = leptos::server_fn::codec::Json)]
pub async fn submit_checkin(submission: Submission) -> Result<SubmissionResult, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.submit_checkin(&request, submission).await)
}

/// What the check-in page needs: the questionnaire, whom it is about, and whom to call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckinForm {
    pub questionnaire: Questionnaire,
    pub patient_id: i64,
    pub about_myself: bool,
    /// Who answers (the one signed in): an answer kept on the phone is sent only for them.
    #[serde(default)]
    pub respondent_id: i64,
    /// Made by the server for this form: a resend after a lost answer stores nothing twice.
    pub client_id: String,
    pub centre: CentreContact,
    pub emergency_number: String,
    /// The centre's own threshold, if it set one (the browser triages with it too).
    pub fever_threshold_c: Option<f64>,
    /// Last time's answers to the items that carry over (the goals' names), to keep or change.
    #[serde(default)]
    pub prefill: Answers,
    /// The triage rules in force for this questionnaire (a centre may have added its own):
    /// the browser tells what to do now with them, before any network round trip.
    #[serde(default)]
    pub rules: Option<crate::domain::triage::TriageRules>,
}

#[server(endpoint = "checkins/form")]
pub async fn open_checkin(name: String, patient_id: i64, about_myself: bool) -> Result<CheckinForm, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(
        request
            .backend
            .checkin_form(&request, name, patient_id, about_myself)
            .await,
    )
}

/// A check-in to answer now, one missed, or the next one, for the home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinDue {
    pub schedule: String,
    /// The questionnaire's name, for the link.
    pub questionnaire: String,
    pub title: Text,
    /// A caregiver's own wellbeing check-in (the link says so).
    pub about_myself: bool,
    pub state: WindowState,
    /// When it is due, local at the centre.
    pub due_on: String,
    pub due_time: String,
    /// The same instant, in Unix seconds.
    #[serde(default)]
    pub due_at: i64,
}

/// One answered check-in, for the nurse: when, by whom, and each answer in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnsweredCheckin {
    pub id: i64,
    pub title: String,
    /// When it was given (for an answer kept offline, before it arrived).
    pub submitted_on: String,
    pub submitted_time: String,
    /// When it arrived, for an answer sent from a phone long after it was given.
    #[serde(default)]
    pub arrived_later: Option<String>,
    /// `patient` or `caregiver`.
    pub reported_by: String,
    pub late: bool,
    pub level: Option<crate::domain::triage::Level>,
    /// (question, answer), in the order of the form.
    pub answers: Vec<(String, String)>,
    pub scores: Vec<Score>,
}

/// A line over time: a scale's totals, the temperature, or one goal's ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub title: String,
    pub chart: crate::domain::checkins::charts::Chart,
    /// The values, oldest first, for the text beside the chart.
    pub values: Vec<String>,
}

/// Everything a nurse reviews on one patient's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatientCheckins {
    /// What the patient (or a caregiver observing them) has due now, missed, or next.
    pub due: Vec<CheckinDue>,
    pub trends: Vec<Trend>,
    /// The caregiver's own wellbeing: theirs, shown apart.
    pub caregiver_trends: Vec<Trend>,
    /// Newest first.
    pub answered: Vec<AnsweredCheckin>,
}

#[server(endpoint = "checkins/patient")]
pub async fn review_checkins(patient_id: i64) -> Result<PatientCheckins, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.patient_checkins(&request, patient_id).await)
}

/// A questionnaire the app knows: built in, or imported by an admin (with its version).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionnaireRow {
    pub name: String,
    pub title: String,
    pub version: String,
    pub builtin: bool,
    pub imported_on: Option<String>,
}

#[server(endpoint = "admin/questionnaires/list")]
pub async fn list_questionnaires() -> Result<Vec<QuestionnaireRow>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.list_questionnaires(&request).await)
}

/// Imports a FHIR R4 Questionnaire (JSON text). Refused with one problem per bad item.
#[server(endpoint = "admin/questionnaires/import")]
pub async fn import_questionnaire(json: String) -> Result<QuestionnaireRow, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.import_questionnaire(&request, json).await)
}
