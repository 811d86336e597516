//! The researcher's export page: what can be chosen, making an export, following its
//! download. The files themselves are streamed by plain HTTP routes (see the server).
use crate::{domain::research::ExportForm, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the export form offers: the researcher's own approved projects.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResearchOptions {
    /// The smallest group any export releases.
    pub k: usize,
    pub projects: Vec<ProjectView>,
}

/// What an export says of its cohort: a rounded count, and how recent its data is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSummary {
    pub k: usize,
    /// Patients in the export, rounded to 5.
    pub patients: usize,
    /// The last month whose data is in the export, `2026-11`.
    pub through_month: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportCreated {
    /// Names the export in its download links; only its maker can use it.
    pub token: String,
    pub files: Vec<String>,
    pub summary: ExportSummary,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportProgress {
    /// ready, running, complete, failed or expired.
    pub state: String,
    pub records_done: i64,
    pub records_total: i64,
}

/// The download links of an export.
pub fn zip_url(token: &str) -> String {
    format!("/research/exports/{token}/export.zip")
}

pub fn file_url(token: &str, file: &str) -> String {
    format!("/research/exports/{token}/files/{file}")
}

#[server(endpoint = "research/options")]
pub async fn get_research_options() -> Result<ResearchOptions, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.research_options(&request).await)
}

#[server(endpoint = "research/export")]
pub async fn create_export(form: ExportForm) -> Result<ExportCreated, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.create_export(&request, form).await)
}

#[server(endpoint = "research/progress")]
pub async fn get_export_progress(token: String) -> Result<ExportProgress, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.export_progress(&request, token).await)
}

/// An approved study project, as the steward and its researchers read it. Counts are rounded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectView {
    pub id: i64,
    pub name: String,
    /// Product ids; empty for all.
    pub products: Vec<String>,
    /// Infusion quarters, `2026-Q1`; empty for no bound.
    pub from_quarter: String,
    pub to_quarter: String,
    pub datasets: Vec<String>,
    pub ethics_ref: String,
    pub dua_ref: String,
    pub expires_on: String,
    /// Patients in the frozen cohort, rounded to 5.
    pub patients: usize,
    pub k: usize,
    pub researchers: Vec<i64>,
    /// The privacy budget of open aggregates (epsilon) and how much is spent, in thousandths.
    pub epsilon_budget: u32,
    pub epsilon_spent: u32,
}

/// What the steward's form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectChoices {
    pub k: usize,
    pub centre_allowed: bool,
    /// (id, name)
    pub products: Vec<(String, String)>,
    pub centres: Vec<(i64, String)>,
    /// Active researcher accounts: (id, "name (email)").
    pub researchers: Vec<(i64, String)>,
}

#[server(endpoint = "research/projects/options")]
pub async fn project_options() -> Result<ProjectChoices, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.project_options(&request).await)
}

/// The data steward (an admin) approves a project; its cohort is frozen at once.
#[server(endpoint = "research/projects/approve")]
pub async fn approve_project(form: crate::domain::research::project::ProjectForm) -> Result<ProjectView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.approve_research_project(&request, form).await)
}

/// Every approved project for the steward; a researcher's own for a researcher.
#[server(endpoint = "research/projects")]
pub async fn research_projects() -> Result<Vec<ProjectView>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.research_projects(&request).await)
}

/// Whether a patient's data may be used for research, as last recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentView {
    pub patient_id: i64,
    pub given: bool,
    /// Never asked (no event yet): counts as no.
    pub never_recorded: bool,
    /// `paper` or `app`.
    pub via: Option<String>,
    /// The day the paper form was signed.
    pub signed_on: Option<String>,
    /// The day it was recorded (UTC).
    pub recorded_on: Option<String>,
    /// Nurses record paper consent (with the day signed); patients decide in the app.
    pub as_nurse: bool,
}

/// `patient_id`: none for the signed-in patient themself.
#[server(endpoint = "research/consent")]
pub async fn get_research_consent(patient_id: Option<i64>) -> Result<ConsentView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.research_consent(&request, patient_id).await)
}

#[server(endpoint = "research/consent/set")]
pub async fn set_research_consent(
    patient_id: Option<i64>,
    given: bool,
    #[server(default)] signed_on: String,
) -> Result<ConsentView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(
        request
            .backend
            .set_research_consent(&request, patient_id, given, signed_on)
            .await,
    )
}
