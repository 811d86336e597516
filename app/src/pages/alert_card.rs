//! `/patients/:id/card`: the digital patient alert card. It prints on one page and tells an
//! emergency doctor what they must know about a CAR-T recipient.
use super::patient::patient_timeline;
use crate::{
    api::timeline::TimelineView,
    domain::timeline::{MilestoneKind, MilestoneStatus},
    i18n::{dates, fill, t, Locale, Msg},
    tr, use_locale,
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

/// The card in the reader's language and, when the centre's staff read another, again in
/// theirs: the emergency doctor may read either. Each copy says which language it is in.
#[component]
pub fn AlertCard(view: TimelineView) -> impl IntoView {
    let own = use_locale();
    let theirs = Locale::parse(&view.centre_language).filter(|l| l.language() != own.language());
    let second = theirs.map(|locale| view! { <OneCard view=view.clone() locale second=true/> });
    view! {
        <OneCard view=view.clone() locale=own second=false/>
        {second}
        <button type="button" class="no-print" on:click=move |_| { let _ = window().print(); }>{t(own, Msg::PrintCard)}</button>
    }
}

#[component]
fn OneCard(view: TimelineView, locale: Locale, second: bool) -> impl IntoView {
    let tr = move |msg| t(locale, msg);
    let date = move |iso: &str| dates::long_date(locale, iso);
    let infusion = view
        .treatment
        .as_ref()
        .and_then(|t| t.milestones.iter().find(|m| m.kind == MilestoneKind::Infusion))
        .map(|m| {
            if m.status == MilestoneStatus::Done {
                date(&m.date)
            } else {
                fill(tr(Msg::AlertCardInfusionPlanned), &[("date", &date(&m.date))])
            }
        });
    let product = view.treatment.as_ref().map(|t| t.product_name.clone());
    let tel = super::tel_href(&view.centre.hotline);
    let emergency = super::tel_href(&view.emergency_number);
    // The first copy's title is the page's heading; the second's is a section's.
    let title = if second {
        view! { <h2>{tr(Msg::AlertCardTitle)}</h2> }.into_any()
    } else {
        view! { <h1>{tr(Msg::AlertCardTitle)}</h1> }.into_any()
    };
    view! {
        <article class="alert-card" lang=locale.code() data-language=locale.language()>
            {title}
            <dl>
                <dt>{tr(Msg::AlertCardPatient)}</dt><dd>{view.patient_name.clone()}</dd>
                <dt>{tr(Msg::AlertCardProduct)}</dt><dd>{product.unwrap_or_else(|| "—".into())}</dd>
                <dt>{tr(Msg::AlertCardInfusion)}</dt><dd>{infusion.unwrap_or_else(|| "—".into())}</dd>
                <dt>{tr(Msg::AlertCardCentre)}</dt><dd>{view.centre.name.clone()}</dd>
                <dt>{tr(Msg::AlertCardHotline)}</dt><dd><a href=tel><strong>{view.centre.hotline.clone()}</strong></a></dd>
            </dl>
            <p class="emergency-here" data-emergency=view.emergency_number.clone()>
                {fill(tr(Msg::HelpEmergencyHere), &[("number", &view.emergency_number)])}" "
                <a href=emergency>{view.emergency_number.clone()}</a>
            </p>
            <section class="for-doctors">
                <h2>{tr(Msg::AlertCardForDoctors)}</h2>
                <p>{tr(Msg::AlertCardRisk)}</p>
            </section>
            <p>{tr(Msg::AlertCardCarry)}</p>
        </article>
    }
}
