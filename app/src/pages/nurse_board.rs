//! The nurse's list: the centre's patients by stage, each with the next milestone and any
//! delay or conflict, worrying ones first within a stage.
use super::timeline_labels::{milestone_name_in, stage_label};
use crate::{
    api::timeline::BoardRow,
    domain::timeline::Stage,
    i18n::{dates::long_date, fill, t, Locale, Msg},
    use_locale,
};
use leptos::prelude::*;

#[component]
pub fn NurseBoard(rows: Vec<BoardRow>) -> impl IntoView {
    let mut groups: Vec<(Option<Stage>, Vec<BoardRow>)> = std::iter::once(None)
        .chain(Stage::ALL.into_iter().map(Some))
        .map(|stage| (stage, Vec::new()))
        .collect();
    for row in rows {
        if let Some(group) = groups.iter_mut().find(|(stage, _)| *stage == row.stage) {
            group.1.push(row);
        }
    }
    for (_, rows) in &mut groups {
        // Conflicts, delays and overdue steps first; then by date of the next step.
        rows.sort_by(|a, b| {
            (!a.conflict, !a.delayed, !a.late, &a.next_on).cmp(&(!b.conflict, !b.delayed, !b.late, &b.next_on))
        });
    }
    // Looked up once: a context lookup per row and per word adds up over 2 000 rows.
    let locale = use_locale();
    groups
        .into_iter()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(stage, rows)| {
            view! {
                <section class="stage" data-stage=stage.map(|s| s.as_str()).unwrap_or("none")>
                    <h2>{stage_label(stage)}" ("{rows.len()}")"</h2>
                    <ul class="list">
                        {rows.into_iter().map(|row| view! { <BoardLine row locale/> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn BoardLine(row: BoardRow, locale: Locale) -> impl IntoView {
    let tr = |msg| t(locale, msg);
    let href = format!("/patients/{}", row.patient_id);
    let next = match (&row.next_kind, &row.next_on) {
        (Some(kind), Some(on)) => Some(fill(
            tr(Msg::BoardNext),
            &[
                (
                    "step",
                    &milestone_name_in(locale, *kind, row.next_key.as_deref().unwrap_or_default()),
                ),
                ("date", &long_date(locale, on)),
            ],
        )),
        _ => None,
    };
    view! {
        <li data-patient-id=row.patient_id>
            <a href=href>{row.name}</a>
            <span class="muted">{row.product_name}</span>
            {next.map(|n| view! { <span>{n}</span> })}
            <span class="badges">
                {row.conflict.then(|| view! { <span class="badge late">{tr(Msg::BoardConflict)}</span> })}
                {row.delayed.then(|| view! { <span class="badge late">{tr(Msg::StDelayed)}</span> })}
                {row.late.then(|| view! { <span class="badge late">{tr(Msg::StLate)}</span> })}
            </span>
        </li>
    }
}
