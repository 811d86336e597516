//! On the patient's home: the check-ins to fill in now, any missed, and the next one. On the
//! patient's page the nurse sees the same list, without the links to fill them in.
use super::timeline_labels::{date_text, time_text};
use crate::{
    api::checkins::CheckinDue,
    domain::checkins::WindowState,
    i18n::{fill, Msg},
    tr, use_locale,
};
use leptos::prelude::*;

#[component]
pub fn DueCheckins(
    patient_id: i64,
    items: Vec<CheckinDue>,
    /// Staff read the list; only the patient and caregivers answer.
    #[prop(optional)]
    read_only: bool,
) -> impl IntoView {
    if items.is_empty() {
        return None;
    }
    let locale = use_locale();
    let lines = items
        .into_iter()
        .map(|item| {
            let mine = if item.about_myself { "&self=1" } else { "" };
            let href = format!("/checkins/{}?patient={patient_id}{mine}", item.questionnaire);
            let state = match item.state {
                WindowState::Overdue => view! { <span class="badge late">{tr(Msg::CheckinOverdue)}</span> }.into_any(),
                WindowState::Open => view! { <span class="badge">{tr(Msg::CheckinDueNow)}</span> }.into_any(),
                _ => view! {
                    <span class="muted">{fill(tr(Msg::CheckinNext), &[("date", &date_text(&item.due_on)), ("time", &time_text(&item.due_time))])}</span>
                }
                .into_any(),
            };
            view! {
                <li data-checkin=item.schedule.clone() data-state=format!("{:?}", item.state) data-patient=patient_id>
                    {if read_only {
                        item.title.in_language(locale.language()).to_string().into_any()
                    } else {
                        view! {
                            <a href=href>
                                {item.title.in_language(locale.language()).to_string()}
                                {item.about_myself.then(|| format!(" {}", tr(Msg::CheckinAboutYou)))}
                            </a>
                        }
                        .into_any()
                    }}
                    " "{state}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section class="card checkins">
            <h2>{tr(Msg::CheckinsTitle)}</h2>
            <ul class="list">{lines}</ul>
        </section>
    })
}
