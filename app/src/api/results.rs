//! "My results": a patient's own check-ins told back in plain words
//! (`domain::checkins::result_words`): scores with their bands, the temperature against the
//! fever line, goal ratings over time, and for each answer what the care team was told.
//! The patient's own: caregivers read the timeline and the check-ins they help with, not
//! the patient's mood and anxiety scores.
use crate::{
    api::{checkins::Trend, CentreContact},
    domain::checkins::result_words::TeamTold,
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A score as the patient reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreWords {
    /// "PHQ-4 anxiety".
    pub scale: String,
    pub total: i64,
    /// The band in plain words ("moderate"), when the scale has bands.
    pub band: Option<String>,
    /// Shown only with what the team did and what happens next.
    pub alarming: bool,
}

/// One answered check-in, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAnswer {
    pub id: i64,
    pub title: String,
    pub on: String,
    pub time: String,
    /// Answered by a caregiver about the patient.
    pub by_caregiver: bool,
    pub told: TeamTold,
    /// When a nurse first acknowledged what it raised.
    pub seen_on: Option<String>,
    /// Told back with the crisis wording, not in its own words.
    pub crisis: bool,
    /// (question, answer) in the order of the form; without the answer that raised crisis
    /// advice.
    pub answers: Vec<(String, String)>,
    pub scores: Vec<ScoreWords>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub trends: Vec<Trend>,
    /// The centre's fever line, in °C, drawn on the temperature chart.
    pub fever_threshold_c: f64,
    /// Newest first: one page of them (`domain::checkins::results_page`).
    pub answered: Vec<MyAnswer>,
    pub page: crate::domain::checkins::results_page::Window,
    pub centre: CentreContact,
    pub emergency_number: String,
}

/// The charts, and a page of answers from the `from`-th newest (the newest when absent).
#[server(endpoint = "results/mine")]
pub async fn my_results(from: Option<usize>) -> Result<ResultsView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.my_results(&request, from.unwrap_or(0)).await)
}
