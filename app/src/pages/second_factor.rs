//! Staff's two-step sign-in, on `/settings`: set up with an authenticator app, recovery
//! codes shown once, made anew, and turned off with a code. Not offered to patients and
//! caregivers, whose sign-in stays their own.
use super::forms::{ActionFeedback, Field};
use crate::{
    api::second_factor::{
        second_factor, BeginSecondFactor, ConfirmSecondFactor, NewRecoveryCodes, RemoveSecondFactor,
        RequireSecondFactor, SecondFactorView,
    },
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn SecondFactorPanel() -> impl IntoView {
    let offered = use_context::<crate::api::SiteInfo>()
        .and_then(|info| info.viewer)
        .is_some_and(|v| v.role.is_staff());
    offered.then(|| view! { <Panel/> })
}

#[component]
fn Panel() -> impl IntoView {
    let begin = ServerAction::<BeginSecondFactor>::new();
    let confirm = ServerAction::<ConfirmSecondFactor>::new();
    let renew = ServerAction::<NewRecoveryCodes>::new();
    let remove = ServerAction::<RemoveSecondFactor>::new();
    let require = ServerAction::<RequireSecondFactor>::new();
    let state = Resource::new_blocking(
        move || {
            let versions = (begin.version().get(), confirm.version().get(), renew.version().get());
            (versions, remove.version().get(), require.version().get())
        },
        |_| second_factor(),
    );
    let codes = move || {
        confirm
            .value()
            .get()
            .and_then(|r| r.ok())
            .or_else(|| renew.value().get().and_then(|r| r.ok()))
    };
    view! {
        <section class="card" aria-labelledby="second-factor-title" id="second-factor">
            <h2 id="second-factor-title">{tr(Msg::SecondFactorTitle)}</h2>
            <p>{tr(Msg::SecondFactorExplain)}</p>
            {move || codes().map(|codes| view! { <RecoveryCodes codes/> })}
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || state.get().map(|result| match result {
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                    Ok(view) => view! {
                        {view.site_requires.then(|| view! { <p class="notice">{tr(Msg::SecondFactorRequiredNote)}</p> })}
                        <Requirement required=view.site_requires require/>
                        <Current view begin confirm renew remove/>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    view! {
        <div class="feedback notice issued" role="status">
            <p><strong>{tr(Msg::SecondFactorRecoveryTitle)}</strong></p>
            <p>{tr(Msg::SecondFactorRecoveryExplain)}</p>
            <ul class="code" data-recovery-codes="">
                {codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn Current(
    view: SecondFactorView,
    begin: ServerAction<BeginSecondFactor>,
    confirm: ServerAction<ConfirmSecondFactor>,
    renew: ServerAction<NewRecoveryCodes>,
    remove: ServerAction<RemoveSecondFactor>,
) -> impl IntoView {
    if view.on {
        let left = view.recovery_codes_left.to_string();
        let outcome = remove.value();
        let renewed = renew.value();
        return view! {
            <p data-second-factor="on">{fill(tr(Msg::SecondFactorOn), &[("n", &left)])}</p>
            <ActionForm action=renew attr:class="stack" attr:id="renew-recovery-codes">
                <Field name="code" key="code" id="second-factor-renew-code" label=Msg::SecondStepCodeLabel
                    autocomplete="one-time-code" outcome=renewed/>
                <ActionFeedback outcome=renewed/>
                <button type="submit" class="secondary">{tr(Msg::SecondFactorNewCodes)}</button>
            </ActionForm>
            <ActionForm action=remove attr:class="stack" attr:id="remove-second-factor">
                <Field name="code" key="code" id="second-factor-remove-code" label=Msg::SecondStepCodeLabel
                    hint=Msg::SecondFactorRemoveHint autocomplete="one-time-code" outcome/>
                <ActionFeedback outcome/>
                <button type="submit" class="secondary">{tr(Msg::SecondFactorRemove)}</button>
            </ActionForm>
        }
        .into_any();
    }
    match view.setting_up {
        Some(setup) => {
            let outcome = confirm.value();
            view! {
                <p>{tr(Msg::SecondFactorAddKey)}</p>
                <p>{tr(Msg::SecondFactorKeyLabel)}" "<span class="code" data-totp-key=setup.key.clone()>{setup.key.clone()}</span></p>
                <p><a href=setup.uri.clone() data-totp-uri="">{tr(Msg::SecondFactorLink)}</a></p>
                <ActionForm action=confirm attr:class="stack" attr:id="confirm-second-factor">
                    <Field name="code" key="code" id="second-factor-code" label=Msg::SecondStepCodeLabel
                        autocomplete="one-time-code" outcome/>
                    <ActionFeedback outcome/>
                    <button type="submit">{tr(Msg::SecondFactorConfirm)}</button>
                </ActionForm>
            }
            .into_any()
        }
        None => view! {
            <p data-second-factor="off">{tr(Msg::SecondFactorOff)}</p>
            <ActionForm action=begin>
                <button type="submit">{tr(Msg::SecondFactorStart)}</button>
            </ActionForm>
        }
        .into_any(),
    }
}

/// Admins only: whether every staff account must use it.
#[component]
fn Requirement(required: bool, require: ServerAction<RequireSecondFactor>) -> impl IntoView {
    let admin = use_context::<crate::api::SiteInfo>()
        .and_then(|info| info.viewer)
        .is_some_and(|v| v.role == crate::domain::role::Role::Admin);
    let (value, label) = if required {
        ("false", Msg::SecondFactorRequireStop)
    } else {
        ("true", Msg::SecondFactorRequire)
    };
    admin.then(|| {
        view! {
            <ActionForm action=require attr:class="stack" attr:id="require-second-factor">
                <p class="hint">{tr(Msg::SecondFactorRequireExplain)}</p>
                <input type="hidden" name="required" value=value/>
                <button type="submit" class="secondary">{tr(label)}</button>
            </ActionForm>
        }
    })
}
