//! On a patient's page, for their nurses: trends as charts drawn on the server (scores, the
//! temperature against the fever line, goal ratings), the caregiver's own wellbeing apart,
//! and every answered check-in in words.
use super::timeline_labels::{date_time_text, day_and_time};
use crate::{
    api::checkins::{review_checkins, AnsweredCheckin, Trend},
    domain::checkins::charts::{HEIGHT, WIDTH},
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn CheckinReview(patient_id: i64) -> impl IntoView {
    let data = Resource::new(|| (), move |_| review_checkins(patient_id));
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().and_then(|r| r.ok()).map(|review| view! {
                <section class="card checkin-review">
                    <h2>{tr(Msg::CheckinsReviewTitle)}</h2>
                    <super::checkin_list::DueCheckins patient_id items=review.due read_only=true/>
                    <div class="trends">{review.trends.into_iter().map(|trend| view! { <TrendChart trend/> }).collect_view()}</div>
                    {(!review.caregiver_trends.is_empty()).then(|| view! {
                        <h3>{tr(Msg::CaregiverWellbeing)}</h3>
                        <div class="trends">{review.caregiver_trends.into_iter().map(|trend| view! { <TrendChart trend/> }).collect_view()}</div>
                    })}
                    <ul class="list answered">
                        {review.answered.into_iter().map(|a| view! { <AnsweredLine answered=a/> }).collect_view()}
                    </ul>
                </section>
            })}
        </Suspense>
    }
}

#[component]
pub fn TrendChart(trend: Trend) -> impl IntoView {
    let c = trend.chart;
    let label = format!("{}: {}", trend.title, trend.values.join(", "));
    view! {
        <figure class="trend">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label.clone()>
                {c.threshold_y.map(|y| view! { <line class="threshold" x1="0" x2=WIDTH y1=y y2=y/> })}
                <polyline class="series" points=c.line.clone() fill="none"/>
                {c.dots.iter().map(|(x, y)| view! { <circle cx=*x cy=*y r="3"/> }).collect_view()}
                <text x="2" y="12" class="axis">{format!("{}", c.y_max)}</text>
                <text x="2" y=HEIGHT - 2.0 class="axis">{format!("{}", c.y_min)}</text>
            </svg>
            <figcaption>{label}</figcaption>
        </figure>
    }
}

#[component]
fn AnsweredLine(answered: AnsweredCheckin) -> impl IntoView {
    let level_attr = answered.level.map(|l| format!("{l:?}"));
    let flagged = answered.level.map(super::flags::level_label);
    view! {
        <li data-response=answered.id data-level=level_attr>
            <details>
                <summary>
                    <strong>{answered.title.clone()}</strong>" · "{date_time_text(&answered.submitted_on, &answered.submitted_time)}
                    {(answered.reported_by == "caregiver").then(|| view! { " · "<span class="muted">{tr(Msg::ReportedByCaregiver)}</span> })}
                    {answered.late.then(|| view! { " "<span class="badge">{tr(Msg::CheckinLate)}</span> })}
                    {answered.arrived_later.clone().map(|at| view! {
                        " · "<span class="muted" data-arrived=at.clone()>{fill(tr(Msg::CheckinArrivedLater), &[("when", &day_and_time(&at))])}</span>
                    })}
                    {flagged.map(|l| view! { " "<span class="badge late">{l}</span> })}
                </summary>
                <dl>
                    {answered.answers.into_iter().map(|(q, a)| view! { <dt>{q}</dt><dd>{a}</dd> }).collect_view()}
                </dl>
            </details>
        </li>
    }
}
