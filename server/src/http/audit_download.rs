//! `GET /admin/audit/export?from=2026-11-01&to=2026-11-30&format=ndjson|csv`: the audit log
//! of a period, for admins (`services::audit_export`). Written to a temporary file that has
//! no name on disk, then sent from it, so that a slow client holds no database connection.
//! Counted in the database: each reads a period of the log, so an admin gets [`PER_HOUR`]
//! an hour. The export is audit-logged, and its last line names the chain's head.
use crate::{
    error::HttpError,
    services::audit_export::{self, Format},
    startup::AppState,
    storage::{audit::Entry, rate_counters},
};
use app::{backend::RequestFacts, domain::role::Role};
use axum::{
    body::Body,
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
    Extension,
};
use std::io::{Seek, SeekFrom, Write};

pub const PATH: &str = "/admin/audit/export";
pub const PER_HOUR: i64 = 10;

#[derive(serde::Deserialize)]
pub struct Asked {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

pub async fn export(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    Query(asked): Query<Asked>,
) -> Result<Response, HttpError> {
    let viewer = facts.viewer.as_ref().ok_or(HttpError::Unauthorised)?;
    if viewer.actor.role != Role::Admin || viewer.second_step_missing {
        return Err(HttpError::Forbidden);
    }
    let (period, format) = read(&asked).map_err(HttpError::BadRequest)?;
    let (count, window_ends) =
        rate_counters::count_one(&state.db, "audit-export", &viewer.actor.user_id.to_string(), 3600).await?;
    if count > PER_HOUR {
        return Err(HttpError::TooMany {
            retry_after: (window_ends - crate::storage::now()).max(1),
        });
    }
    let unexpected = |e: std::io::Error| HttpError::Unexpected(e.into());
    let mut file = tempfile::tempfile().map_err(unexpected)?;
    let who = Entry::new(audit_export::EXPORTED, &facts.client_addr).by(&viewer.actor);
    {
        let mut buffered = std::io::BufWriter::new(&mut file);
        audit_export::write(&state.db, period, format, who, &mut buffered)
            .await
            .map_err(|e| HttpError::Unexpected(e.into()))?;
        buffered.flush().map_err(unexpected)?;
    }
    let length = file.seek(SeekFrom::End(0)).map_err(unexpected)?;
    file.seek(SeekFrom::Start(0)).map_err(unexpected)?;
    let (kind, extension) = match format {
        Format::Ndjson => ("application/fhir+ndjson", "ndjson"),
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    // Named from the parsed period, not the text asked.
    let day = |at: i64| {
        chrono::DateTime::from_timestamp(at, 0)
            .unwrap_or_default()
            .format("%Y-%m-%d")
            .to_string()
    };
    let name = format!("audit-{}-{}.{extension}", day(period.0), day(period.1 - 86_400));
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file)));
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CONTENT_LENGTH, length.to_string()),
        ],
        body,
    )
        .into_response())
}

/// The period and format asked for; the dates are checked (`period`) before they name the
/// file.
fn read(asked: &Asked) -> Result<((i64, i64), Format), String> {
    let (Some(from), Some(to)) = (asked.from.as_deref(), asked.to.as_deref()) else {
        return Err("from and to: the first and last day, as 2026-12-31".into());
    };
    let period = audit_export::period(from, to)?;
    let format = Format::parse(asked.format.as_deref().unwrap_or("ndjson"))?;
    Ok((period, format))
}
