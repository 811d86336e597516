//! The shift handover (issue 21): what the next shift must know, in one printable page. New
//! flags, messages waiting for a reply, the patients in days 0–14 after infusion with their
//! last temperature, and what changed in the timelines, since the last handover given.
use crate::{
    api::{flags::FlagRow, messages::WaitingThread, timeline::ChangeView},
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The days after infusion the handover lists.
pub const WATCHED_DAYS: i64 = 14;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchedPatient {
    pub patient_id: i64,
    pub name: String,
    /// Days since the infusion.
    pub day: i64,
    pub admitted: bool,
    pub nurse: Option<String>,
    /// The last temperature reported in the diary, in the reader's words ("38.4 °C").
    pub temperature: Option<String>,
    /// When that diary arrived, in the reader's zone.
    pub temperature_on: Option<String>,
    pub temperature_time: Option<String>,
    /// At or above the centre's fever threshold.
    pub fever: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoverChange {
    pub patient_id: i64,
    pub patient_name: String,
    pub change: ChangeView,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoverView {
    pub centre: String,
    /// Since when it lists what is new: the last handover (date, time, who gave it), or the
    /// last 24 hours when none was given yet.
    pub since_on: String,
    pub since_time: String,
    pub given_by: Option<String>,
    pub new_flags: Vec<FlagRow>,
    pub messages: Vec<WaitingThread>,
    pub watched: Vec<WatchedPatient>,
    pub changes: Vec<HandoverChange>,
}

#[server(endpoint = "desk/handover")]
pub async fn shift_handover() -> Result<HandoverView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.handover(&request).await)
}

/// Marks the handover given now: the next one lists what is new after it.
#[server(endpoint = "desk/handover-given")]
pub async fn give_handover() -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.give_handover(&request).await)
}
