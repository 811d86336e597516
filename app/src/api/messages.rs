//! "Ask the team" (`domain::team_messages`): a patient's thread with the care team. The
//! patient and their caregivers write; the centre's nurses reply from the patient's page and
//! see on their home page what has waited, and what waited past the centre's promise.
use crate::{api::CentreContact, domain::triage::Advice, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMessage {
    pub id: i64,
    pub text: String,
    /// Who wrote it, by the name they are known by here.
    pub author: String,
    pub from_team: bool,
    /// The reader wrote it.
    pub mine: bool,
    /// When, in the reader's time zone.
    pub on: String,
    pub time: String,
    /// The red-flag advice its writer saw and sent it past.
    pub advice: Option<Advice>,
    /// A patient's message the team has not replied to yet.
    pub waiting: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageThread {
    pub patient_id: i64,
    pub centre: CentreContact,
    /// The number to call where the patient stays.
    pub emergency_number: String,
    /// The reply time the centre promises, in hours.
    pub reply_hours: i64,
    /// Oldest first: the latest [`SHOWN`] of them.
    pub messages: Vec<TeamMessage>,
    /// The patient and their caregivers write; the centre's nurses reply.
    pub can_write: bool,
    pub can_reply: bool,
    /// How long the oldest waiting message has waited, in hours, and whether that is past
    /// the promise.
    pub waited_hours: Option<i64>,
    pub overdue: bool,
}

/// How many messages a thread shows: the latest.
pub const SHOWN: i64 = 100;

/// What became of a message: sent, or held back until its writer has seen this advice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageOutcome {
    pub sent: bool,
    pub advice: Option<Advice>,
}

/// A patient's thread waiting for the team, for the nurses' home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingThread {
    pub patient_id: i64,
    pub patient_name: String,
    /// Messages waiting, and since when (the oldest), in the reader's time zone.
    pub count: i64,
    pub since_on: String,
    pub since_time: String,
    pub waited_hours: i64,
    pub reply_hours: i64,
    pub overdue: bool,
    /// The worst red-flag advice any waiting message was sent past.
    pub advice: Option<Advice>,
}

#[server(endpoint = "messages/thread")]
pub async fn team_thread(patient_id: i64) -> Result<MessageThread, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.team_thread(&request, patient_id).await)
}

/// The patient or a caregiver writes to the team. A message that reads like a red flag is
/// sent only `confirmed`, once its writer has seen the advice; otherwise it comes back with
/// the advice, unsent.
#[server(endpoint = "messages/send")]
pub async fn send_message(patient_id: i64, text: String, confirmed: bool) -> Result<MessageOutcome, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(
        request
            .backend
            .send_message(&request, patient_id, text, confirmed)
            .await,
    )
}

/// A nurse of the centre replies; the patient and their caregivers are told by push and in
/// their inbox. It answers the messages up to `seen_up_to`, the last the nurse saw: one sent
/// meanwhile still waits.
#[server(endpoint = "messages/reply")]
pub async fn reply_to_patient(patient_id: i64, text: String, seen_up_to: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(
        request
            .backend
            .reply_to_patient(&request, patient_id, text, seen_up_to)
            .await,
    )
}

/// The nurse's centre's threads waiting for a reply: the red flags first, then the oldest.
#[server(endpoint = "messages/waiting")]
pub async fn waiting_messages() -> Result<Vec<WaitingThread>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.waiting_messages(&request).await)
}

/// An admin sets the reply time a centre promises, in hours.
#[server(endpoint = "messages/reply-time")]
pub async fn set_reply_hours(centre_id: i64, hours: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.set_reply_hours(&request, centre_id, hours).await)
}
