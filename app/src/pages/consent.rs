//! Consent to research use: the patient sees it in their settings and gives or withdraws
//! it there; a nurse records the paper form (with the day it was signed) on the patient's
//! page. Shown to nobody else.
use super::timeline_labels::date_text;
use crate::{
    api::research::{get_research_consent, ConsentView, SetResearchConsent},
    error::AppError,
    feedback::problem_msg,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

fn status(c: &ConsentView) -> String {
    let via = match c.via.as_deref() {
        Some("paper") => tr(Msg::ConsentViaPaper),
        _ => tr(Msg::ConsentViaApp),
    };
    let on = date_text(
        &c.signed_on
            .clone()
            .or_else(|| c.recorded_on.clone())
            .unwrap_or_default(),
    );
    if c.never_recorded {
        tr(Msg::ConsentNever).to_string()
    } else if c.given {
        fill(tr(Msg::ConsentGivenOn), &[("date", &on), ("via", via)])
    } else {
        fill(
            tr(Msg::ConsentWithdrawnOn),
            &[("date", &date_text(&c.recorded_on.clone().unwrap_or_default()))],
        )
    }
}

/// `patient_id`: none on the patient's own settings page.
#[component]
pub fn ResearchConsent(patient_id: Option<i64>) -> impl IntoView {
    let set = ServerAction::<SetResearchConsent>::new();
    let outcome = set.value();
    let consent = Resource::new(move || set.version().get(), move |_| get_research_consent(patient_id));
    let id_value = patient_id.map(|id| id.to_string()).unwrap_or_default();
    view! {
        <Suspense fallback=|| ()>
            {move || consent.get().and_then(Result::ok).map(|c| {
                let id_value = id_value.clone();
                view! {
                    <section class="card" id="research-consent">
                        <h2>{tr(Msg::ConsentTitle)}</h2>
                        <p>{tr(Msg::ConsentExplain)}</p>
                        <p role="status"><strong>{status(&c)}</strong></p>
                        {move || outcome.with(|o| match o {
                            Some(Err(AppError::Invalid(problems))) => Some(view! {
                                <p class="feedback error" role="alert">{problems.first().map(|p| tr(problem_msg(p.problem)))}</p>
                            }.into_any()),
                            Some(Err(error)) => Some(view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any()),
                            _ => None,
                        })}
                        <ActionForm action=set attr:class="stack">
                            {patient_id.map(|_| view! { <input type="hidden" name="patient_id" value=id_value.clone()/> })}
                            <input type="hidden" name="given" value=(!c.given).to_string()/>
                            {(c.as_nurse && !c.given).then(|| view! {
                                <label for="consent-signed-on">{tr(Msg::ConsentSignedOn)}</label>
                                <input id="consent-signed-on" type="date" name="signed_on" required=""/>
                            })}
                            <button type="submit">{tr(match (c.as_nurse, c.given) {
                                (true, false) => Msg::ConsentRecordPaper,
                                (true, true) => Msg::ConsentRecordWithdrawal,
                                (false, false) => Msg::ConsentGive,
                                (false, true) => Msg::ConsentWithdraw,
                            })}</button>
                        </ActionForm>
                    </section>
                }
            })}
        </Suspense>
    }
}
