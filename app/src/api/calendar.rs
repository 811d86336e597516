//! A person's private calendar feed of the visits (`domain::timeline::calendar_feed`): its
//! address, shown in settings to copy into a calendar app, made anew and revoked there.
//! Patients have one of their own; caregivers one per patient they look after.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeedRow {
    pub patient_id: i64,
    /// For a caregiver, whose visits these are; a patient's own row has none.
    pub patient_name: Option<String>,
    /// The secret address, when the feed has been made (and not revoked).
    pub address: Option<String>,
    /// Titles name each step ("CAR-T infusion") rather than "Hospital visit".
    pub detailed: bool,
}

#[server(endpoint = "calendar/feeds")]
pub async fn calendar_feeds() -> Result<Vec<CalendarFeedRow>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.calendar_feeds(&request).await)
}

/// A new address (the old one stops working). `detailed` is "1" when the titles may name
/// each step. A plain form: back to settings, saying so.
#[server(endpoint = "calendar/make")]
pub async fn make_calendar_feed(patient_id: i64, detailed: Option<String>) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    let detailed = detailed.as_deref() == Some("1");
    let result = crate::backend::answer(request.backend.make_calendar_feed(&request, patient_id, detailed).await);
    if result.is_ok() {
        leptos_axum::redirect(&format!(
            "/settings?{}#calendar",
            crate::feedback::Feedback::CalendarMade.query()
        ));
    }
    result
}

#[server(endpoint = "calendar/revoke")]
pub async fn revoke_calendar_feed(patient_id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    let result = crate::backend::answer(request.backend.revoke_calendar_feed(&request, patient_id).await);
    if result.is_ok() {
        leptos_axum::redirect(&format!(
            "/settings?{}#calendar",
            crate::feedback::Feedback::CalendarRevoked.query()
        ));
    }
    result
}
