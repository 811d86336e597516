//! Passkeys in settings: making one on this phone, the ones the person has, and whether
//! this phone is theirs alone (with a passkey, that keeps them signed in for up to 30 days:
//! `server/src/auth/session_length.rs`). Offered only where the server's public address
//! can hold passkeys (a host name, not an IP address).
//!
//! Making a passkey is a ceremony with the phone's authenticator, run by `public/passkey.js`
//! (plain JavaScript, as on the sign-in page), which reads its words from the `data-msg-*`
//! attributes below. Removing one and marking the phone are plain forms.
use super::timeline_labels::date_text;
use crate::{
    api::{passkeys::list_passkeys, SiteInfo},
    domain::role::Role,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn PasskeysPanel() -> impl IntoView {
    let info = use_context::<SiteInfo>();
    let offered = info.as_ref().is_some_and(|info| info.passkeys);
    let person = info
        .and_then(|info| info.viewer)
        .is_some_and(|viewer| matches!(viewer.role, Role::Patient | Role::Caregiver));
    offered.then(|| {
        let list = Resource::new(|| (), |_| list_passkeys());
        view! {
            <section class="card" aria-labelledby="passkeys-title" data-passkey-panel=""
                data-msg-working=tr(Msg::PasskeyWorking)
                data-msg-cancelled=tr(Msg::PasskeyCancelled)
                data-msg-unsupported=tr(Msg::PasskeyUnsupported)
                data-msg-failed=tr(Msg::PasskeyFailed)>
                <h2 id="passkeys-title">{tr(Msg::PasskeysTitle)}</h2>
                <p>{tr(Msg::PasskeysExplain)}</p>
                <button type="button" data-passkey-create="">{tr(Msg::PasskeyCreate)}</button>
                <p data-passkey-status="" role="status" aria-live="polite"></p>
                <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                    {move || list.get().map(|answer| match answer {
                        Ok(view) => view! {
                            <PasskeyList passkeys=view.passkeys.clone()/>
                            {person.then(|| view! { <OwnDeviceForm own=view.own_device/> })}
                        }
                        .into_any(),
                        Err(_) => view! { <p role="alert">{tr(Msg::InboxUnavailable)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
    })
}

#[component]
fn PasskeyList(passkeys: Vec<crate::api::passkeys::PasskeyRow>) -> impl IntoView {
    if passkeys.is_empty() {
        return view! { <p class="muted" data-passkeys="0">{tr(Msg::PasskeysNone)}</p> }.into_any();
    }
    let count = passkeys.len();
    view! {
        <ul class="list" data-passkeys=count>
            {passkeys.into_iter().enumerate().map(|(n, key)| {
                let used = match &key.last_used_on {
                    Some(on) => fill(tr(Msg::PasskeyLastUsed), &[("date", &date_text(on))]),
                    None => tr(Msg::PasskeyNeverUsed).to_string(),
                };
                view! {
                    <li data-passkey=key.id>
                        <strong>{fill(tr(Msg::PasskeyItem), &[("n", &(n + 1).to_string())])}</strong>
                        <br/>
                        <span class="muted">
                            {fill(tr(Msg::PasskeyCreatedOn), &[("date", &date_text(&key.made_on))])}
                            {format!(" · {used}")}
                        </span>
                        <form method="post" action="/auth/passkey/remove">
                            <input type="hidden" name="passkey" value=key.id/>
                            <button type="submit" class="secondary">{tr(Msg::PasskeyRemove)}</button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// "This phone is mine": patients and caregivers only; staff sessions never last longer.
#[component]
fn OwnDeviceForm(own: bool) -> impl IntoView {
    view! {
        <form method="post" action="/auth/own-device" class="stack" id="own-device">
            <label class="check">
                <input type="checkbox" name="own" value="1" checked=own aria-describedby="own-device-hint"/>
                " "{tr(Msg::OwnDeviceLabel)}
            </label>
            <p id="own-device-hint" class="hint">{tr(Msg::OwnDeviceExplain)}</p>
            <button type="submit">{tr(Msg::OwnDeviceSave)}</button>
        </form>
    }
}
