//! What a check-in page served without the wasm (`routes::serves_without_wasm`) gives its
//! script, `public/checkin-form.js`, besides the form itself: the questionnaire and the fixed
//! parts of the submission, for the check-in engine; every text the script may show (the
//! advice, the problems, what became of the answers), rendered here in the reader's language
//! and hidden until needed. Rendered by the server only: a check-in drawn by the wasm (reached
//! by a link inside the app) runs the app's own code instead.
use super::{
    checkin::{Kept, KeptNotice, UrgentAdvice},
    checkin_items::problem_msg,
};
use crate::{
    api::checkins::CheckinForm,
    domain::{checkins::AnswerProblemKind, triage::Advice},
    i18n::{fill, t, Locale, Msg},
};
use leptos::prelude::*;

/// Every kind of problem the engine may report, for the script's table of texts.
const PROBLEM_KINDS: [AnswerProblemKind; 9] = [
    AnswerProblemKind::Unknown,
    AnswerProblemKind::NotAQuestion,
    AnswerProblemKind::WrongType,
    AnswerProblemKind::NotAnOption,
    AnswerProblemKind::BelowMinimum,
    AnswerProblemKind::AboveMaximum,
    AnswerProblemKind::TooLong,
    AnswerProblemKind::Required,
    AnswerProblemKind::NotEnabled,
];

const ADVICE: [Advice; 3] = [Advice::EmergencyFirst, Advice::Crisis, Advice::CallCareTeam];

/// The engine's request without the fields, and the texts of the problems: a data attribute
/// (escaped as any attribute), read once by the script.
fn script_data(form: &CheckinForm, locale: Locale) -> String {
    let problems: serde_json::Map<String, serde_json::Value> = PROBLEM_KINDS
        .iter()
        .map(|kind| (format!("{kind:?}"), t(locale, problem_msg(*kind)).into()))
        .collect();
    serde_json::json!({
        "questionnaire": form.questionnaire,
        "fever_threshold_c": form.fever_threshold_c,
        "submission": {
            "client_id": form.client_id,
            "questionnaire": form.questionnaire.short_name(),
            "patient_id": form.patient_id,
            "about_myself": form.about_myself,
            "answered_by": form.respondent_id,
        },
        "problems": problems,
    })
    .to_string()
}

/// As the engine names it (`emergency_first`).
fn advice_name(advice: Advice) -> String {
    serde_json::to_value(advice)
        .ok()
        .and_then(|name| name.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The advice for each kind, as templates, and where the script puts the one it shows (above
/// the form, where the app draws it): only what is shown is in the page.
pub fn hidden_advice(form: &CheckinForm, locale: Locale) -> impl IntoView {
    let templates = ADVICE
        .into_iter()
        .map(|advice| {
            let (centre, emergency) = (form.centre.clone(), form.emergency_number.clone());
            view! {
                <template data-advice-for=advice_name(advice)>
                    <UrgentAdvice advice centre emergency locale/>
                </template>
            }
        })
        .collect_view();
    view! { {templates}{unchecked(form, locale)}<div data-slot="advice"></div> }
}

/// When the engine cannot run on this phone, nothing checked the answers: the page says so,
/// with both numbers to call, rather than staying silent about a possible red flag.
fn unchecked(form: &CheckinForm, locale: Locale) -> impl IntoView {
    let hotline = form.centre.hotline.clone();
    let care_team = super::tel_href(&hotline);
    let emergency = form.emergency_number.clone();
    let headline = fill(t(locale, Msg::CheckinUnchecked), &[("number", &emergency)]);
    view! {
        <template data-advice-for="unchecked">
            <section class="urgent-advice" role="alert" data-advice="Unchecked">
                <p><strong>{headline}</strong></p>
                <a class="call" href=care_team>
                    <span>{t(locale, Msg::CheckinAdviceCallNow)}</span>
                    <strong>{hotline}</strong>
                </a>
                <a class="call emergency" href=format!("tel:{emergency}")><strong>{emergency.clone()}</strong></a>
            </section>
        </template>
    }
}

/// What became of the answers, as templates, the place the script shows them, and the
/// script's data.
pub fn hidden_outcomes(form: &CheckinForm, locale: Locale) -> impl IntoView {
    let notice = |name: &'static str, msg: Msg| {
        view! { <template data-outcome=name><div class="feedback notice" role="status"><p>{t(locale, msg)}</p></div></template> }
    };
    let error = |name: &'static str, msg: Msg| {
        view! { <template data-outcome=name><p class="feedback error" role="alert">{t(locale, msg)}</p></template> }
    };
    view! {
        <div id="checkin-plain" data-checkin=script_data(form, locale)>
            {error("fix", Msg::CheckinFixItems)}
            <template data-outcome="kept-online"><KeptNotice until=Kept::UntilOnline/></template>
            <template data-outcome="kept-sign-in"><KeptNotice until=Kept::UntilSignIn/></template>
            {notice("sent", Msg::CheckinSent)}
            {notice("sent-late", Msg::CheckinSentLate)}
            {notice("resumed", Msg::CheckinResumed)}
            <template data-outcome="nurse"><p>{t(locale, Msg::CheckinNurseWillLook)}</p></template>
            {error("not-sent", Msg::CheckinNotSent)}
            <div data-slot="outcome"></div>
        </div>
    }
}
