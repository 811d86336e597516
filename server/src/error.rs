//! Errors of the server layer, each turned into one HTTP answer here and nowhere else.
use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

/// Why the server could not start. Printed to the operator, who must be able to act on it.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("DATABASE_URL must start with sqlite:// or postgres://, got '{0}'")]
    UnsupportedDatabaseUrl(String),
    #[error("cannot create the data folder '{path}': {source}. Check that it is writable, or set DATABASE_URL to another place")]
    DataFolder { path: String, source: std::io::Error },
    #[error("cannot open the database at {url}: {source}. Check that the server is running and DATABASE_URL is right")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "cannot listen on {addr}: {source}. Is another program using that port? Set LEPTOS_SITE_ADDR to another one"
    )]
    Listen { addr: String, source: std::io::Error },
    #[error("journeys catalogue: {0}")]
    Journeys(String),
    #[error("built-in check-ins: {0}")]
    Checkins(String),
    #[error("database error during start-up: {0}")]
    Storage(#[from] crate::storage::StorageError),
    #[error("{0}")]
    Other(String),
}

/// An HTTP request that could not be served. The detail is logged; the answer is short.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("sign in first")]
    Unauthorised,
    #[error("you do not have access to this")]
    Forbidden,
    /// Unknown, or not to be told apart from unknown (a revoked feed's address).
    #[error("there is nothing at this address")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// Over a count kept in the database; try again after `retry_after` seconds.
    #[error("too many requests: try again later")]
    TooMany { retry_after: i64 },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sqlx::Error> for StartupError {
    fn from(error: sqlx::Error) -> Self {
        StartupError::Storage(error.into())
    }
}

impl From<crate::storage::StorageError> for HttpError {
    fn from(error: crate::storage::StorageError) -> Self {
        HttpError::Unexpected(error.into())
    }
}

/// A service's answer, for a handler outside the server functions.
impl From<app::error::AppError> for HttpError {
    fn from(error: app::error::AppError) -> Self {
        use app::error::AppError;
        match error {
            AppError::NotSignedIn => HttpError::Unauthorised,
            AppError::Forbidden => HttpError::Forbidden,
            AppError::NotFound => HttpError::NotFound,
            other => HttpError::Unexpected(anyhow::anyhow!("{other}")),
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = match &self {
            HttpError::Unauthorised => StatusCode::UNAUTHORIZED,
            HttpError::Forbidden => StatusCode::FORBIDDEN,
            HttpError::NotFound => StatusCode::NOT_FOUND,
            HttpError::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            HttpError::TooMany { retry_after } => {
                let wait = retry_after.to_string();
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::RETRY_AFTER, wait)],
                    self.to_string(),
                )
                    .into_response();
            }
            HttpError::Unexpected(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                StatusCode::SERVICE_UNAVAILABLE
            }
        };
        let message = match self {
            HttpError::Unexpected(_) => {
                "The service could not complete this request. Please try again in a minute.".to_string()
            }
            other => other.to_string(),
        };
        (status, message).into_response()
    }
}
