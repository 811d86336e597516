//! The patient's timeline: where they are, what is next and what to do, whom to call.
//! Patients, their caregivers and nurses read the same page.
use super::{
    home::Hotline,
    timeline_labels::{date_text, delay_reason_name, milestone_name, status_label, time_text},
};
use crate::{
    api::timeline::{MilestoneView, NoticeView, TimelineView, TreatmentView, WaitingView},
    domain::timeline::{wait_range::WaitEstimate, DayCounter, MilestoneKind, MilestoneStatus},
    i18n::{dates::signed_day, fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn TimelinePanel(view: TimelineView, #[prop(default = false)] own: bool) -> impl IntoView {
    let title = if own {
        tr(Msg::TimelineTitle).to_string()
    } else {
        fill(tr(Msg::PatientTimelineTitle), &[("name", &view.patient_name)])
    };
    let card_href = format!("/patients/{}/card", view.patient_id);
    let zone = view.time_zone.clone();
    let body = match view.treatment.clone() {
        None => view! { <section class="card"><p>{tr(Msg::NoTreatmentYet)}</p></section> }.into_any(),
        Some(t) => view! { <TreatmentBody treatment=t/> }.into_any(),
    };
    view! {
        <h1>{title}</h1>
        {view.treatment.as_ref().map(|t| view! { <DayBadge day=t.day/> })}
        <Hotline centre=view.centre.clone()/>
        {body}
        <p><a href=card_href>{tr(Msg::AlertCardLink)}</a></p>
        <p class="muted">{fill(tr(Msg::TimesInZone), &[("zone", &zone)])}</p>
    }
}

#[component]
fn DayBadge(day: DayCounter) -> impl IntoView {
    let text = match day {
        DayCounter::Day(d) => fill(tr(Msg::DayCounter), &[("day", &signed_day(d))]),
        DayCounter::WaitingForCells => tr(Msg::WaitingForCells).to_string(),
        DayCounter::NotStarted => tr(Msg::NotStartedYet).to_string(),
    };
    view! { <p class="day-counter" data-day=format!("{day:?}")>{text}</p> }
}

#[component]
fn TreatmentBody(treatment: TreatmentView) -> impl IntoView {
    let next = treatment
        .next
        .as_ref()
        .and_then(|key| treatment.milestones.iter().find(|m| &m.key == key).cloned());
    let restrictions = restrictions(&treatment);
    let closed = treatment.status.is_closed();
    let here = treatment.here.clone();
    let next_key = treatment.next.clone();
    view! {
        {closed.then(|| view! { <p class="feedback notice">{tr(Msg::TreatmentClosedNote)}</p> })}
        {treatment.notice.clone().map(|n| view! { <PlanNotice notice=n/> })}
        {treatment.waiting.clone().map(|w| view! { <Waiting waiting=w/> })}
        {next.filter(|_| !closed).map(|m| view! { <NextStep milestone=m/> })}
        {restrictions}
        <section class="card">
            <h2>{tr(Msg::WholeJourney)}</h2>
            <p class="muted">{treatment.product_name.clone()}</p>
            <ol class="timeline">
                {treatment.milestones.into_iter().map(|m| {
                    let is_here = here.as_deref() == Some(m.key.as_str());
                    let is_next = next_key.as_deref() == Some(m.key.as_str());
                    view! { <Step milestone=m is_here is_next/> }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn PlanNotice(notice: NoticeView) -> impl IntoView {
    let text = fill(
        tr(Msg::PlanChanged),
        &[
            ("step", &milestone_name(notice.kind, &notice.key)),
            ("from", &date_text(&notice.from)),
            ("to", &date_text(&notice.to)),
        ],
    );
    // A manufacturing site's report is said in the reader's language; a nurse's words as written.
    let reason = match (notice.event, notice.delay_reason) {
        (Some(event), Some(coded)) => Some(format!("{} ({})", tr(event.words()), delay_reason_name(coded))),
        (Some(event), None) => Some(tr(event.words()).to_string()),
        (None, Some(coded)) if notice.reason.is_empty() => Some(delay_reason_name(coded).to_string()),
        (None, Some(coded)) => Some(format!("{} ({})", delay_reason_name(coded), notice.reason)),
        (None, None) => (!notice.reason.is_empty()).then(|| notice.reason.clone()),
    };
    view! {
        <section class="feedback notice plan-changed" role="status">
            <p><strong>{text}</strong></p>
            {reason.map(|reason| view! { <p>{fill(tr(Msg::PlanChangedWhy), &[("reason", &reason)])}</p> })}
        </section>
    }
}

/// While the cells are made: an honest view of where they are and whether it slipped.
#[component]
fn Waiting(waiting: WaitingView) -> impl IntoView {
    view! {
        <section class="card waiting" class:delayed=waiting.delayed>
            <h2>{tr(Msg::WaitingTitle)}</h2>
            <p>{fill(tr(Msg::WaitingAt), &[("step", &milestone_name(waiting.at, waiting.at.as_str()))])}</p>
            <p><strong>{fill(tr(Msg::ExpectedRelease), &[("date", &date_text(&waiting.expected_release))])}</strong></p>
            <p class=if waiting.delayed { "status delayed" } else { "status" }>
                {tr(if waiting.delayed { Msg::WaitingDelayed } else { Msg::WaitingOnTrack })}
            </p>
            {waiting.delay_reason.map(|r| view! {
                <p class="delay-reason" data-delay-reason=r.as_str()>{fill(tr(Msg::DelayBecause), &[("reason", delay_reason_name(r))])}</p>
            })}
            {waiting.past_delays.map(|r| view! {
                <p class="past-delays">{fill(tr(Msg::PastDelaysLasted), &[
                    ("median", &r.median.to_string()),
                    ("low", &r.low.to_string()),
                    ("high", &r.high.to_string()),
                    ("cases", &r.cases.to_string()),
                ])}</p>
            })}
            <WaitFigure wait=waiting.wait/>
        </section>
    }
}

/// "How long will I wait?": the centre's own range, or the product's published figure said to
/// be one, or nothing.
#[component]
fn WaitFigure(wait: WaitEstimate) -> impl IntoView {
    let (class, text) = match wait {
        WaitEstimate::AtThisCentre(r) => (
            "returned-in",
            fill(
                tr(Msg::WaitingReturnedIn),
                &[
                    ("median", &r.median.to_string()),
                    ("low", &r.low.to_string()),
                    ("high", &r.high.to_string()),
                    ("cases", &r.cases.to_string()),
                ],
            ),
        ),
        WaitEstimate::Published { low, high } if low == high => (
            "published-wait",
            fill(tr(Msg::WaitingPublishedAbout), &[("days", &low.to_string())]),
        ),
        WaitEstimate::Published { low, high } => (
            "published-wait",
            fill(
                tr(Msg::WaitingPublished),
                &[("low", &low.to_string()), ("high", &high.to_string())],
            ),
        ),
        WaitEstimate::Unknown => return None,
    };
    Some(view! { <p class=class>{text}</p> })
}

#[component]
fn NextStep(milestone: MilestoneView) -> impl IntoView {
    let name = milestone_name(milestone.kind, &milestone.key);
    view! {
        <section class="card next-step">
            <h2>{tr(Msg::NextStep)}</h2>
            <p class="step-name"><strong>{name}</strong></p>
            <p>{date_text(&milestone.date)} {milestone.time.as_deref().map(|t| format!(" · {}", time_text(t)))}</p>
            {milestone.explanation.map(|e| view! {
                <dl class="explain">
                    <dt>{tr(Msg::WhatLabel)}</dt><dd>{e.what}</dd>
                    <dt>{tr(Msg::WhyLabel)}</dt><dd>{e.why}</dd>
                    {(!e.todo.is_empty()).then(|| view! { <dt>{tr(Msg::TodoLabel)}</dt><dd>{e.todo.clone()}</dd> })}
                    {(!e.bring.is_empty()).then(|| view! { <dt>{tr(Msg::BringLabel)}</dt><dd>{e.bring.clone()}</dd> })}
                </dl>
            })}
        </section>
    }
}

/// Stay near the centre and do not drive: shown once the infusion date is firm.
fn restrictions(t: &TreatmentView) -> Option<impl IntoView> {
    let infusion = t.milestones.iter().find(|m| m.kind == MilestoneKind::Infusion)?;
    if infusion.status == MilestoneStatus::Planned || t.status.is_closed() {
        return None;
    }
    let find = |kind| {
        t.milestones
            .iter()
            .find(|m| m.kind == kind && m.status != MilestoneStatus::Done)
    };
    let stay = find(MilestoneKind::StayNearCentreEnds).map(|m| match t.stay_within_hours {
        Some(hours) => fill(
            tr(Msg::StayNearHours),
            &[("hours", &hours.to_string()), ("date", &date_text(&m.date))],
        ),
        None => fill(tr(Msg::StayNear), &[("date", &date_text(&m.date))]),
    });
    let drive =
        find(MilestoneKind::DrivingRestrictionEnds).map(|m| fill(tr(Msg::NoDriving), &[("date", &date_text(&m.date))]));
    (stay.is_some() || drive.is_some()).then(|| {
        view! {
            <section class="card restrictions">
                {stay.map(|s| view! { <p><strong>{s}</strong></p> })}
                {drive.map(|d| view! { <p><strong>{d}</strong></p> })}
            </section>
        }
    })
}

#[component]
fn Step(milestone: MilestoneView, is_here: bool, is_next: bool) -> impl IntoView {
    let name = milestone_name(milestone.kind, &milestone.key);
    let status_class = format!("step {}", milestone.status.as_str());
    // A delayed step says so in its own badge: "Overdue" beside it, on a date still to come,
    // would alarm for nothing.
    let late = milestone.late && milestone.status != MilestoneStatus::Delayed;
    view! {
        <li class=status_class class:here=is_here class:next=is_next data-key=milestone.key.clone()
            aria-current=is_here.then_some("step")>
            <span class="when">{date_text(&milestone.date)} {milestone.time.as_deref().map(|t| format!(" · {}", time_text(t)))}</span>
            <span class="what">{name}</span>
            <span class="badges">
                <span class="badge">{status_label(milestone.status)}</span>
                {late.then(|| view! { <span class="badge late">{tr(Msg::StLate)}</span> })}
                {is_here.then(|| view! { <span class="badge here">{tr(Msg::YouAreHere)}</span> })}
            </span>
            {milestone.explanation.map(|e| view! {
                <details><summary>{tr(Msg::WhatLabel)}</summary><p>{e.what}</p><p>{e.why}</p></details>
            })}
        </li>
    }
}
