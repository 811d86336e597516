//! Admin views of the journeys catalogue and of the manufacturing integrations.
use crate::{domain::timeline::MilestoneKind, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueView {
    pub templates: Vec<TemplateView>,
    pub products: Vec<(String, String, String)>,
    pub rules: Vec<RuleView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub steps: Vec<StepView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub key: String,
    pub kind: MilestoneKind,
    pub after: Option<(MilestoneKind, String)>,
    /// Days from `after`; `None` when a country rule sets it.
    pub days: Option<i32>,
    pub rule: Option<String>,
    pub optional: bool,
    pub time: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub name: String,
    pub countries: Vec<String>,
    pub products: Vec<String>,
    pub stay_near_centre_days: i32,
    pub stay_within_hours: Option<u8>,
    pub driving_restriction_days: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationView {
    pub id: i64,
    pub name: String,
    pub created_on: String,
    pub revoked: bool,
    /// Names of the products it may report on.
    pub products: Vec<String>,
    /// The one centre it may report on, if it is limited to one.
    pub centre: Option<String>,
}

/// As typed into the admin's form: a name, the products ticked, and a centre or none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationForm {
    pub name: String,
    /// Product ids, keyed by their place in the list (`form[products][3]=axi-cel`).
    #[serde(default)]
    pub products: Vec<String>,
    /// A centre's id, or empty for every centre.
    #[serde(default)]
    pub centre: String,
}

/// The secret, shown once to the admin who created it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedSecret {
    pub name: String,
    pub secret: String,
}

#[server(endpoint = "admin/journeys")]
pub async fn journeys_catalogue() -> Result<CatalogueView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.journeys_catalogue(&request).await)
}

#[server(endpoint = "admin/integrations/list")]
pub async fn list_integrations() -> Result<Vec<IntegrationView>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.list_integrations(&request).await)
}

#[server(endpoint = "admin/integrations/create")]
pub async fn create_integration(form: IntegrationForm) -> Result<IssuedSecret, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.create_integration(&request, form).await)
}

#[server(endpoint = "admin/integrations/revoke")]
pub async fn revoke_integration(id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.revoke_integration(&request, id).await)
}
