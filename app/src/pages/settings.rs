//! `/settings`: reminders on this phone (asked for only after the person opens the
//! explanation), the devices that get them, the kinds of reminder, the quiet hours and
//! what the lock screen may show.
//!
//! Subscribing happens in `public/push.js`, plain JavaScript beside the service worker: it
//! reads the messages below from the panel's `data-msg-*` attributes, so every word stays
//! translated here.
use super::{layout::FormFeedback, timeline_labels::date_text};
use crate::{
    api::push::{list_devices, read_reminder_settings, RemoveDevice, SaveLockScreen, SaveReminderSettings},
    domain::role::Role,
    i18n::{fill, Msg},
    tr, use_locale,
};
use leptos::prelude::*;

fn kind_label(kind: &str) -> &'static str {
    tr(match kind {
        "appointments" => Msg::KindAppointments,
        "checkins" => Msg::KindCheckins,
        "temperature" => Msg::KindTemperature,
        "restrictions" => Msg::KindRestrictions,
        "plan_changes" => Msg::KindPlanChanges,
        "messages" => Msg::KindMessages,
        _ => Msg::KindUrgent,
    })
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <h1>{tr(Msg::SettingsTitle)}</h1>
        // What the last form sent here did (language, passkeys, this phone).
        <FormFeedback/>
        <LanguageForm/>
        <super::passkeys::PasskeysPanel/>
        <super::second_factor::SecondFactorPanel/>
        <PushPanel/>
        <Devices/>
        <ReminderChoices/>
        <super::calendar_settings::CalendarPanel/>
        <super::consent::ResearchConsent patient_id=None/>
        <KeepPlanPanel/>
        <ForgetPhone/>
    }
}

/// Every person's own language, staff included. A plain form: the page comes back drawn in
/// the new language, whether or not the app's code has loaded.
#[component]
fn LanguageForm() -> impl IntoView {
    let current = use_locale();
    view! {
        <section class="card" aria-labelledby="language-title">
            <h2 id="language-title">{tr(Msg::LanguageLabel)}</h2>
            <form method="post" action="/api/account/language" class="stack" id="language">
                <p id="language-hint" class="hint">{tr(Msg::LanguageExplain)}</p>
                <select id="language-select" name="locale" aria-labelledby="language-title" aria-describedby="language-hint">
                    {super::forms::locale_options(Some(current))}
                </select>
                <button type="submit">{tr(Msg::LanguageSave)}</button>
            </form>
        </section>
    }
}

/// "Keep my plan on this phone": offered to patients and caregivers only, never to staff.
/// public/offline.js does the keeping, reading its words from the `data-msg-*` attributes.
#[component]
fn KeepPlanPanel() -> impl IntoView {
    let offered = use_context::<crate::api::SiteInfo>()
        .and_then(|info| info.viewer)
        .is_some_and(|v| matches!(v.role, Role::Patient | Role::Caregiver));
    offered.then(|| {
        view! {
            <section class="card" data-offline-panel=""
                data-msg-kept=tr(Msg::KeepPlanKept)
                data-msg-none=tr(Msg::KeepPlanNone)
                data-msg-failed=tr(Msg::KeepPlanFailed)
                data-msg-unsupported=tr(Msg::KeepPlanUnsupported)>
                <h2>{tr(Msg::KeepPlanTitle)}</h2>
                <p>{tr(Msg::KeepPlanExplain)}</p>
                <p><strong>{tr(Msg::KeepPlanWhoCanRead)}</strong></p>
                <p data-offline-status="" role="status" aria-live="polite"></p>
                <button type="button" data-offline-keep="">{tr(Msg::KeepPlanButton)}</button>
                " "
                <button type="button" class="secondary" data-offline-drop="">{tr(Msg::KeepPlanDrop)}</button>
            </section>
        }
    })
}

/// Signs out, stops this phone's reminders and wipes what the app keeps here; answers not
/// sent yet are sent first or kept for the next sign-in (public/offline.js).
#[component]
fn ForgetPhone() -> impl IntoView {
    view! {
        <section class="card">
            <h2>{tr(Msg::ForgetPhoneTitle)}</h2>
            <p>{tr(Msg::ForgetPhoneExplain)}</p>
            <form method="post" action="/auth/logout" data-forget-phone="">
                <input type="hidden" name="endpoint" value="" data-push-endpoint=""/>
                <input type="hidden" name="unsent" value="" data-offline-unsent-field=""/>
                <input type="hidden" name="forget" value="1"/>
                <button type="submit" class="danger">{tr(Msg::ForgetPhoneButton)}</button>
            </form>
        </section>
    }
}

#[component]
fn PushPanel() -> impl IntoView {
    view! {
        <details class="card" data-push-panel=""
            data-msg-unsupported=tr(Msg::PushUnsupported)
            data-msg-install=tr(Msg::PushInstall)
            data-msg-denied=tr(Msg::PushDenied)
            data-msg-working=tr(Msg::PushWorking)
            data-msg-done=tr(Msg::PushDone)
            data-msg-failed=tr(Msg::PushFailed)>
            <summary>{tr(Msg::PushPanelSummary)}</summary>
            <p>{tr(Msg::PushExplain)}</p>
            // Shown on iPhone and iPad only, outside the installed app (style/main.css): push
            // works there only once the app is on the home screen.
            <p class="install-hint">{tr(Msg::PushInstall)}</p>
            <button type="button" data-push-enable="">{tr(Msg::PushEnable)}</button>
            <p data-push-status="" role="status" aria-live="polite"></p>
        </details>
    }
}

#[component]
fn Devices() -> impl IntoView {
    let remove = ServerAction::<RemoveDevice>::new();
    let subscribed = RwSignal::new(0u32);
    // push.js says when this phone was added, so that the list shows it without a reload.
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener_untyped("vtv:push-subscribed", move |_| subscribed.update(|n| *n += 1));
        on_cleanup(move || handle.remove());
    }
    let devices = Resource::new(move || (remove.version().get(), subscribed.get()), |_| list_devices());
    view! {
        <section class="card">
            <h2>{tr(Msg::DevicesTitle)}</h2>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || devices.get().map(|answer| match answer {
                    Ok(list) if list.is_empty() => view! { <p class="muted" data-devices="0">{tr(Msg::DevicesNone)}</p> }.into_any(),
                    Ok(list) => {
                        let count = list.len();
                        view! {
                        <ul class="list" data-devices=count>
                            {list.into_iter().map(|d| {
                                let id = d.id;
                                view! {
                                    <li data-device=id>
                                        <strong>{d.device}</strong>
                                        <br/>
                                        <span class="muted">
                                            {fill(tr(Msg::DeviceAdded), &[("date", &date_text(&d.added_on))])}
                                            {d.last_reached_on.map(|on| format!(" · {}", fill(tr(Msg::DeviceLastReached), &[("date", &date_text(&on))])))}
                                        </span>
                                        " "
                                        <button type="button" class="link" on:click=move |_| { remove.dispatch(RemoveDevice { id }); }>
                                            {tr(Msg::DeviceRemove)}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        }
                        .into_any()
                    }
                    Err(_) => view! { <p role="alert">{tr(Msg::InboxUnavailable)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ReminderChoices() -> impl IntoView {
    let save = ServerAction::<SaveReminderSettings>::new();
    let settings = Resource::new(|| (), |_| read_reminder_settings());
    view! {
        <Suspense fallback=|| ()>
            {move || settings.get().and_then(|s| s.ok()).map(|s| {
                let kinds: Vec<(String, RwSignal<bool>)> =
                    s.kinds.into_iter().map(|(k, on)| (k, RwSignal::new(on))).collect();
                let detail = s.lock_screen_detail;
                let from = RwSignal::new(s.quiet_from);
                let until = RwSignal::new(s.quiet_until);
                let chosen = kinds.clone();
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let off: Vec<String> = chosen
                        .iter()
                        .filter(|(k, on)| k != "urgent" && !on.get_untracked())
                        .map(|(k, _)| k.clone())
                        .collect();
                    save.dispatch(SaveReminderSettings {
                        off: Some(off),
                        quiet_from: from.get_untracked(),
                        quiet_until: until.get_untracked(),
                    });
                };
                view! {
                    <form class="card" on:submit=submit>
                        <fieldset>
                            <legend>{tr(Msg::ReminderKindsTitle)}</legend>
                            {kinds.into_iter().map(|(kind, on)| {
                                let urgent = kind == "urgent";
                                view! {
                                    <label class="check">
                                        <input type="checkbox" name="kind" value=kind.clone()
                                            prop:checked=move || urgent || on.get()
                                            disabled=urgent
                                            on:change=move |ev| on.set(event_target_checked(&ev))/>
                                        " "{kind_label(&kind)}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <fieldset>
                            <legend>{tr(Msg::QuietHoursTitle)}</legend>
                            <p class="muted">{tr(Msg::QuietHoursExplain)}</p>
                            <label>{tr(Msg::QuietFrom)}" "
                                <input type="time" name="quiet_from" prop:value=move || from.get()
                                    on:input=move |ev| from.set(event_target_value(&ev))/>
                            </label>
                            " "
                            <label>{tr(Msg::QuietUntil)}" "
                                <input type="time" name="quiet_until" prop:value=move || until.get()
                                    on:input=move |ev| until.set(event_target_value(&ev))/>
                            </label>
                        </fieldset>
                        <button type="submit">{tr(Msg::SettingsSave)}</button>
                        {move || save.value().get().map(|answer| saved_or_not(answer.is_ok()))}
                    </form>
                    <LockScreenChoice detail/>
                }
            })}
        </Suspense>
    }
}

/// What a settings form says once its save is answered.
fn saved_or_not(saved: bool) -> AnyView {
    if saved {
        view! { <p class="feedback notice" role="status">{tr(Msg::SettingsSaved)}</p> }.into_any()
    } else {
        view! { <p class="feedback error" role="alert">{tr(Msg::SettingsInvalid)}</p> }.into_any()
    }
}

/// Discreet by default; the detail only after the person is told who can then read it.
#[component]
fn LockScreenChoice(detail: bool) -> impl IntoView {
    let save = ServerAction::<SaveLockScreen>::new();
    let chosen = RwSignal::new(detail);
    let example = crate::tr(Msg::MsInfusion);
    view! {
        <form class="card" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save.dispatch(SaveLockScreen { detail: chosen.get_untracked() });
        }>
            <fieldset>
                <legend>{tr(Msg::LockScreenTitle)}</legend>
                <p class="muted">{tr(Msg::LockScreenExplain)}</p>
                <label class="check">
                    <input type="checkbox" name="detail" aria-describedby="lock-screen-warning"
                        prop:checked=move || chosen.get()
                        on:change=move |ev| chosen.set(event_target_checked(&ev))/>
                    " "{tr(Msg::LockScreenDetail)}
                </label>
                <p id="lock-screen-warning" class="muted">
                    {fill(tr(Msg::LockScreenWarning), &[("example", example)])}
                </p>
            </fieldset>
            <button type="submit">{tr(Msg::SettingsSave)}</button>
            {move || save.value().get().map(|answer| saved_or_not(answer.is_ok()))}
        </form>
    }
}
