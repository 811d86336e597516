//! Downloads of a researcher's export: the whole zip, or one file, streamed from database
//! cursors as they are written. A failure halfway aborts the response instead of ending it,
//! so no client takes a cut-off file for a whole one (and a zip without its end is unreadable).
use crate::{
    export::{
        files::File,
        run::{self, request_of, Packaging, Sink},
    },
    services::research::{own_export, refusal, researcher},
    startup::AppState,
    storage::audit::Entry,
};
use app::{
    backend::{RequestContext, RequestFacts},
    error::AppError,
};
use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use tokio::sync::mpsc;

pub const ZIP: &str = "/research/exports/{token}/export.zip";
pub const FILE: &str = "/research/exports/{token}/files/{name}";

type Chunk = Result<Bytes, std::io::Error>;

/// Hands each chunk to the response body; a closed body means the download was cancelled.
struct ChannelSink(mpsc::Sender<Chunk>);

#[async_trait::async_trait]
impl Sink for ChannelSink {
    async fn send(&mut self, bytes: Vec<u8>) -> std::io::Result<()> {
        self.0
            .send(Ok(Bytes::from(bytes)))
            .await
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was cancelled"))
    }
}

fn refused(error: AppError) -> Response {
    let status = match error {
        AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    };
    (status, error.to_string()).into_response()
}

pub async fn zip(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Path(token): Path<String>,
) -> Response {
    download(state, facts, token, None).await.unwrap_or_else(refused)
}

pub async fn file(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Path((token, name)): Path<(String, String)>,
) -> Response {
    download(state, facts, token, Some(name)).await.unwrap_or_else(refused)
}

fn content_type(file: Option<File>) -> &'static str {
    match file {
        None => "application/zip",
        Some(File::Responses) => "application/fhir+ndjson",
        Some(File::Codebook | File::Manifest) => "application/json",
        Some(_) => "text/csv; charset=utf-8; header=present",
    }
}

async fn download(
    state: AppState,
    facts: RequestFacts,
    token: String,
    name: Option<String>,
) -> Result<Response, AppError> {
    let request = RequestContext {
        backend: state.backend.clone(),
        facts,
    };
    let actor = researcher(&request)?.clone();
    let export = own_export(&state.backend, &actor, &token).await?;
    if export.export_key.is_none() || export.expires_at <= crate::storage::now() {
        return Err(AppError::NotFound);
    }
    let files = File::all_of(&request_of(&export).map_err(refusal)?);
    let (packaging, file) = match name {
        None => (Packaging::Zip, None),
        Some(name) => {
            let file = files.into_iter().find(|f| f.name() == name).ok_or(AppError::NotFound)?;
            (Packaging::Single(file), Some(file))
        }
    };
    let (sender, receiver) = mpsc::channel::<Chunk>(4);
    let db = state.db.clone();
    let client_addr = request.facts.client_addr.clone();
    tokio::spawn(async move {
        let mut sink = ChannelSink(sender);
        let audit = Entry::new("research.export_downloaded", &client_addr).by(&actor);
        if let Err(error) = run::write(&db, &export, packaging, &mut sink, audit).await {
            tracing::error!(%error, export = export.id, "research export stopped");
            let _ = sink.0.send(Err(std::io::Error::other(error.to_string()))).await;
        }
    });
    // Ends when the writer is done (the sender is dropped), after an error if there was one.
    let chunks = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    let body = Body::from_stream(chunks);
    let filename = file.map_or("vein-to-vein-export.zip", File::name);
    Ok((
        [
            (header::CONTENT_TYPE, content_type(file).to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
