use super::{forms::Field, layout::FormFeedback};
use crate::{
    api::timeline::{my_time_zone, SetTimeZone},
    i18n::{fill, Msg},
    tr,
};
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
        <TimeZoneForm/>
    }
}

/// Times are shown in this zone; patients often live far from their centre.
#[component]
fn TimeZoneForm() -> impl IntoView {
    let set = ServerAction::<SetTimeZone>::new();
    let current = Resource::new(move || set.version().get(), |_| my_time_zone());
    let outcome = set.value();
    view! {
        <section class="card narrow">
            <h2>{tr(Msg::TimeZoneTitle)}</h2>
            <Suspense fallback=|| ()>
                {move || current.get().and_then(|r| r.ok()).map(|zone| view! {
                    <p id="time-zone-now">{fill(tr(Msg::TimeZoneNow), &[("zone", &zone)])}</p>
                })}
            </Suspense>
            {move || outcome.get().map(|r| match r {
                Ok(_) => view! { <p class="feedback notice" role="status">{tr(Msg::TimeZoneSaved)}</p> }.into_any(),
                Err(e) => view! { <p class="feedback error" role="alert">{tr(e.message())}</p> }.into_any(),
            })}
            <ActionForm action=set attr:class="stack" attr:id="time-zone">
                <Field name="time_zone" key="time_zone" id="time-zone-input" label=Msg::TimeZoneLabel hint=Msg::TimeZoneHint outcome/>
                <button type="submit">{tr(Msg::TimeZoneSave)}</button>
            </ActionForm>
        </section>
    }
}
