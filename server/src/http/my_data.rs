//! "Download my data": `GET /my-data/summary.pdf` and `GET /my-data/record.fhir.json`, the
//! signed-in patient's own record (`services::my_data`). Not cached anywhere (no-store, as
//! every page with health data), sent as attachments, and counted in the database: each
//! download reads the whole record, so one person gets [`PER_HOUR`] an hour.
use crate::{
    error::HttpError,
    services::{my_data, my_data_summary},
    startup::AppState,
    storage::rate_counters,
};
use app::backend::{RequestContext, RequestFacts};
use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    Extension,
};

pub const SUMMARY: &str = "/my-data/summary.pdf";
pub const FHIR: &str = "/my-data/record.fhir.json";
pub const PER_HOUR: i64 = 30;

pub async fn summary(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
) -> Result<Response, HttpError> {
    let request = counted(&state, facts).await?;
    let pdf = my_data_summary::pdf(&state.backend, &request).await?;
    Ok(attachment("application/pdf", "my-summary.pdf", pdf))
}

pub async fn fhir(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
) -> Result<Response, HttpError> {
    let request = counted(&state, facts).await?;
    let json = my_data::fhir(&state.backend, &request).await?;
    Ok(attachment(
        "application/fhir+json",
        "my-record.fhir.json",
        json.into_bytes(),
    ))
}

/// The request, once it is known to be a signed-in person's within their hourly count.
async fn counted(state: &AppState, facts: RequestFacts) -> Result<RequestContext, HttpError> {
    let user_id = facts.viewer.as_ref().ok_or(HttpError::Unauthorised)?.actor.user_id;
    let (count, window_ends) = rate_counters::count_one(&state.db, "my-data", &user_id.to_string(), 3600).await?;
    if count > PER_HOUR {
        return Err(HttpError::TooMany {
            retry_after: (window_ends - crate::storage::now()).max(1),
        });
    }
    Ok(RequestContext {
        backend: state.backend.clone(),
        facts,
    })
}

fn attachment(kind: &'static str, filename: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CONTENT_LENGTH, body.len().to_string()),
        ],
        body,
    )
        .into_response()
}
