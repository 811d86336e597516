//! `/handover`: the shift handover, one printable page. What is new since the centre's last
//! handover (or the last 24 hours): flags, messages waiting for a reply, the patients in days
//! 0–14 after infusion with their last temperature, and what changed in the timelines. The
//! nurse handing over marks it given, and the next handover starts from then.
use super::{
    flags::level_label,
    forms::ActionFeedback,
    timeline_editor::change_summary,
    timeline_labels::{date_text, date_time_text, time_text},
};
use crate::{
    api::handover::{shift_handover, GiveHandover, HandoverView},
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn HandoverPage() -> impl IntoView {
    let give = ServerAction::<GiveHandover>::new();
    let data = Resource::new_blocking(move || give.version().get(), |_| shift_handover());
    view! {
        <div class="desk handover">
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(view) => view! { <Handover view give/> }.into_any(),
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Handover(view: HandoverView, give: ServerAction<GiveHandover>) -> impl IntoView {
    let since = date_time_text(&view.since_on, &view.since_time);
    let since = match &view.given_by {
        Some(name) => fill(tr(Msg::HandoverSince), &[("when", &since), ("name", name)]),
        None => fill(tr(Msg::HandoverSinceNone), &[("when", &since)]),
    };
    let none = || view! { <p class="muted">{tr(Msg::HandoverNone)}</p> };
    view! {
        <h1>{fill(tr(Msg::HandoverTitle), &[("centre", &view.centre)])}</h1>
        <p>{since}</p>
        <div class="buttons no-print">
            <button type="button" class="secondary" on:click=|_| { let _ = window().print(); }>{tr(Msg::HandoverPrint)}</button>
            <ActionForm action=give attr:class="inline">
                <button type="submit">{tr(Msg::HandoverGive)}</button>
            </ActionForm>
        </div>
        <ActionFeedback outcome=give.value()/>
        {move || give.value().get().is_some_and(|r| r.is_ok()).then(|| view! {
            <p class="feedback notice" role="status">{tr(Msg::HandoverGiven)}</p>
        })}

        <h2>{tr(Msg::HandoverFlags)}</h2>
        {if view.new_flags.is_empty() { none().into_any() } else { view! {
            <table class="dense">
                <thead><tr>
                    <th scope="col">{tr(Msg::ColumnLevel)}</th>
                    <th scope="col">{tr(Msg::ColumnPatient)}</th>
                    <th scope="col">{tr(Msg::ColumnWhat)}</th>
                    <th scope="col">{tr(Msg::ColumnRaised)}</th>
                </tr></thead>
                <tbody>{view.new_flags.into_iter().map(|f| view! {
                    <tr data-flag=f.id>
                        <td data-label=tr(Msg::ColumnLevel)>{level_label(f.level)}</td>
                        <td data-label=tr(Msg::ColumnPatient)><a href=format!("/patients/{}", f.patient_id)>{f.patient_name}</a></td>
                        <td data-label=tr(Msg::ColumnWhat)>{f.what}</td>
                        <td data-label=tr(Msg::ColumnRaised)>{date_time_text(&f.raised_on, &f.raised_time)}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any() }}

        <h2>{tr(Msg::MessagesWaitingTitle)}</h2>
        {if view.messages.is_empty() { none().into_any() } else { view! {
            <table class="dense">
                <thead><tr>
                    <th scope="col">{tr(Msg::ColumnPatient)}</th>
                    <th scope="col">{tr(Msg::ColumnWaiting)}</th>
                </tr></thead>
                <tbody>{view.messages.into_iter().map(|m| view! {
                    <tr data-thread=m.patient_id>
                        <td data-label=tr(Msg::ColumnPatient)><a href=format!("/patients/{}#messages", m.patient_id)>{m.patient_name}</a></td>
                        <td data-label=tr(Msg::ColumnWaiting)>
                            {fill(tr(Msg::MessagesWaitingSince), &[("count", &m.count.to_string()), ("date", &date_text(&m.since_on))])}
                            {m.overdue.then(|| view! { " " <span class="badge late">{tr(Msg::MessagesOverdue)}</span> })}
                        </td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any() }}

        <h2>{tr(Msg::HandoverWatched)}</h2>
        {if view.watched.is_empty() { none().into_any() } else { view! {
            <table class="dense watched">
                <thead><tr>
                    <th scope="col">{tr(Msg::ColumnPatient)}</th>
                    <th scope="col">{tr(Msg::ColumnDay)}</th>
                    <th scope="col">{tr(Msg::ColumnTemperature)}</th>
                    <th scope="col">{tr(Msg::ColumnNurse)}</th>
                </tr></thead>
                <tbody>{view.watched.into_iter().map(|w| view! {
                    <tr data-patient-id=w.patient_id>
                        <td data-label=tr(Msg::ColumnPatient)>
                            <a href=format!("/patients/{}", w.patient_id)>{w.name}</a>
                            {w.admitted.then(|| view! { " " <span class="badge">{tr(Msg::BoardAdmitted)}</span> })}
                        </td>
                        <td data-label=tr(Msg::ColumnDay)>{format!("+{}", w.day)}</td>
                        <td data-label=tr(Msg::ColumnTemperature)>
                            {match (w.temperature, w.temperature_on, w.temperature_time) {
                                (Some(t), Some(on), Some(time)) => format!("{t} · {} {}", date_text(&on), time_text(&time)),
                                _ => tr(Msg::HandoverNoTemperature).to_string(),
                            }}
                            {w.fever.then(|| view! { " " <span class="badge late">{tr(Msg::HandoverFever)}</span> })}
                        </td>
                        <td data-label=tr(Msg::ColumnNurse)>{w.nurse}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any() }}

        <h2>{tr(Msg::HandoverChanges)}</h2>
        {if view.changes.is_empty() { none().into_any() } else { view! {
            <table class="dense changes">
                <thead><tr>
                    <th scope="col">{tr(Msg::ColumnWhen)}</th>
                    <th scope="col">{tr(Msg::ColumnPatient)}</th>
                    <th scope="col">{tr(Msg::ColumnWhat)}</th>
                    <th scope="col">{tr(Msg::ColumnWho)}</th>
                </tr></thead>
                <tbody>{view.changes.into_iter().map(|c| view! {
                    <tr>
                        <td data-label=tr(Msg::ColumnWhen)>{date_time_text(&c.change.on, &c.change.time)}</td>
                        <td data-label=tr(Msg::ColumnPatient)><a href=format!("/patients/{}", c.patient_id)>{c.patient_name}</a></td>
                        <td data-label=tr(Msg::ColumnWhat)>{change_summary(&c.change)}</td>
                        <td data-label=tr(Msg::ColumnWho)>{c.change.by.clone()}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any() }}
    }
}
