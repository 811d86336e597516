//! On a patient's page, for their nurses: the reminders that went to the patient and their
//! caregivers, the next ones, and any a push service refused.
use super::timeline_labels::date_time_text;
use crate::{api::push::patient_reminders, i18n::Msg, tr};
use leptos::prelude::*;

fn state_label(state: &str) -> &'static str {
    tr(match state {
        "sent" => Msg::ReminderSent,
        "failed" => Msg::ReminderFailed,
        _ => Msg::ReminderPending,
    })
}

#[component]
pub fn ReminderLog(patient_id: i64) -> impl IntoView {
    let rows = Resource::new(|| (), move |_| patient_reminders(patient_id));
    view! {
        <Suspense fallback=|| ()>
            {move || rows.get().and_then(|r| r.ok()).filter(|r| !r.is_empty()).map(|list| view! {
                <section class="card reminder-log">
                    <h2>{tr(Msg::InboxTitle)}</h2>
                    <ul class="list">
                        {list.into_iter().map(|r| {
                            let to = tr(if r.to == "caregiver" { Msg::ReminderToCaregiver } else { Msg::ReminderToPatient });
                            view! {
                                <li data-state=r.state.clone()>
                                    <strong>{r.title}</strong>" · "{to}
                                    <br/>
                                    <span class="muted">{date_time_text(&r.on, &r.time)}</span>" · "{state_label(&r.state)}
                                    {(r.state == "sent" && r.attempts == 0).then(|| view! { " · "{tr(Msg::ReminderInAppOnly)} })}
                                    {r.last_problem.map(|p| view! { " · "<span class="badge late">{p}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </Suspense>
    }
}
