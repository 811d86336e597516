//! The treatment timeline: what the patient, their caregivers and the nurse read, and the
//! nurse's changes. Dates are ISO local dates at the centre; times are already in the
//! reader's time zone, so the server-rendered and the hydrated page show the same text.
use super::CentreContact;
use crate::{
    domain::timeline::{
        delay_reason::DelayReason, DayCounter, EventKind, Explanation, MilestoneKind, MilestoneStatus, Source, Stage,
        TreatmentStatus,
    },
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineView {
    pub patient_id: i64,
    pub patient_name: String,
    pub centre: CentreContact,
    /// The language the centre's staff read (`nl`): the alert card's second language.
    pub centre_language: String,
    /// The number to call in an emergency where the patient stays.
    pub emergency_number: String,
    /// The reader's time zone, in which `time` fields are given.
    pub time_zone: String,
    pub today: String,
    pub treatment: Option<TreatmentView>,
    /// Nurses of the centre may change the timeline.
    pub can_edit: bool,
    /// For nurses: what they may start a treatment with.
    pub products: Vec<ProductOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductOption {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentView {
    pub product_name: String,
    /// Staff only: the chain-of-identity reference.
    pub order_reference: Option<String>,
    pub status: TreatmentStatus,
    pub version: i64,
    pub stage: Stage,
    pub day: DayCounter,
    pub milestones: Vec<MilestoneView>,
    pub next: Option<String>,
    pub here: Option<String>,
    pub waiting: Option<WaitingView>,
    pub notice: Option<NoticeView>,
    pub conflicts: Vec<ConflictView>,
    pub stay_within_hours: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneView {
    pub key: String,
    pub kind: MilestoneKind,
    pub status: MilestoneStatus,
    pub date: String,
    /// "10:00 CET", in the reader's zone, when the step has an hour.
    pub time: Option<String>,
    pub late: bool,
    pub source: Option<Source>,
    pub explanation: Option<Explanation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingView {
    pub at: MilestoneKind,
    pub expected_release: String,
    pub delayed: bool,
    /// How long cells for this product took to come back at this centre over the last 12
    /// months, when 10 treatments or more say so; else the product's published figure.
    pub wait: crate::domain::timeline::wait_range::WaitEstimate,
    /// Delayed: why, when the delay said, and how long past delays for that reason lasted
    /// at this centre over the last 12 months, when 10 or more say so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_reason: Option<DelayReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub past_delays: Option<crate::domain::timeline::wait_range::DayRange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub key: String,
    pub kind: MilestoneKind,
    pub from: String,
    pub to: String,
    pub reason: String,
    /// A manufacturing site's report, said in the reader's language instead of a reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventKind>,
    /// A delay's coded reason, said in the reader's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_reason: Option<DelayReason>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    pub earlier: MilestoneKind,
    pub earlier_date: String,
    pub later: MilestoneKind,
    pub later_date: String,
}

/// One row of the nurse's list. A centre's list can hold thousands, and the page carries it
/// twice (as HTML and as hydration data), so empty fields are left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRow {
    pub patient_id: i64,
    pub name: String,
    /// The product's short name (the brand, without the international name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_kind: Option<MilestoneKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_on: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub delayed: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub conflict: bool,
}

/// As typed into the nurse's start-treatment form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentForm {
    pub product_id: String,
    pub order_reference: String,
    /// The first step's date (usually the referral), YYYY-MM-DD.
    pub start_on: String,
}

/// As typed into the nurse's timeline editor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeForm {
    pub milestone: String,
    /// set, confirm, delay, done, cancel or remanufacture.
    pub action: String,
    pub date: String,
    pub reason: String,
    /// A delay's coded reason (`domain::timeline::delay_reason`); empty for none.
    #[serde(default)]
    pub delay_reason: String,
    /// The version the nurse was looking at.
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveView {
    pub kind: MilestoneKind,
    pub key: String,
    pub from: String,
    pub to: String,
    pub from_status: MilestoneStatus,
    pub to_status: MilestoneStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePreview {
    pub moves: Vec<MoveView>,
    pub conflicts: Vec<ConflictView>,
    pub notice: Option<NoticeView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    /// When, in the reader's zone: the date (YYYY-MM-DD) and the time (HH:MM).
    pub on: String,
    pub time: String,
    pub source: Source,
    pub by: String,
    /// set, confirm, delay, done, cancel, remanufacture, close:<status>, or a manufacturing
    /// event's kind.
    pub action: String,
    pub milestone: Option<MilestoneKind>,
    pub milestone_key: Option<String>,
    /// The nurse's own words (empty for a manufacturing site's report: see `event`).
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_reason: Option<DelayReason>,
    pub moves: Vec<MoveView>,
}

/// The zone the signed-in person reads times in (their own, or else their centre's).
#[server(endpoint = "account/time-zone")]
pub async fn my_time_zone() -> Result<String, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.time_zone(&request, None).await)
}

/// Sets it; empty means the centre's. Answers the zone now in use.
#[server(endpoint = "account/time-zone/set")]
pub async fn set_time_zone(time_zone: String) -> Result<String, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.time_zone(&request, Some(time_zone)).await)
}

#[server(endpoint = "timeline/read")]
pub async fn read_timeline(patient_id: i64) -> Result<TimelineView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.read_timeline(&request, patient_id).await)
}

#[server(endpoint = "timeline/board")]
pub async fn nurse_board() -> Result<Vec<BoardRow>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.nurse_board(&request).await)
}

#[server(endpoint = "timeline/start")]
pub async fn start_treatment(patient_id: i64, form: TreatmentForm) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.start_treatment(&request, patient_id, form).await)
}

#[server(endpoint = "timeline/preview")]
pub async fn preview_change(patient_id: i64, form: ChangeForm) -> Result<ChangePreview, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.change_timeline(&request, patient_id, form, false).await)
}

#[server(endpoint = "timeline/change")]
pub async fn save_change(patient_id: i64, form: ChangeForm) -> Result<ChangePreview, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.change_timeline(&request, patient_id, form, true).await)
}

#[server(endpoint = "timeline/history")]
pub async fn timeline_history(patient_id: i64) -> Result<Vec<ChangeView>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.timeline_history(&request, patient_id).await)
}

#[server(endpoint = "timeline/close")]
pub async fn close_treatment(patient_id: i64, status: String, reason: String) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(
        request
            .backend
            .close_treatment(&request, patient_id, status, reason)
            .await,
    )
}
