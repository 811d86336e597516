//! `GET /calendar/{token}/visits.ics`: a person's calendar feed, read by their calendar app
//! without a session (`services::calendar_feeds`). The token is the only key: it is never
//! logged, the answer is never stored by caches (`asset_caching`: no-store), and a wrong or
//! revoked one is a bare 404.
use crate::{error::HttpError, services::calendar_feeds, startup::AppState};
use app::backend::RequestFacts;
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
    Extension,
};

pub const PATH: &str = "/calendar/{token}/visits.ics";

pub async fn feed(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Path(token): Path<String>,
) -> Result<Response, HttpError> {
    let text = calendar_feeds::read(&state.backend, &token, &facts.client_addr).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "inline; filename=\"visits.ics\""),
        ],
        text,
    )
        .into_response())
}
