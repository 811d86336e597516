//! The calendar panel of settings: the secret address of the person's calendar feed of the
//! visits (`server/src/services/calendar_feeds.rs`), to copy into a calendar app or open in
//! it, with neutral titles unless the person asks otherwise; made anew or stopped with plain
//! forms. Patients and caregivers only (a caregiver has one per patient they look after).
use crate::{
    api::{
        calendar::{calendar_feeds, CalendarFeedRow},
        SiteInfo,
    },
    domain::role::Role,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn CalendarPanel() -> impl IntoView {
    let offered = use_context::<SiteInfo>()
        .and_then(|info| info.viewer)
        .is_some_and(|v| matches!(v.role, Role::Patient | Role::Caregiver));
    offered.then(|| {
        let feeds = Resource::new(|| (), |_| calendar_feeds());
        view! {
            <section class="card stack" id="calendar" aria-labelledby="calendar-title">
                <h2 id="calendar-title">{tr(Msg::CalendarTitle)}</h2>
                <p>{tr(Msg::CalendarExplain)}</p>
                <p id="calendar-private"><strong>{tr(Msg::CalendarPrivate)}</strong></p>
                <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                    {move || feeds.get().map(|answer| match answer {
                        Ok(rows) => rows.into_iter().map(|row| view! { <Feed row/> }).collect_view().into_any(),
                        Err(_) => view! { <p role="alert">{tr(Msg::InboxUnavailable)}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
        }
    })
}

/// One patient's feed: its address and what can be done with it, or the form to make one.
#[component]
fn Feed(row: CalendarFeedRow) -> impl IntoView {
    let patient = row.patient_id.to_string();
    let heading = row
        .patient_name
        .as_ref()
        .map(|name| view! { <h3>{fill(tr(Msg::CalendarFor), &[("name", name)])}</h3> });
    let body = match row.address {
        Some(address) => view! { <Address address detailed=row.detailed patient=patient.clone()/> }.into_any(),
        None => view! { <MakeForm patient=patient.clone() again=false/> }.into_any(),
    };
    view! { <div class="stack" data-calendar-feed=patient>{heading}{body}</div> }
}

#[component]
fn Address(address: String, detailed: bool, patient: String) -> impl IntoView {
    let field = format!("calendar-address-{patient}");
    // Calendar apps subscribe from a webcal: link (the same address, read over HTTP(S)).
    let webcal = address
        .split_once("://")
        .map(|(_, rest)| format!("webcal://{rest}"))
        .unwrap_or_else(|| address.clone());
    let titles = if detailed {
        Msg::CalendarTitlesDetailed
    } else {
        Msg::CalendarTitlesNeutral
    };
    view! {
        <label for=field.clone()>{tr(Msg::CalendarAddressLabel)}</label>
        <input id=field type="text" readonly value=address aria-describedby="calendar-private" data-calendar-address=""/>
        <p><a class="button" href=webcal>{tr(Msg::CalendarOpen)}</a></p>
        <p class="muted">{tr(titles)}</p>
        <MakeForm patient=patient.clone() again=true/>
        <form method="post" action="/api/calendar/revoke">
            <input type="hidden" name="patient_id" value=patient/>
            <button type="submit" class="secondary">{tr(Msg::CalendarRevoke)}</button>
        </form>
    }
}

#[component]
fn MakeForm(patient: String, again: bool) -> impl IntoView {
    let check = format!("calendar-detailed-{patient}");
    view! {
        <form method="post" action="/api/calendar/make" class="stack">
            <input type="hidden" name="patient_id" value=patient/>
            <label class="check" for=check.clone()>
                <input type="checkbox" id=check.clone() name="detailed" value="1"/>
                " "{tr(Msg::CalendarDetailedLabel)}
            </label>
            <button type="submit" class=if again { "secondary" } else { "" }>
                {tr(if again { Msg::CalendarRemake } else { Msg::CalendarMake })}
            </button>
        </form>
    }
}
