//! Check-ins: a patient (or a caregiver) sends the answers to one questionnaire, and gets
//! back the scores, the flags and what to do now. Also a JSON API, in the OpenAPI document.
use crate::{
    domain::{
        checkins::{Answers, Score},
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
