//! Push reminders on this person's devices: the server's public key to subscribe with, the
//! devices subscribed, and (for admins) rotating the key.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a browser's `PushSubscription` holds, and a name for the device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSubscription {
    pub endpoint: String,
    /// base64url, as `getKey('p256dh')` and `getKey('auth')` give them.
    pub p256dh: String,
    pub auth: String,
    /// Shown in the settings ("Firefox on Android").
    pub device: String,
    /// The server key the browser subscribed with (`options.applicationServerKey`,
    /// base64url). Another instance may have rotated the key between the page asking for it
    /// and this subscription: the device is stored with the key it really holds. Absent from
    /// older pages: the key in use then.
    #[serde(default)]
    pub application_server_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRow {
    pub id: i64,
    pub device: String,
    pub added_on: String,
    /// When a reminder last reached it.
    pub last_reached_on: Option<String>,
}

/// The key a browser subscribes with (`applicationServerKey`, base64url).
#[server(endpoint = "push/key")]
pub async fn push_public_key() -> Result<String, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.push_public_key(&request).await)
}

/// Adds this device (or updates it: one row per push endpoint).
#[server(endpoint = "push/subscribe")]
pub async fn subscribe_device(subscription: DeviceSubscription) -> Result<DeviceRow, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.subscribe_device(&request, subscription).await)
}

#[server(endpoint = "push/devices")]
pub async fn list_devices() -> Result<Vec<DeviceRow>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.list_devices(&request).await)
}

#[server(endpoint = "push/remove")]
pub async fn remove_device(id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.remove_device(&request, id).await)
}

/// Admins: a new key pair. Devices subscribed with the old one keep working with it until
/// they subscribe again (the page does that when it sees the key changed).
#[server(endpoint = "push/rotate")]
pub async fn rotate_push_key() -> Result<String, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.rotate_push_key(&request).await)
}

/// What a person hears about, and when not to be disturbed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSettings {
    /// Each kind, and whether it is on. Urgent alerts are always on.
    pub kinds: Vec<(String, bool)>,
    /// Local times like "22:00".
    pub quiet_from: String,
    pub quiet_until: String,
    /// Whether the lock screen may show what a reminder is about (off: a discreet line).
    pub lock_screen_detail: bool,
}

#[server(endpoint = "reminders/settings")]
pub async fn read_reminder_settings() -> Result<ReminderSettings, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.reminder_settings(&request).await)
}

/// Saves the kinds switched off and the quiet hours; the person's pending reminders follow
/// at once.
#[server(endpoint = "reminders/save")]
pub async fn save_reminder_settings(
    off: Option<Vec<String>>,
    quiet_from: String,
    quiet_until: String,
) -> Result<ReminderSettings, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(
        request
            .backend
            .save_reminder_settings(&request, off.unwrap_or_default(), quiet_from, quiet_until)
            .await,
    )
}

/// Whether the person's notifications may say on the lock screen what a reminder is about
/// (off by default: "You have a new reminder"). Answers the choice as saved.
#[server(endpoint = "reminders/lock-screen")]
pub async fn save_lock_screen(detail: bool) -> Result<bool, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.save_lock_screen(&request, detail).await)
}

/// For nurses: one reminder sent (or to be sent) to the patient or a caregiver, and how
/// delivery went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentReminder {
    pub title: String,
    /// "patient" or "caregiver".
    pub to: String,
    pub on: String,
    pub time: String,
    /// pending, sending, sent, failed or cancelled.
    pub state: String,
    pub attempts: i64,
    /// The last push service answer that went wrong, if any ("410 gone").
    pub last_problem: Option<String>,
}

/// The patient's reminders around now: the last 50 that came and the next 10, for their
/// nurses. Audit-logged.
#[server(endpoint = "reminders/patient")]
pub async fn patient_reminders(patient_id: i64) -> Result<Vec<SentReminder>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.patient_reminders(&request, patient_id).await)
}
