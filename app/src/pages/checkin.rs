//! `/checkins/:name?patient=ID[&self=1]`: one check-in. The answers are checked and triaged
//! in the browser first, so an urgent answer shows what to do at once, before (and even
//! without) any network round trip; then they are sent, and the server checks again.
use super::{
    checkin_items::{items_view, FormState},
    home::Hotline,
};
use crate::{
    api::checkins::{open_checkin, CheckinForm, Submission, SubmitCheckin},
    domain::{
        checkins::{check, shown_only},
        triage::{advice_now, Advice, TriageRules},
    },
    error::AppError,
    i18n::{fill, t, Locale, Msg},
    tr, use_locale,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::sync::Arc;

#[component]
pub fn CheckinPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let form = Resource::new_blocking(
        move || {
            let name = params.read().get("name").unwrap_or_default();
            let query = query.read();
            let patient = query.get("patient").and_then(|p| p.parse::<i64>().ok());
            (name, patient, query.get("self").is_some_and(|s| s == "1"))
        },
        |(name, patient, about_myself)| async move {
            match patient {
                Some(patient_id) => open_checkin(name, patient_id, about_myself).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || form.get().map(|result| match result {
                Ok(form) => view! { <CheckinFormView form/> }.into_any(),
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CheckinFormView(form: CheckinForm) -> impl IntoView {
    let locale = use_locale();
    let state = FormState {
        questionnaire: Arc::new(form.questionnaire.clone()),
        answers: RwSignal::new(form.prefill.clone()),
        problems: RwSignal::new(Vec::new()),
        locale,
        restored: RwSignal::new(0),
    };
    let submit = ServerAction::<SubmitCheckin>::new();
    // What the browser worked out itself; shown even if the answers never reach the server.
    let local_advice = RwSignal::new(None::<Advice>);
    let kept = RwSignal::new(None::<Kept>);
    let last = StoredValue::new(None::<Submission>);
    // Made by the server for this form; made anew once sent, so that answers changed and sent
    // again are stored as a new submission, not taken for a replay of the first.
    let client_id = StoredValue::new(form.client_id.clone());
    let on_submit = {
        let state = state.clone();
        let form = form.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let q = &state.questionnaire;
            let answers = shown_only(q, &state.answers.get_untracked());
            let problems = check(q, &answers);
            state.problems.set(problems.clone());
            // A red flag is told even while other answers are missing.
            // The rules in force the form came with (a form kept from before had none).
            if let Some(rules) = form.rules.clone().or_else(|| TriageRules::builtin().ok()) {
                local_advice.set(advice_now(q, &answers, &rules, &[], form.fever_threshold_c));
            }
            if !problems.is_empty() {
                return;
            }
            let submission = Submission {
                client_id: client_id.get_value(),
                questionnaire: form.questionnaire.short_name().to_string(),
                patient_id: form.patient_id,
                about_myself: form.about_myself,
                answers,
                answered_at: None,
                answered_by: Some(form.respondent_id),
            };
            last.set_value(Some(submission.clone()));
            kept.set(None);
            submit.dispatch(SubmitCheckin { submission });
        }
    };
    Effect::new(move |_| {
        if submit.value().with(|r| matches!(r, Some(Ok(_)))) {
            if let Some(fresh) = crate::offline_store::new_client_id() {
                client_id.set_value(fresh);
            }
        }
    });
    // No network, or the session ended meanwhile: the answers stay on the phone until they
    // can be sent, and the screen says so.
    Effect::new(move |_| {
        let until = submit.value().with(|r| match r {
            Some(Err(AppError::Transport(_))) => Some(Kept::UntilOnline),
            Some(Err(AppError::NotSignedIn)) => Some(Kept::UntilSignIn),
            _ => None,
        });
        if let (Some(until), Some(submission)) = (until, last.get_value()) {
            // Not kept: the answer to the network failure ("Not sent yet") stays on screen.
            keep_on_phone(submission, until, kept, RwSignal::new(false));
        }
    });
    let draft = super::checkin_draft::drafts(&state, &form, submit, kept);
    let result = submit.value();
    let server_advice = move || result.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).and_then(|r| r.advice));
    let advice = move || local_advice.get().or_else(server_advice);
    let (centre, emergency) = (form.centre.clone(), form.emergency_number.clone());
    let problems = state.problems;
    let q = form.questionnaire.clone();
    // Drawn by the server, the page is served without the wasm: its script needs these.
    let plain = cfg!(feature = "ssr").then(|| {
        (
            super::checkin_plain::hidden_advice(&form, locale),
            super::checkin_plain::hidden_outcomes(&form, locale),
        )
    });
    let (plain_advice, plain_outcomes) = plain.unzip();
    let served_plain = cfg!(feature = "ssr");
    view! {
        <h1>{q.title.in_language(locale.language()).to_string()}</h1>
        {(!q.speaks(locale.language())).then(|| view! {
            <p class="feedback notice" id="instrument-in-english">{t(locale, Msg::InstrumentInEnglish)}</p>
        })}
        {move || advice().map(|a| view! { <UrgentAdvice advice=a centre=centre.clone() emergency=emergency.clone() locale/> })}
        {plain_advice}
        // Questions left in English are marked so, for screen readers to pronounce them.
        {move || draft.resumed.get().then(|| view! {
            <p class="feedback notice" role="status" data-outcome="resumed">{t(locale, Msg::CheckinResumed)}</p>
        })}
        <form class="stack checkin" on:submit=on_submit novalidate lang=(!q.speaks(locale.language())).then_some("en")
            data-draft=move || Some(draft.status.get()).filter(|s| !s.is_empty())>
            {items_view(&state, &q.items)}
            {move || (!problems.get().is_empty()).then(|| view! {
                <p class="feedback error" role="alert">{t(locale, Msg::CheckinFixItems)}</p>
            })}
            {move || kept.get().map(|until| view! { <KeptNotice until/> })}
            <div hidden=move || kept.get().is_some()><SubmitOutcome result/></div>
            {plain_outcomes}
            // Served without the wasm, sending waits for the form's script: a form sent before
            // would put the answers in the address (and its history and logs).
            <button type="submit" disabled=move || served_plain || submit.pending().get()>{t(locale, Msg::CheckinSend)}</button>
        </form>
        {q.attribution.map(|a| view! { <p class="muted small">{a}</p> })}
        <Hotline centre=form.centre/>
    }
}

/// Why answers were kept on the phone rather than sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    UntilOnline,
    UntilSignIn,
}

/// Keeps the answers encrypted on the phone (public/offline-store.js), then says so; says
/// so too when they could not be kept.
pub fn keep_on_phone(submission: Submission, until: Kept, kept: RwSignal<Option<Kept>>, failed: RwSignal<bool>) {
    leptos::task::spawn_local(async move {
        match crate::offline_store::keep_answer(&submission).await {
            Ok(()) => kept.set(Some(until)),
            Err(error) => {
                leptos::logging::warn!("answers not kept on the phone: {error}");
                failed.set(true);
            }
        }
    });
}

/// "Saved on this phone …": when the answers will be sent.
#[component]
pub fn KeptNotice(until: Kept) -> impl IntoView {
    let msg = match until {
        Kept::UntilOnline => Msg::OfflineSaved,
        Kept::UntilSignIn => Msg::OfflineSavedSignIn,
    };
    view! { <p class="feedback notice" role="status" data-kept=format!("{until:?}")>{tr(msg)}</p> }
}

/// Sent (on time or late), refused item by item, or not sent (the network).
#[component]
fn SubmitOutcome(
    result: MappedSignal<Option<Result<crate::api::checkins::SubmissionResult, AppError>>>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        result.with(|r| match r {
            Some(Ok(sent)) => {
                let msg = if sent.late {
                    Msg::CheckinSentLate
                } else {
                    Msg::CheckinSent
                };
                let nurse = (!sent.flags.is_empty()).then(|| view! { <p>{t(locale, Msg::CheckinNurseWillLook)}</p> });
                Some(
                    view! { <div class="feedback notice" role="status"><p>{t(locale, msg)}</p>{nurse}</div> }
                        .into_any(),
                )
            }
            Some(Err(AppError::Answers(_))) => {
                Some(view! { <p class="feedback error" role="alert">{t(locale, Msg::CheckinFixItems)}</p> }.into_any())
            }
            Some(Err(_)) => {
                Some(view! { <p class="feedback error" role="alert">{t(locale, Msg::CheckinNotSent)}</p> }.into_any())
            }
            None => None,
        })
    }
}

/// What to do now, with the numbers to tap. Shown above the form, as an alert.
#[component]
pub fn UrgentAdvice(
    advice: Advice,
    centre: crate::api::CentreContact,
    emergency: String,
    locale: Locale,
) -> impl IntoView {
    let care_team = super::tel_href(&centre.hotline);
    let emergency_tel = format!("tel:{emergency}");
    let call_team = view! {
        <a class="call" href=care_team>
            <span>{t(locale, Msg::CheckinAdviceCallNow)}</span>
            <strong>{centre.hotline.clone()}</strong>
        </a>
    };
    let (headline, emergency_first) = match advice {
        Advice::EmergencyFirst => (
            fill(t(locale, Msg::CheckinAdviceEmergency), &[("number", &emergency)]),
            true,
        ),
        Advice::Crisis => (
            fill(t(locale, Msg::CheckinAdviceCrisis), &[("number", &emergency)]),
            false,
        ),
        Advice::CallCareTeam => (t(locale, Msg::CheckinAdviceWhy).to_string(), false),
    };
    view! {
        <section class="urgent-advice" role="alert" data-advice=format!("{advice:?}")>
            <p><strong>{headline}</strong></p>
            {emergency_first.then(|| view! { <a class="call emergency" href=emergency_tel><strong>{emergency.clone()}</strong></a> })}
            {call_team}
        </section>
    }
}
