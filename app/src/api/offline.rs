//! "Keep my plan on this phone": what a patient's or caregiver's phone keeps for use without
//! signal, encrypted on the phone (public/offline-store.js), and draws on `/offline`. Never
//! for staff. The phone refreshes it at each page opened online and forgets it after 7 days
//! without a refresh, or when another account signs in.
use crate::{
    api::{checkins::CheckinDue, timeline::TimelineView},
    domain::{
        checkins::{Questionnaire, Score},
        triage::TriageRules,
    },
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long a phone keeps a plan it could not refresh.
pub const PLAN_KEPT_DAYS: u32 = 7;
/// How far ahead the plan holds the check-ins due.
pub const CHECKINS_AHEAD_HOURS: i64 = 48;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfflinePlan {
    /// The account it belongs to: the phone keeps one account's plan.
    pub owner: i64,
    /// When the server made it, in the reader's time zone ("2026-12-03 16:20"), for
    /// "updated at …".
    pub updated_at: String,
    /// The language it was made in, for the pages drawn from it.
    pub locale: String,
    /// One for a patient; one per patient cared for, for a caregiver.
    pub patients: Vec<PatientPlan>,
    /// The triage rules in force, so that offline advice is the server's advice.
    pub rules: TriageRules,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatientPlan {
    /// The timeline with each step's explanation, the centre and its hotline (the alert card
    /// is drawn from it).
    pub timeline: TimelineView,
    pub emergency_number: String,
    pub fever_threshold_c: Option<f64>,
    /// Open, overdue, or due within the next 48 hours.
    pub checkins: Vec<PlannedCheckin>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedCheckin {
    pub due: CheckinDue,
    pub questionnaire: Questionnaire,
    /// This respondent's last scores on it, which some rules compare with.
    pub previous: Vec<Score>,
}

/// The plan of the one signed in, for their phone. Refused to staff.
#[server(endpoint = "offline/plan")]
pub async fn phone_plan() -> Result<OfflinePlan, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.offline_plan(&request).await)
}
