//! The one error of the storage layer: the database's own failures, and the rules it
//! upheld (a unique name taken, a timeline changed meanwhile). Services turn it into an
//! answer in one place (`impl From<StorageError> for AppError` in `services/storage_errors.rs`).

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("stored JSON is unreadable: {0}")]
    Json(#[from] serde_json::Error),
    /// A change made on an older version of a timeline.
    #[error("the timeline changed meanwhile")]
    Stale,
    #[error("this order reference is already used")]
    OrderReferenceTaken,
    #[error("the patient already has an active treatment")]
    ActiveTreatmentExists,
    #[error("the webhook was already applied")]
    AlreadyDelivered,
    /// A check-in's client id was used meanwhile (two sends at once): read the first result.
    #[error("this submission was already stored")]
    AlreadyStored,
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("an integration with this name exists")]
    NameTaken,
    #[error("another patient of the centre has this hospital number")]
    HospitalNumberTaken,
    #[error("this questionnaire version is already imported")]
    VersionExists,
    /// Another research release is being checked and did not finish in time.
    #[error("another release is being checked; try again")]
    Busy,
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// A unique constraint refused the write (SQLite and PostgreSQL alike).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}
