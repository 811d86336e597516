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
            <PasskeySignIn/>
            <HospitalSignIn/>
            <p><a href="/invitation">{tr(Msg::HaveCode)}</a></p>
        </section>
    }
}

/// The second step of a staff sign-in: the code of the authenticator app, or a recovery
/// code. A plain form, as the first step: the server holds the sign-in meanwhile.
#[component]
pub fn SecondStepPage() -> impl IntoView {
    view! {
        <section class="card narrow">
            <h1>{tr(Msg::SecondStepTitle)}</h1>
            <FormFeedback/>
            <form method="post" action="/auth/second-step" class="stack">
                <p id="second-step-hint" class="hint">{tr(Msg::SecondStepExplain)}</p>
                <label for="second-step-code">{tr(Msg::SecondStepCodeLabel)}</label>
                <input id="second-step-code" name="code" type="text" autocomplete="one-time-code"
                    autocapitalize="characters" spellcheck="false" aria-describedby="second-step-hint" required/>
                <button type="submit">{tr(Msg::SecondStepContinue)}</button>
            </form>
            <p><a href="/login">{tr(Msg::SignInTitle)}</a></p>
        </section>
    }
}

/// "Sign in with your hospital account", where the hospital's OpenID provider is set up: a
/// plain link, so that it works before (and without) the wasm.
#[component]
fn HospitalSignIn() -> impl IntoView {
    let offered = use_context::<crate::api::SiteInfo>().is_some_and(|info| info.sso);
    offered.then(|| {
        view! {
            <div class="stack">
                <a class="button secondary" href="/auth/sso" id="hospital-sign-in">{tr(Msg::SsoSignIn)}</a>
                <p class="hint">{tr(Msg::SsoStaffOnly)}</p>
            </div>
        }
    })
}

/// "Sign in with a passkey", where the server's address can hold passkeys. The ceremony is
/// `public/passkey.js`'s (plain JavaScript: signing in needs no wasm).
#[component]
fn PasskeySignIn() -> impl IntoView {
    let offered = use_context::<crate::api::SiteInfo>().is_some_and(|info| info.passkeys);
    offered.then(|| {
        view! {
            <div class="stack" data-passkey-panel=""
                data-msg-working=tr(Msg::PasskeyWorking)
                data-msg-cancelled=tr(Msg::PasskeyCancelled)
                data-msg-unsupported=tr(Msg::PasskeyUnsupported)
                data-msg-failed=tr(Msg::PasskeyFailed)>
                <button type="button" class="secondary" data-passkey-sign-in="">{tr(Msg::PasskeySignIn)}</button>
                <p data-passkey-status="" role="status" aria-live="polite"></p>
            </div>
        }
    })
}
