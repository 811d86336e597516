//! A research download in two steps, so that a slow client holds no database connection:
//! the export is written to an unnamed temporary file (at most as many at once as
//! `download_writers` allows, well below the pool's size), then sent from that file. The
//! download's slot (`storage::download_slots`) is given back when the body ends, fails or
//! is dropped, and a client still reading when the slot's lease ends is cut off.
use crate::{
    auth::tokens,
    export::run::{self, Packaging},
    startup::AppState,
    storage::{
        audit::Entry,
        download_slots::{self, Claim},
        research_exports::StoredExport,
        Db,
    },
};
use app::domain::access::Actor;
use axum::body::{Body, Bytes};
use futures_util::Stream;
use std::{
    future::Future,
    io::SeekFrom,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};
use tokio_util::io::ReaderStream;

/// A place among the downloads in progress, given back when dropped.
pub struct DownloadSlot {
    claim: Claim,
    db: Db,
}

impl DownloadSlot {
    /// `None` when the researcher, or everyone together, has as many downloads as allowed.
    pub async fn claim(state: &AppState, researcher_id: i64) -> crate::storage::Result<Option<DownloadSlot>> {
        let holder = tokens::new_session_token();
        let claim = download_slots::claim(&state.db, researcher_id, state.config.download_caps(), &holder).await?;
        Ok(claim.map(|claim| DownloadSlot {
            claim,
            db: state.db.clone(),
        }))
    }
}

impl Drop for DownloadSlot {
    fn drop(&mut self) {
        let (db, claim) = (self.db.clone(), self.claim.clone());
        // Outside a runtime (the server shutting down) the lease frees the slot later.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = download_slots::release(&db, &claim).await {
                    tracing::warn!(%error, slot = claim.slot, "giving a download slot back failed; its lease will free it");
                }
            });
        }
    }
}

/// What to write, and who asked (for the audit entry).
pub struct Writing {
    pub export: StoredExport,
    pub packaging: Packaging,
    pub actor: Actor,
    pub client_addr: String,
}

pub struct Buffered {
    pub file: tokio::fs::File,
    pub length: u64,
}

/// Writes the export to a temporary file that has no name on disk (nothing is left behind,
/// even after a crash), and answers it rewound. `None` if it failed; the export's progress
/// then says "failed", and the error is logged.
pub async fn write_to_temporary_file(state: &AppState, writing: Writing) -> Option<Buffered> {
    let permit = state.download_writers.clone().acquire_owned().await.ok()?;
    let db = state.db.clone();
    let export_id = writing.export.id;
    let task = tokio::spawn(async move {
        let _permit = permit;
        write(&db, writing).await
    });
    match task.await {
        Ok(Ok(buffered)) => Some(buffered),
        Ok(Err(error)) => {
            tracing::error!(%error, export = export_id, "research export stopped");
            None
        }
        Err(error) => {
            tracing::error!(%error, export = export_id, "research export task failed");
            None
        }
    }
}

async fn write(db: &Db, writing: Writing) -> Result<Buffered, crate::export::ExportError> {
    let mut file = tokio::fs::File::from_std(tempfile::tempfile()?);
    let audit = Entry::new("research.export_downloaded", &writing.client_addr).by(&writing.actor);
    run::write(db, &writing.export, writing.packaging, &mut file, audit).await?;
    file.flush().await?;
    let length = file.seek(SeekFrom::End(0)).await?;
    file.seek(SeekFrom::Start(0)).await?;
    Ok(Buffered { file, length })
}

/// The response body: the file in chunks, ended with an error (so the client sees a cut-off
/// download, not a whole one) if it is still being read after `seconds`.
pub fn body(file: tokio::fs::File, slot: DownloadSlot, seconds: i64) -> Body {
    let seconds = u64::try_from(seconds).unwrap_or(1);
    Body::from_stream(Deadlined {
        chunks: ReaderStream::with_capacity(file, 64 * 1024),
        deadline: Box::pin(tokio::time::sleep(Duration::from_secs(seconds))),
        slot: Some(slot),
    })
}

struct Deadlined {
    chunks: ReaderStream<tokio::fs::File>,
    deadline: Pin<Box<tokio::time::Sleep>>,
    /// Dropped (given back) as soon as the file is sent or the time is up.
    slot: Option<DownloadSlot>,
}

impl Stream for Deadlined {
    type Item = std::io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.slot.is_none() {
            return Poll::Ready(None);
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            this.slot = None;
            return Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the download took longer than allowed",
            ))));
        }
        let next = Pin::new(&mut this.chunks).poll_next(cx);
        if matches!(next, Poll::Ready(None | Some(Err(_)))) {
            this.slot = None;
        }
        next
    }
}
