//! The patient page's hospital number, for the nurses of the patient's centre: the number
//! as recorded, and a form to record, correct or clear it. The hospital's systems find the
//! patient by it (red-flag webhooks, the FHIR API), so it is shown where it is checked.
use super::forms::{ActionFeedback, Field};
use crate::{
    api::hospital::{hospital_number, SetHospitalNumber},
    i18n::Msg,
    tr,
};
use leptos::prelude::*;

#[component]
pub fn HospitalNumberPanel(patient_id: i64) -> impl IntoView {
    let save = ServerAction::<SetHospitalNumber>::new();
    let outcome = save.value();
    let current = Resource::new(move || save.version().get(), move |_| hospital_number(patient_id));
    let shown = move || {
        current.get().and_then(Result::ok).map(|number| match number {
            Some(number) => view! { <p>{tr(Msg::HospitalNumberTitle)}": "<code>{number}</code></p> }.into_any(),
            None => view! { <p class="muted">{tr(Msg::HospitalNumberNone)}</p> }.into_any(),
        })
    };
    view! {
        <details class="card" id="hospital-number">
            <summary>{tr(Msg::HospitalNumberTitle)}</summary>
            <Suspense fallback=|| ()>{shown}</Suspense>
            <ActionFeedback outcome/>
            {move || matches!(outcome.get(), Some(Ok(_))).then(|| view! { <p class="feedback notice" role="status">{tr(Msg::HospitalNumberSaved)}</p> })}
            <ActionForm action=save attr:class="stack">
                <input type="hidden" name="patient_id" value=patient_id/>
                <Field name="number" key="number" id=format!("hospital-number-{patient_id}") label=Msg::HospitalNumberLabel
                    hint=Msg::HospitalNumberHint autocomplete="off" outcome/>
                <button type="submit">{tr(Msg::HospitalNumberSave)}</button>
            </ActionForm>
        </details>
    }
}
