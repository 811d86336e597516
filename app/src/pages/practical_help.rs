//! "Practical help", on the patient's page: the centre's texts for patients who come from
//! far, where the patient stays and the emergency number there. The patient and their
//! caregivers say where the patient stays; staff read it. A plain form underneath, so that
//! it works before the page's code has loaded.
use super::tel_href;
use crate::{
    api::help::{practical_help, HelpView, SetStay},
    domain::practical_help::{country_name, Topic, COUNTRIES},
    error::AppError,
    feedback::problem_msg,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

pub fn topic_msg(topic: Topic) -> Msg {
    match topic {
        Topic::Lodging => Msg::HelpLodging,
        Topic::Travel => Msg::HelpTravel,
        Topic::Parking => Msg::HelpParking,
        Topic::Packing => Msg::HelpPacking,
    }
}

#[component]
pub fn PracticalHelpPanel(patient_id: i64, can_say_stay: bool) -> impl IntoView {
    let stay = ServerAction::<SetStay>::new();
    let help = Resource::new(move || stay.version().get(), move |_| practical_help(patient_id));
    view! {
        <section class="card stack" id="help" aria-labelledby="help-title">
            <h2 id="help-title">{tr(Msg::HelpTitle)}</h2>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || help.get().map(|answer| match answer {
                    Ok(help) => view! { <Help help stay can_say_stay/> }.into_any(),
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Help(help: HelpView, stay: ServerAction<SetStay>, can_say_stay: bool) -> impl IntoView {
    let topics = if help.topics.is_empty() {
        view! { <p class="muted">{tr(Msg::HelpNone)}</p> }.into_any()
    } else {
        help.topics
            .into_iter()
            .map(|t| {
                view! {
                    <h3>{tr(topic_msg(t.topic))}</h3>
                    <p class="help-text" data-topic=t.topic.as_str()>{t.text}</p>
                }
            })
            .collect_view()
            .into_any()
    };
    let number = help.emergency_number.clone();
    let form = if can_say_stay {
        view! { <StayForm patient_id=help.patient_id staying=help.staying_country.clone() centre_country=help.centre_country.clone() stay/> }.into_any()
    } else {
        // Staff read where the patient stays.
        let staying = help
            .staying_country
            .as_deref()
            .map(country_name)
            .unwrap_or_else(|| country_name(&help.centre_country));
        view! { <p data-staying=help.staying_country.clone().unwrap_or_default()>{fill(tr(Msg::HelpStayingIn), &[("country", staying)])}</p> }.into_any()
    };
    view! {
        {topics}
        {form}
        <p class="emergency-here" data-emergency=number.clone()>
            <strong>{fill(tr(Msg::HelpEmergencyHere), &[("number", &number)])}</strong>" "
            <a class="button" href=tel_href(&number)>{number.clone()}</a>
        </p>
    }
}

#[component]
fn StayForm(
    patient_id: i64,
    staying: Option<String>,
    centre_country: String,
    stay: ServerAction<SetStay>,
) -> impl IntoView {
    let feedback = move || {
        stay.value().with(|result| match result {
            Some(Ok(())) => Some(view! { <p class="feedback" role="status">{tr(Msg::HelpStaySaved)}</p> }.into_any()),
            Some(Err(AppError::Invalid(problems))) => problems
                .first()
                .map(|p| view! { <p class="field-error" role="alert">{tr(problem_msg(p.problem))}</p> }.into_any()),
            Some(Err(error)) => {
                Some(view! { <p class="field-error" role="alert">{tr(error.message())}</p> }.into_any())
            }
            None => None,
        })
    };
    let home = format!("{} ({})", tr(Msg::HelpStayCentre), country_name(&centre_country));
    let options = COUNTRIES
        .iter()
        .filter(|(code, _)| *code != centre_country)
        .map(|(code, name)| {
            let selected = staying.as_deref() == Some(*code);
            view! { <option value=*code selected=selected>{*name}</option> }
        })
        .collect_view();
    view! {
        <ActionForm action=stay attr:class="stack">
            <input type="hidden" name="patient_id" value=patient_id/>
            <label for="stay-country">{tr(Msg::HelpStayLabel)}</label>
            <select id="stay-country" name="country">
                <option value="" selected=staying.is_none()>{home}</option>
                {options}
            </select>
            <button type="submit">{tr(Msg::HelpStaySave)}</button>
            {feedback}
        </ActionForm>
    }
}
