use super::layout::FormFeedback;
use crate::{i18n::Msg, tr};
use leptos::prelude::*;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>{tr(Msg::ChangePasswordTitle)}</h1>
            <FormFeedback/>
            <form method="post" action="/auth/password" class="stack">
                <label for="current">{tr(Msg::CurrentPasswordLabel)}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required/>
                <label for="password">{tr(Msg::NewPasswordLabel)}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-hint" required/>
                <p id="password-hint" class="hint">{tr(Msg::PasswordHint)}</p>
                <label for="confirmation">{tr(Msg::ConfirmPasswordLabel)}</label>
                <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required/>
                <button type="submit">{tr(Msg::ChangePassword)}</button>
            </form>
        </section>
    }
}
