//! "My questions for the next visit": the patient (or their caregiver) keeps a list; the
//! centre's nurses read it before the visit and mark each question discussed.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitQuestion {
    pub id: i64,
    pub text: String,
    /// Who asked, by the name they are known by here.
    pub asked_by: String,
    /// The reader asked it (and may take it back while it is open).
    pub mine: bool,
    pub asked_on: String,
    /// When a nurse marked it discussed.
    pub discussed_on: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionList {
    pub patient_id: i64,
    /// The date of the next visit, when one is planned.
    pub next_visit: Option<String>,
    /// Open first, in the order asked; then the latest discussed.
    pub questions: Vec<VisitQuestion>,
    /// The patient and their caregivers ask; the centre's nurses mark them discussed.
    pub can_ask: bool,
    pub can_mark: bool,
}

#[server(endpoint = "questions/list")]
pub async fn visit_questions(patient_id: i64) -> Result<QuestionList, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.visit_questions(&request, patient_id).await)
}

#[server(endpoint = "questions/ask")]
pub async fn ask_question(patient_id: i64, text: String) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.ask_question(&request, patient_id, text).await)
}

/// The asker takes back a question not yet discussed.
#[server(endpoint = "questions/take-back")]
pub async fn take_back_question(patient_id: i64, id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.take_back_question(&request, patient_id, id).await)
}

#[server(endpoint = "questions/discussed")]
pub async fn question_discussed(patient_id: i64, id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.question_discussed(&request, patient_id, id).await)
}
