//! Practical help (`domain::practical_help`): each centre's texts for patients who come from
//! far, kept by admins, and where the patient stays, which sets their emergency number.
use crate::{api::CentreContact, domain::practical_help::Topic, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpTopic {
    pub topic: Topic,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpView {
    pub patient_id: i64,
    pub centre: CentreContact,
    pub centre_country: String,
    /// In the order of [`Topic::ALL`]; topics with no text are left out.
    pub topics: Vec<HelpTopic>,
    /// Where the patient stays, when it is not the centre's country.
    pub staying_country: Option<String>,
    /// The number to call where the patient stays.
    pub emergency_number: String,
}

/// A centre's practical help as its admins edit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentreHelp {
    pub centre_id: i64,
    pub name: String,
    /// The language its staff read: the alert card's second language.
    pub language: String,
    /// Every topic, in the order of [`Topic::ALL`], empty where nothing is written.
    pub topics: Vec<HelpTopic>,
    /// The reply time the centre promises to messages, in hours ("Ask the team").
    pub reply_hours: i64,
}

#[server(endpoint = "help/read")]
pub async fn practical_help(patient_id: i64) -> Result<HelpView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.practical_help(&request, patient_id).await)
}

/// The patient (or their caregiver) says which country they stay in; empty or the centre's
/// own country means the centre's.
#[server(endpoint = "help/stay")]
pub async fn set_stay(patient_id: i64, country: String) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.set_stay(&request, patient_id, country).await)
}

#[server(endpoint = "help/centres")]
pub async fn centres_help() -> Result<Vec<CentreHelp>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.centres_help(&request).await)
}

#[server(endpoint = "help/save")]
pub async fn save_centre_help(
    centre_id: i64,
    language: String,
    lodging: String,
    travel: String,
    parking: String,
    packing: String,
) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    let texts = [lodging, travel, parking, packing];
    let form = Topic::ALL
        .into_iter()
        .zip(texts)
        .map(|(topic, text)| HelpTopic { topic, text })
        .collect();
    crate::backend::answer(
        request
            .backend
            .save_centre_help(&request, centre_id, language, form)
            .await,
    )
}
