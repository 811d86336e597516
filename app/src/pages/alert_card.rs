//! `/patients/:id/card`: the digital patient alert card. It prints on one page and tells an
//! emergency doctor what they must know about a CAR-T recipient.
use super::{patient::patient_timeline, timeline_labels::date_text};
use crate::{
    api::timeline::TimelineView,
    domain::timeline::{MilestoneKind, MilestoneStatus},
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn AlertCardPage() -> impl IntoView {
    let timeline = patient_timeline(|| ());
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || timeline.get().map(|result| match result {
                Ok(view) => view! { <AlertCard view/> }.into_any(),
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn AlertCard(view: TimelineView) -> impl IntoView {
    let infusion = view
        .treatment
        .as_ref()
        .and_then(|t| t.milestones.iter().find(|m| m.kind == MilestoneKind::Infusion))
        .map(|m| {
            if m.status == MilestoneStatus::Done {
                date_text(&m.date)
            } else {
                fill(tr(Msg::AlertCardInfusionPlanned), &[("date", &date_text(&m.date))])
            }
        });
    let product = view.treatment.as_ref().map(|t| t.product_name.clone());
    let tel = super::tel_href(&view.centre.hotline);
    view! {
        <article class="alert-card">
            <h1>{tr(Msg::AlertCardTitle)}</h1>
            <dl>
                <dt>{tr(Msg::AlertCardPatient)}</dt><dd>{view.patient_name.clone()}</dd>
                <dt>{tr(Msg::AlertCardProduct)}</dt><dd>{product.unwrap_or_else(|| "—".into())}</dd>
                <dt>{tr(Msg::AlertCardInfusion)}</dt><dd>{infusion.unwrap_or_else(|| "—".into())}</dd>
                <dt>{tr(Msg::AlertCardCentre)}</dt><dd>{view.centre.name.clone()}</dd>
                <dt>{tr(Msg::AlertCardHotline)}</dt><dd><a href=tel><strong>{view.centre.hotline.clone()}</strong></a></dd>
            </dl>
            <section class="for-doctors">
                <h2>{tr(Msg::AlertCardForDoctors)}</h2>
                <p>{tr(Msg::AlertCardRisk)}</p>
            </section>
            <p>{tr(Msg::AlertCardCarry)}</p>
            <button type="button" class="no-print" on:click=move |_| { let _ = window().print(); }>{tr(Msg::PrintCard)}</button>
        </article>
    }
}
