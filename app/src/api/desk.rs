//! The nurses' desk (issue 21): snoozing a silence, giving flags and patients to a nurse,
//! marking a patient admitted, and dated nursing notes. Only the nurses of the patient's
//! centre call these; the notes are theirs alone.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long a nurse may snooze a silence, in hours: at most a day, so that it comes back
/// within the watched days.
pub const SNOOZE_HOURS: [i64; 5] = [1, 2, 4, 8, 24];

/// A nurse of the centre, whom a flag or a patient can be given to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NurseOption {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: i64,
    pub author: String,
    /// When it was written, in the reader's time zone.
    pub on: String,
    pub time: String,
    pub text: String,
}

/// What the patient's page shows the centre's nurses besides the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskView {
    pub patient_id: i64,
    /// Admitted since (date and time in the reader's zone).
    pub admitted_since: Option<String>,
    pub assigned_to: Option<i64>,
    pub nurses: Vec<NurseOption>,
    /// Newest first.
    pub notes: Vec<NoteView>,
}

#[server(endpoint = "flags/snooze")]
pub async fn snooze_flag(id: i64, hours: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.snooze_flag(&request, id, hours).await)
}

/// `nurse_id` 0 gives it to nobody.
#[server(endpoint = "flags/assign")]
pub async fn assign_flag(id: i64, nurse_id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.assign_flag(&request, id, nurse_id).await)
}

#[server(endpoint = "desk/patient")]
pub async fn patient_desk(patient_id: i64) -> Result<DeskView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.patient_desk(&request, patient_id).await)
}

#[server(endpoint = "desk/admitted")]
pub async fn set_admitted(patient_id: i64, admitted: bool) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.set_admitted(&request, patient_id, admitted).await)
}

/// `nurse_id` 0 gives the patient to nobody.
#[server(endpoint = "desk/assign")]
pub async fn assign_patient(patient_id: i64, nurse_id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.assign_patient(&request, patient_id, nurse_id).await)
}

#[server(endpoint = "desk/note")]
pub async fn add_nursing_note(patient_id: i64, text: String) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.add_nursing_note(&request, patient_id, text).await)
}

/// One patient on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskRow {
    pub patient_id: i64,
    pub name: String,
    pub order_reference: Option<String>,
    /// The product's short name (the brand).
    pub product_name: Option<String>,
    pub stage: Option<crate::domain::timeline::Stage>,
    pub next_kind: Option<crate::domain::timeline::MilestoneKind>,
    pub next_key: Option<String>,
    pub next_on: Option<String>,
    pub late: bool,
    pub delayed: bool,
    pub conflict: bool,
    pub nurse: Option<String>,
    pub admitted: bool,
    pub open_flags: i64,
    pub worst_flag: Option<crate::domain::triage::Level>,
    pub missed: i64,
}

/// A page of the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardPage {
    pub rows: Vec<DeskRow>,
    /// Rows on every page together.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

#[server(endpoint = "desk/board")]
pub async fn desk_board(query: crate::domain::desk_board::BoardQuery) -> Result<BoardPage, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.desk_board(&request, query).await)
}
