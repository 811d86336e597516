//! Manufacturing turnaround at a glance, for the centre's nurses (`domain::turnaround`):
//! per product and manufacturing model, month by month, drawn on the server.
use crate::{
    domain::turnaround::{BandChart, Model, Month},
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many months the page shows, this one included.
pub const MONTHS: u32 = 12;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductTurnaround {
    /// The product's short name (the brand).
    pub product: String,
    pub model: Model,
    /// One per month of [`TurnaroundView::months`].
    pub months: Vec<Month>,
    pub to_release: Option<BandChart>,
    pub to_infusion: Option<BandChart>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TurnaroundView {
    /// `YYYY-MM`, oldest first.
    pub months: Vec<String>,
    pub products: Vec<ProductTurnaround>,
}

#[server(endpoint = "desk/turnaround")]
pub async fn manufacturing_turnaround() -> Result<TurnaroundView, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.turnaround(&request).await)
}
