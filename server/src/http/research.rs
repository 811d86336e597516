//! Downloads of a researcher's export: the whole zip, or one file. The export is written to
//! a temporary file first, so that no database connection waits on a slow client, and then
//! sent from that file (`research_download.rs`). Downloads in progress are capped, in total
//! and per researcher, in the database: one over the cap is refused at once with 429.
use super::research_download::{self, Buffered, DownloadSlot};
use crate::{
    export::{
        files::File,
        run::{request_of, still_open, Packaging},
        ExportError,
    },
    services::research::{own_export, refusal, researcher},
    startup::AppState,
};
use app::{
    backend::{RequestContext, RequestFacts},
    error::AppError,
};
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

pub const ZIP: &str = "/research/exports/{token}/export.zip";
pub const FILE: &str = "/research/exports/{token}/files/{name}";

/// Seconds a refused download is told to wait before trying again.
const RETRY_AFTER_SECONDS: &str = "30";

/// Why a download did not start: the one place these become HTTP answers.
enum Refused {
    App(AppError),
    /// Too many downloads in progress (the researcher's own, or everyone's).
    Busy,
    /// The export could not be written; the progress page says "failed".
    Failed,
    /// A patient in it withdrew consent after it was made.
    Withdrawn,
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Self {
        Refused::App(error)
    }
}

impl From<crate::storage::StorageError> for Refused {
    fn from(error: crate::storage::StorageError) -> Self {
        Refused::App(error.into())
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::App(error) => {
                let status = match error {
                    AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
                    AppError::Forbidden | AppError::SecondStepNeeded => StatusCode::FORBIDDEN,
                    AppError::NotFound => StatusCode::NOT_FOUND,
                    _ => StatusCode::SERVICE_UNAVAILABLE,
                };
                (status, error.to_string()).into_response()
            }
            Refused::Busy => (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, RETRY_AFTER_SECONDS)],
                "Too many downloads are in progress. Try again in a minute.",
            )
                .into_response(),
            Refused::Withdrawn => (
                StatusCode::GONE,
                "A patient in this export has withdrawn consent, so it is closed. Make a new export.",
            )
                .into_response(),
            Refused::Failed => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "This export could not be written. Its page says so; make a new one.",
            )
                .into_response(),
        }
    }
}

pub async fn zip(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Path(token): Path<String>,
) -> Response {
    download(state, facts, token, None)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

pub async fn file(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Path((token, name)): Path<(String, String)>,
) -> Response {
    download(state, facts, token, Some(name))
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

fn content_type(file: Option<File>) -> &'static str {
    match file {
        None => "application/zip",
        Some(File::Responses) => "application/fhir+ndjson",
        Some(File::Codebook | File::Manifest) => "application/json",
        // Syntax to read, never a page to render (`nosniff` is sent with every answer).
        Some(File::Labels(_)) => "text/plain; charset=utf-8",
        Some(File::Patients | File::Csv(_) | File::Wide | File::Redcap(_)) => "text/csv; charset=utf-8; header=present",
    }
}

async fn download(
    state: AppState,
    facts: RequestFacts,
    token: String,
    name: Option<String>,
) -> Result<Response, Refused> {
    let request = RequestContext {
        backend: state.backend.clone(),
        facts,
    };
    let actor = researcher(&request)?.clone();
    let export = own_export(&state.backend, &actor, &token).await?;
    match still_open(&state.db, &export).await {
        Err(ExportError::Withdrawn) => return Err(Refused::Withdrawn),
        other => other.map_err(refusal)?,
    }
    let files = File::all_of(&request_of(&export).map_err(refusal)?);
    let (packaging, file) = match name {
        None => (Packaging::Zip, None),
        Some(name) => {
            let file = files.into_iter().find(|f| f.name() == name).ok_or(AppError::NotFound)?;
            (Packaging::Single(file), Some(file))
        }
    };
    let slot = DownloadSlot::claim(&state, actor.user_id).await?.ok_or(Refused::Busy)?;
    let writing = research_download::Writing {
        export,
        packaging,
        actor,
        client_addr: request.facts.client_addr.clone(),
    };
    let Buffered { file: written, length } = research_download::write_to_temporary_file(&state, writing)
        .await
        .ok_or(Refused::Failed)?;
    let filename = file.map_or("vein-to-vein-export.zip", File::name);
    Ok((
        [
            (header::CONTENT_TYPE, content_type(file).to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CONTENT_LENGTH, length.to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        research_download::body(written, slot, state.config.download_caps().lease_seconds),
    )
        .into_response())
}
