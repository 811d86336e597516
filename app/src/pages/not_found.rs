use crate::{i18n::Msg, tr};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="card">
            <h1>{tr(Msg::ErrorNotFound)}</h1>
            <p><a href="/">{tr(Msg::BackHome)}</a></p>
        </section>
    }
}
