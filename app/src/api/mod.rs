//! What the pages ask the server for. Types are shared with the browser; the bodies of
//! the server functions run on the server only and delegate to the `Backend`.
pub mod accounts;
pub mod calendar;
pub mod checkins;
pub mod desk;
pub mod flags;
pub mod handover;
pub mod help;
pub mod hospital;
pub mod inbox;
pub mod instruments;
pub mod journeys;
pub mod messages;
pub mod offline;
pub mod passkeys;
pub mod push;
pub mod questions;
pub mod research;
pub mod results;
pub mod second_factor;
pub mod timeline;
pub mod turnaround;

use crate::{domain::role::Role, error::AppError, i18n::Locale};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub demo: bool,
    /// Passkeys are offered (`public/passkey.js` still checks that the browser can use them).
    pub passkeys: bool,
    /// Staff may sign in through the hospital's OpenID provider.
    #[serde(default)]
    pub sso: bool,
    pub locale: Locale,
    pub viewer: Option<ViewerSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewerSummary {
    pub display_name: String,
    pub role: Role,
    /// The account's number: the phone's store (public/offline.js) forgets a plan that is
    /// not this account's without asking the server.
    pub account: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentreContact {
    pub name: String,
    pub hotline: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatientSummary {
    pub id: i64,
    pub name: String,
    pub enrolled_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub centre: Option<String>,
    pub deactivated: bool,
    /// Waits for a second person to confirm it.
    pub awaiting: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HomeView {
    Patient {
        patient_id: i64,
        timeline: Box<timeline::TimelineView>,
        caregivers: Vec<accounts::CaregiverRow>,
        checkins: Vec<checkins::CheckinDue>,
    },
    Caregiver {
        /// Patient id, name and centre of each linked patient, and the check-ins due: the
        /// patient's own (answered on their behalf), what the caregiver observes, and the
        /// caregiver's own wellbeing.
        patients: Vec<(i64, String, CentreContact, Vec<checkins::CheckinDue>)>,
    },
    /// The board itself is read a page at a time (`desk::desk_board`).
    Nurse {
        centre: String,
    },
    Researcher,
    Admin {
        accounts: Vec<AccountRow>,
        /// Break-glass sign-ins of the last 30 days: when (UTC) and whose account.
        #[serde(default)]
        break_glass: Vec<(String, String)>,
    },
}

#[server(endpoint = "home")]
pub async fn get_home() -> Result<HomeView, AppError> {
    let request = crate::backend::request_context()?;
    let result = crate::backend::answer(request.backend.home(&request).await);
    if result == Err(AppError::NotSignedIn) {
        leptos_axum::redirect("/login?error=ended");
    }
    result
}
