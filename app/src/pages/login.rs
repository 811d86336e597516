use super::layout::FormFeedback;
use crate::{i18n::Msg, tr};
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>{tr(Msg::SignInTitle)}</h1>
            <FormFeedback/>
            <form method="post" action="/auth/login" class="stack">
                <label for="email">{tr(Msg::EmailLabel)}</label>
                <input id="email" name="email" type="email" autocomplete="username" required/>
                <label for="password">{tr(Msg::PasswordLabel)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit">{tr(Msg::SignIn)}</button>
            </form>
            <p><a href="/invitation">{tr(Msg::HaveCode)}</a></p>
        </section>
    }
}
