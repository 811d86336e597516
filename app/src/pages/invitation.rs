use super::layout::FormFeedback;
use crate::{i18n::Msg, tr, use_locale};
use leptos::prelude::*;

/// Accepting an invitation and redeeming a password-reset code are the same act:
/// a single-use code from the care team, then a password of one's own.
#[component]
pub fn InvitationPage() -> impl IntoView {
    // The page's own language (the browser's) is offered first; the person picks theirs.
    let current = use_locale();
    view! {
        <section class="card narrow">
            <h1>{tr(Msg::SetPasswordTitle)}</h1>
            <p>{tr(Msg::SetPasswordIntro)}</p>
            <p class="hint">{tr(Msg::InvitationExistingAccount)}</p>
            <FormFeedback/>
            <form method="post" action="/auth/invitation" class="stack">
                <label for="code">{tr(Msg::CodeLabel)}</label>
                <input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="characters" required/>
                <label for="password">{tr(Msg::NewPasswordLabel)}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-hint" required/>
                <p id="password-hint" class="hint">{tr(Msg::PasswordHint)}</p>
                <label for="confirmation">{tr(Msg::ConfirmPasswordLabel)}</label>
                <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required/>
                <label for="locale">{tr(Msg::LanguageLabel)}</label>
                <select id="locale" name="locale" aria-describedby="locale-hint">
                    {super::forms::locale_options(Some(current))}
                </select>
                <p id="locale-hint" class="hint">{tr(Msg::LanguageExplain)}</p>
                <button type="submit">{tr(Msg::SetPassword)}</button>
            </form>
        </section>
    }
}
