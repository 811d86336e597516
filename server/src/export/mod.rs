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
pub mod instruments;
pub mod journeys_csv;
pub mod pseudonym;
pub mod run;
pub mod time_check;
pub mod zip;

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
