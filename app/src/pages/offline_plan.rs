//! The plan kept on this phone, drawn on `/offline` from the encrypted copy (never from
//! cached HTML: pages are `no-store`): the timeline with its explanations, the alert card,
//! the hotline, and the check-ins due, answered here and kept on the phone until they can
//! be sent. Red-flag advice is worked out here with the triage rules the server gave with
//! the plan, so it is the advice the server would give. Part of the offline page's chunk.
use super::{
    alert_card::AlertCard,
    checkin::{keep_on_phone, Kept, KeptNotice, UrgentAdvice},
    checkin_items::{items_view, FormState},
    timeline::TimelinePanel,
    timeline_labels::{date_text, day_and_time, time_text},
};
use crate::{
    api::{
        checkins::Submission,
        offline::{OfflinePlan, PatientPlan, PlannedCheckin},
        CentreContact,
    },
    domain::{
        checkins::{check, shown_only, WindowState},
        triage::{Advice, TriageRules},
    },
    i18n::{fill, t, Msg},
    tr, use_locale,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Nothing on the server or before the copy is read; the plan once it is.
#[component]
pub fn KeptPlan() -> impl IntoView {
    let plan = RwSignal::new(None::<OfflinePlan>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Some(kept) = crate::offline_store::kept_plan().await {
                plan.set(Some(kept));
            }
        });
    });
    // Boxed: the whole plan as one type is too deep for the compiler in release builds.
    move || plan.get().map(|plan| view! { <PlanBody plan/> }.into_any())
}

#[component]
fn PlanBody(plan: OfflinePlan) -> impl IntoView {
    // The page around is in the browser's language; the plan's words are in the person's.
    if let Some(locale) = crate::i18n::Locale::parse(&plan.locale) {
        provide_context(locale);
    }
    let rules = Arc::new(plan.rules);
    let owner = plan.owner;
    let own = plan.patients.len() == 1 && plan.patients[0].timeline.patient_id == owner;
    view! {
        <section class="kept-plan" data-kept-plan=owner>
            <p class="feedback notice">{fill(tr(Msg::OfflinePlanUpdated), &[("time", &day_and_time(&plan.updated_at))])}</p>
            {plan.patients.into_iter().map(|patient| view! {
                <PatientPart patient owner own rules=rules.clone()/>
            }.into_any()).collect_view()}
        </section>
    }
    .into_any()
}

#[component]
fn PatientPart(patient: PatientPlan, owner: i64, own: bool, rules: Arc<TriageRules>) -> impl IntoView {
    let contact = Contact {
        centre: patient.timeline.centre.clone(),
        emergency: patient.emergency_number.clone(),
        fever_threshold_c: patient.fever_threshold_c,
    };
    let patient_id = patient.timeline.patient_id;
    let checkins = patient
        .checkins
        .into_iter()
        .map(|item| {
            let at = Answering {
                patient_id,
                owner,
                rules: rules.clone(),
                contact: contact.clone(),
            };
            view! { <PlannedCheckinLine item at/> }
        })
        .collect_view();
    view! {
        <TimelinePanel view=patient.timeline.clone() own/>
        <section class="card checkins">
            <h2>{tr(Msg::CheckinsTitle)}</h2>
            <ul class="list">{checkins}</ul>
        </section>
        <AlertCard view=patient.timeline/>
    }
    .into_any()
}

#[derive(Clone)]
struct Contact {
    centre: CentreContact,
    emergency: String,
    fever_threshold_c: Option<f64>,
}

/// Whom the answers are about and by, and how to triage them.
#[derive(Clone)]
struct Answering {
    patient_id: i64,
    owner: i64,
    rules: Arc<TriageRules>,
    contact: Contact,
}

#[component]
fn PlannedCheckinLine(item: PlannedCheckin, at: Answering) -> impl IntoView {
    let locale = use_locale();
    let open = RwSignal::new(false);
    let title = item.questionnaire.title.in_language(locale.language()).to_string();
    let when = match item.due.state {
        WindowState::Overdue => tr(Msg::CheckinOverdue).to_string(),
        WindowState::Open => tr(Msg::CheckinDueNow).to_string(),
        _ => fill(
            tr(Msg::CheckinNext),
            &[
                ("date", &date_text(&item.due.due_on)),
                ("time", &time_text(&item.due.due_time)),
            ],
        ),
    };
    let (schedule, patient_id) = (item.due.schedule.clone(), at.patient_id);
    // Always answerable, as online: symptoms are reported when they come. The server files
    // the answer by when it was given, as it would have online at that moment.
    view! {
        <li data-checkin=schedule data-patient=patient_id>
            <strong>{title}</strong>" "<span class="muted">{when}</span>" "
            <button type="button" hidden=move || open.get() on:click=move |_| open.set(true)>{t(locale, Msg::OfflineAnswerNow)}</button>
            {move || open.get().then(|| view! { <OfflineCheckinForm item=item.clone() at=at.clone()/> }.into_any())}
        </li>
    }
}

/// The check-in, answered without signal: checked and triaged here, then kept on the phone.
#[component]
fn OfflineCheckinForm(item: PlannedCheckin, at: Answering) -> impl IntoView {
    let locale = use_locale();
    let q = Arc::new(item.questionnaire.clone());
    let state = FormState {
        questionnaire: q.clone(),
        answers: RwSignal::new(Default::default()),
        problems: RwSignal::new(Vec::new()),
        locale,
        restored: RwSignal::new(0),
    };
    let advice = RwSignal::new(None::<Advice>);
    let kept = RwSignal::new(None::<Kept>);
    let not_kept = RwSignal::new(false);
    // Made once: saving twice keeps one copy.
    let client_id = crate::offline_store::new_client_id().unwrap_or_default();
    let on_submit = {
        let (state, at, q) = (state.clone(), at.clone(), q.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let answers = shown_only(&q, &state.answers.get_untracked());
            let problems = check(&q, &answers);
            state.problems.set(problems.clone());
            // Before anything is stored, and even while other answers are missing: what to do
            // now comes first.
            advice.set(crate::domain::triage::advice_now(
                &q,
                &answers,
                &at.rules,
                &item.previous,
                at.contact.fever_threshold_c,
            ));
            if !problems.is_empty() || kept.get_untracked().is_some() {
                return;
            }
            let submission = Submission {
                client_id: client_id.clone(),
                questionnaire: q.short_name().to_string(),
                patient_id: at.patient_id,
                about_myself: item.due.about_myself,
                answers,
                answered_at: None,
                answered_by: Some(at.owner),
            };
            keep_on_phone(submission, Kept::UntilOnline, kept, not_kept);
        }
    };
    let problems = state.problems;
    let contact = at.contact.clone();
    view! {
        {move || advice.get().map(|a| view! {
            <UrgentAdvice advice=a centre=contact.centre.clone() emergency=contact.emergency.clone() locale/>
        })}
        <form class="stack checkin" on:submit=on_submit novalidate>
            {items_view(&state, &q.items)}
            {move || (!problems.get().is_empty()).then(|| view! {
                <p class="feedback error" role="alert">{t(locale, Msg::CheckinFixItems)}</p>
            })}
            {move || kept.get().map(|until| view! { <KeptNotice until/> })}
            {move || not_kept.get().then(|| view! {
                <p class="feedback error" role="alert">{t(locale, Msg::CheckinNotSent)}</p>
            })}
            <button type="submit" hidden=move || kept.get().is_some()>{t(locale, Msg::CheckinSend)}</button>
        </form>
    }
}
