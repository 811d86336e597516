use crate::i18n::Msg;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What a server function can answer instead of data. Detail stays in the server log;
/// the browser only learns which of these happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("service unavailable")]
    Unavailable,
    #[error("the request could not be completed: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    pub fn message(&self) -> Msg {
        match self {
            AppError::NotSignedIn => Msg::SessionEnded,
            AppError::Forbidden => Msg::ErrorForbidden,
            AppError::NotFound => Msg::ErrorNotFound,
            AppError::Unavailable | AppError::Transport(_) => Msg::ErrorUnavailable,
        }
    }
}
