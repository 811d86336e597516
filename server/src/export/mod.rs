//! Researcher exports: a cohort of consented patients, anonymised and frozen when the export
//! is created, then streamed file by file (or as one zip) from database cursors.
pub mod aggregate;
pub mod aggregate_command;
pub mod approval;
pub mod cohort;
pub mod command;
pub mod csv;
mod csv_file;
pub mod fhir;
pub mod files;
pub mod inputs;
pub mod instruments;
pub mod journeys_csv;
pub mod plans;
pub mod pseudonym;
pub mod redcap_files;
pub mod run;
pub mod time_check;
pub mod wide_csv;
pub mod zip;

use crate::storage::release_lock;
use app::domain::validation::FieldProblem;

/// How anonymisation is set for the deployment (`VTV_RESEARCH_*`).
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// Every released combination of quasi-identifiers is shared by at least k patients.
    pub k: usize,
    /// Whether the centre itself may appear (otherwise its country at most).
    pub centre_allowed: bool,
    /// How long an export can be downloaded; its key and member list are erased after.
    pub lifetime_seconds: i64,
    /// Exports one researcher may make in a day (`VTV_RESEARCH_EXPORTS_PER_DAY`).
    pub exports_per_day: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the request has problems")]
    Invalid(Vec<FieldProblem>),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("this selection has fewer than {k} patients who consented; widen it")]
    TooFewPatients { k: usize },
    #[error("too many exports today; try again in {retry_after_seconds} s")]
    TooMany { retry_after_seconds: i64 },
    #[error("no export has this link")]
    NotFound,
    #[error("this export has expired; make a new one")]
    Expired,
    /// A member withdrew consent since it was made: it is closed to every download.
    #[error("a patient in this export has withdrawn consent, so it is closed; make a new one")]
    Withdrawn,
    #[error("the file {0} is not part of this export")]
    NoSuchFile(String),
    #[error("stored data is unreadable: {0}")]
    Data(String),
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl From<sqlx::Error> for ExportError {
    fn from(error: sqlx::Error) -> Self {
        ExportError::Storage(error.into())
    }
}

/// How long one approval or export check may hold the release lease, and how long another
/// waits for it before its request is refused (to be tried again).
const RELEASE_LEASE_SECONDS: i64 = 300;
const RELEASE_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Runs `step` (a check and its commit) holding the release lease, so that no two releases
/// are checked at once on any instance (`storage::release_lock`); gives it back whatever
/// the outcome.
pub(crate) async fn one_release_at_a_time<T>(
    db: &crate::storage::Db,
    step: impl AsyncFnOnce(&release_lock::Lease) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    let holder = cohort::new_token();
    let lease = release_lock::acquire(db, &holder, RELEASE_LEASE_SECONDS, RELEASE_WAIT).await?;
    let outcome = step(&lease).await;
    if let Err(error) = release_lock::release(db, lease).await {
        // The lease runs out by itself; the step's own outcome is what the caller needs.
        tracing::warn!(%error, "could not give the release lease back");
    }
    outcome
}
