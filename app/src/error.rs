use crate::{domain::validation::FieldProblem, i18n::Msg};
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
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldProblem>),
    #[error("the timeline change was refused: {0:?}")]
    Timeline(crate::domain::timeline::EditError),
    /// A questionnaire file refused: each problem, naming its item where it has one.
    #[error("questionnaire refused: {0:?}")]
    Questionnaire(Vec<String>),
    /// A site rule for the check-in instruments refused: each problem, naming its rule.
    #[error("rules refused: {0:?}")]
    Rules(Vec<String>),
    /// A check-in's answers, refused item by item.
    #[error("answers refused: {0:?}")]
    Answers(Vec<crate::domain::checkins::AnswerProblem>),
    #[error("changed meanwhile")]
    Stale,
    /// The site asks staff to sign in in two steps, and this account has not set it up:
    /// until it has, setting it up is all it may do.
    #[error("two-step sign-in must be set up first")]
    SecondStepNeeded,
    #[error("service unavailable")]
    Unavailable,
    /// Too many of these for now (a rate kept in the database); try again after this long.
    #[error("too many requests; try again in {retry_after_seconds} s")]
    TooMany { retry_after_seconds: i64 },
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
    /// The problem with one field, if the server refused it.
    pub fn problem_with(&self, field: &str) -> Option<crate::domain::validation::Problem> {
        match self {
            AppError::Invalid(problems) => problems.iter().find(|p| p.field == field).map(|p| p.problem),
            _ => None,
        }
    }

    pub fn message(&self) -> Msg {
        match self {
            AppError::NotSignedIn => Msg::SessionEnded,
            AppError::Forbidden => Msg::ErrorForbidden,
            AppError::SecondStepNeeded => Msg::SecondStepNeeded,
            AppError::NotFound => Msg::ErrorNotFound,
            AppError::Invalid(_)
            | AppError::Timeline(_)
            | AppError::Answers(_)
            | AppError::Questionnaire(_)
            | AppError::Rules(_) => Msg::ErrorInvalid,
            AppError::Stale => Msg::ErrorStale,
            AppError::Unavailable | AppError::Transport(_) => Msg::ErrorUnavailable,
            AppError::TooMany { .. } => Msg::ErrorTooMany,
        }
    }
}
