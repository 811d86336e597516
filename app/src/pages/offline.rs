//! `/offline`: what a phone without signal shows when a page cannot load. The service worker
//! keeps it in the app shell and opens it in place of the page; the server renders it for
//! nobody (it names no one and holds no health data). Emergency numbers are `tel:` links,
//! which work without data; the care team's hotline comes from the plan kept on the phone,
//! when the person chose to keep one.
use crate::{
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

/// The emergency numbers of the countries whose number is not 112 (see
/// `domain::triage::emergency`), by ISO country code, which needs no translation.
const OTHER_EMERGENCY_NUMBERS: [(&str, &str); 4] = [("US, CA", "911"), ("GB", "999"), ("AU", "000"), ("NZ", "111")];

#[component]
pub fn OfflinePage() -> impl IntoView {
    view! {
        <h1>{tr(Msg::OfflineTitle)}</h1>
        <p>{tr(Msg::OfflineExplain)}</p>
        <aside class="urgent-advice" aria-labelledby="offline-emergency">
            <h2 id="offline-emergency">{tr(Msg::OfflineEmergencyTitle)}</h2>
            <a class="call emergency" href="tel:112">
                {fill(tr(Msg::CheckinAdviceEmergency), &[("number", "112")])}
            </a>
            <p>{tr(Msg::OfflineOtherNumbers)}</p>
            <ul class="numbers">
                {OTHER_EMERGENCY_NUMBERS.map(|(countries, number)| view! {
                    <li><a class="call" href=format!("tel:{number}")>{countries}": "<strong>{number}</strong></a></li>
                }).collect_view()}
            </ul>
            <p>{tr(Msg::OfflineHotlineWhere)}</p>
        </aside>
        <p><a class="button" href="/">{tr(Msg::OfflineTryAgain)}</a></p>
        <super::offline_plan::KeptPlan/>
    }
}
