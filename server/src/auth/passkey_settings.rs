//! The settings forms beside passkeys: removing one, and saying that this browser is the
//! person's own (which, with a passkey, makes their sessions last longer:
//! `session_length.rs`). Plain HTML posts answered with a redirect, as the other forms.
use super::{lockout, tokens};
use crate::{
    http::session_lookup::cookie_value,
    startup::AppState,
    storage::{self, audit},
};
use app::{backend::RequestFacts, domain::validation::Problem, feedback::Feedback};
use axum::{
    extract::{rejection::FormRejection, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;

const PAGE: &str = "/settings";

#[derive(Deserialize)]
pub struct RemoveForm {
    passkey: i64,
}

#[derive(Deserialize)]
pub struct OwnDeviceForm {
    /// "1" when the box is ticked; a form leaves an unticked box out.
    #[serde(default)]
    own: String,
}

fn back(page: &str, feedback: Feedback) -> Response {
    Redirect::to(&format!("{page}?{}", feedback.query())).into_response()
}

fn unexpected(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "a passkey setting failed");
    crate::error::HttpError::Unexpected(anyhow::anyhow!("{error}")).into_response()
}

/// Removes one of the person's own passkeys. Another account's number is answered as an
/// unknown one: nothing says whether it exists.
pub async fn remove(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    form: Result<Form<RemoveForm>, FormRejection>,
) -> Response {
    let Some(viewer) = facts.viewer else {
        return back("/login", Feedback::SessionEnded);
    };
    let Ok(Form(form)) = form else {
        return back(PAGE, Feedback::Invalid(Problem::ChoiceInvalid));
    };
    let result: anyhow::Result<Response> = async {
        let user_id = viewer.actor.user_id;
        if !storage::passkeys::remove(&state.db, user_id, form.passkey).await? {
            return Ok(back(PAGE, Feedback::Invalid(Problem::ChoiceInvalid)));
        }
        audit::record(
            &state.db,
            audit::Entry::new("account.passkey_removed", &facts.client_addr)
                .by(&viewer.actor)
                .subject(format!("user:{user_id}").as_str()),
        )
        .await?;
        Ok(back(PAGE, Feedback::PasskeyRemoved))
    }
    .await;
    result.unwrap_or_else(unexpected)
}

/// Marks this browser as the person's own, or not. It must be a browser they signed in
/// from with their password (it carries the device cookie the sign-in set).
pub async fn own_device(
    State(state): State<AppState>,
    Extension(facts): Extension<RequestFacts>,
    headers: HeaderMap,
    form: Result<Form<OwnDeviceForm>, FormRejection>,
) -> Response {
    let Some(viewer) = facts.viewer else {
        return back("/login", Feedback::SessionEnded);
    };
    let own = match form {
        Ok(Form(form)) => form.own == "1",
        Err(_) => return back(PAGE, Feedback::Invalid(Problem::ChoiceInvalid)),
    };
    let result: anyhow::Result<Response> = async {
        let user_id = viewer.actor.user_id;
        let device = cookie_value(&headers, lockout::device_cookie_name(state.config.secure_cookies()));
        let marked = match device {
            Some(token) => storage::known_devices::set_own(&state.db, &tokens::digest(&token), user_id, own).await?,
            None => false,
        };
        if !marked {
            return Ok(back(PAGE, Feedback::OwnDeviceUnknown));
        }
        let action = if own {
            "account.own_device_marked"
        } else {
            "account.own_device_unmarked"
        };
        audit::record(
            &state.db,
            audit::Entry::new(action, &facts.client_addr)
                .by(&viewer.actor)
                .subject(format!("user:{user_id}").as_str()),
        )
        .await?;
        Ok(back(PAGE, Feedback::OwnDeviceSaved))
    }
    .await;
    result.unwrap_or_else(unexpected)
}
