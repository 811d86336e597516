//! The nurse's board: the centre's patients as a dense table on a desk (cards on a phone),
//! searched by name or order reference, filtered by stage, open flags, missed check-ins and
//! "my patients", sorted by any column, 50 to a page. The form and the links are plain GET
//! requests, so it works before the page's code has loaded and every view has an address.
use super::{
    desk_table::{encode, use_sort, SortHeader},
    flags::level_label,
    timeline_labels::{milestone_name_in, stage_label},
};
use crate::{
    api::desk::{desk_board, BoardPage, DeskRow},
    domain::{desk_board::BoardQuery, timeline::Stage, triage::Level},
    i18n::{dates::long_date, fill, t, Locale, Msg},
    tr, use_locale,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The board's page and the query it answers, made once per page view (not inside the
/// home's `Suspense`, whose content may be drawn twice on the server and would read, and
/// audit, the page twice).
#[derive(Clone, Copy)]
struct BoardData {
    query: Memo<BoardQuery>,
    board: Resource<Result<BoardPage, crate::error::AppError>>,
}

/// Starts reading the board for the address's query; `DeskBoard` draws it.
pub fn provide_board() {
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let q = query_map.read();
        let on = |k: &str| q.get(k).is_some_and(|v| v == "1" || v == "true" || v == "on");
        BoardQuery {
            q: q.get("q").unwrap_or_default(),
            stage: q.get("stage").unwrap_or_default(),
            flagged: on("flagged"),
            missed: on("missed"),
            mine: on("mine"),
            sort: q.get("sort").unwrap_or_default(),
            desc: on("desc"),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        }
    });
    let board = Resource::new_blocking(move || query.get(), desk_board);
    provide_context(BoardData { query, board });
}

#[component]
pub fn DeskBoard() -> impl IntoView {
    let Some(BoardData { query, board }) = use_context::<BoardData>() else {
        return ().into_any();
    };
    let sort = use_sort("attention");
    // The search and filters, carried by the sort links and the pager.
    let keep = Signal::derive(move || filters_query(&query.get()));
    view! {
        <section class="board" aria-labelledby="board-title">
            <h2 id="board-title">{tr(Msg::BoardTitle)}</h2>
            <BoardFilters query/>
            <Transition fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || board.get().map(|result| match result {
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                    Ok(page) => view! { <BoardTable page sort keep query=query.get()/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// The filters as query parameters (without the sort and the page).
fn filters_query(q: &BoardQuery) -> String {
    let mut parts = Vec::new();
    if !q.q.is_empty() {
        parts.push(format!("q={}", encode(&q.q)));
    }
    if !q.stage.is_empty() {
        parts.push(format!("stage={}", encode(&q.stage)));
    }
    for (on, key) in [(q.flagged, "flagged"), (q.missed, "missed"), (q.mine, "mine")] {
        if on {
            parts.push(format!("{key}=1"));
        }
    }
    parts.join("&")
}

#[component]
fn BoardFilters(query: Memo<BoardQuery>) -> impl IntoView {
    let q = query.get_untracked();
    let check = |key: &'static str, label: Msg, on: bool| {
        view! {
            <label class="check"><input type="checkbox" name=key value="1" checked=on/>{tr(label)}</label>
        }
    };
    view! {
        <form method="get" action="/" class="filters" role="search">
            <label>{tr(Msg::BoardSearchLabel)}
                <input type="search" name="q" value=q.q.clone() maxlength="100" autocomplete="off"/>
            </label>
            <label>{tr(Msg::BoardStageLabel)}
                <select name="stage">
                    <option value="" selected=q.stage.is_empty()>{tr(Msg::BoardStageAny)}</option>
                    {Stage::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=q.stage == s.as_str()>{stage_label(Some(s))}</option>
                    }).collect_view()}
                    <option value="none" selected=q.stage == "none">{stage_label(None)}</option>
                </select>
            </label>
            {check("flagged", Msg::BoardFlagged, q.flagged)}
            {check("missed", Msg::BoardMissed, q.missed)}
            {check("mine", Msg::BoardMine, q.mine)}
            <button type="submit">{tr(Msg::Filter)}</button>
        </form>
    }
}

#[component]
fn BoardTable(
    page: BoardPage,
    sort: Memo<super::desk_table::SortBy>,
    keep: Signal<String>,
    query: BoardQuery,
) -> impl IntoView {
    let locale = use_locale();
    let showing = fill(
        tr(Msg::BoardShowing),
        &[
            ("total", &page.total.to_string()),
            ("page", &(page.page + 1).to_string()),
            ("pages", &page.pages.to_string()),
        ],
    );
    let link = move |to: i64| {
        let mut q = query.clone();
        q.page = to;
        let sorted = if q.sort.is_empty() {
            String::new()
        } else {
            format!("&sort={}", q.sort)
        };
        let desc = if q.desc { "&desc=1" } else { "" };
        let filters = filters_query(&q);
        let filters = if filters.is_empty() {
            String::new()
        } else {
            format!("&{filters}")
        };
        format!("?page={to}{sorted}{desc}{filters}")
    };
    let (current, pages) = (page.page, page.pages);
    view! {
        <p class="muted" role="status">{showing.clone()}</p>
        {if page.rows.is_empty() {
            view! { <p>{tr(Msg::BoardNone)}</p> }.into_any()
        } else {
            view! {
                <table class="dense board">
                    <thead><tr>
                        <SortHeader key="name" label=tr(Msg::ColumnPatient) sort keep/>
                        <th scope="col">{tr(Msg::ColumnOrder)}</th>
                        <SortHeader key="stage" label=tr(Msg::ColumnStage) sort keep/>
                        <SortHeader key="next" label=tr(Msg::ColumnNext) sort keep/>
                        <SortHeader key="attention" label=tr(Msg::ColumnFlags) sort keep/>
                        <SortHeader key="nurse" label=tr(Msg::ColumnNurse) sort keep/>
                    </tr></thead>
                    <BoardRows rows=page.rows locale/>
                </table>
            }.into_any()
        }}
        <nav class="pager" aria-label=showing>
            {(current > 0).then(|| view! { <a class="button" href=link(current - 1)>{tr(Msg::BoardPrevious)}</a> })}
            {(current + 1 < pages).then(|| view! { <a class="button" href=link(current + 1)>{tr(Msg::BoardNextPage)}</a> })}
        </nav>
    }
}

/// The table's body: one row per patient.
#[component]
pub fn BoardRows(rows: Vec<DeskRow>, locale: Locale) -> impl IntoView {
    view! { <tbody>{rows.into_iter().map(|row| view! { <BoardLine row locale/> }).collect_view()}</tbody> }
}

#[component]
fn BoardLine(row: DeskRow, locale: Locale) -> impl IntoView {
    let tr = |msg| t(locale, msg);
    let next = match (&row.next_kind, &row.next_on) {
        (Some(kind), Some(on)) => fill(
            tr(Msg::BoardNext),
            &[
                (
                    "step",
                    &milestone_name_in(locale, *kind, row.next_key.as_deref().unwrap_or_default()),
                ),
                ("date", &long_date(locale, on)),
            ],
        ),
        _ => String::new(),
    };
    let worst = row.worst_flag;
    view! {
        <tr data-patient-id=row.patient_id>
            <td data-label=tr(Msg::ColumnPatient)>
                <a href=format!("/patients/{}", row.patient_id)>{row.name}</a>
                {row.admitted.then(|| view! { " " <span class="badge">{tr(Msg::BoardAdmitted)}</span> })}
            </td>
            <td data-label=tr(Msg::ColumnOrder)><code>{row.order_reference}</code> " " <span class="muted">{row.product_name}</span></td>
            <td data-label=tr(Msg::ColumnStage)>{stage_label(row.stage)}</td>
            <td data-label=tr(Msg::ColumnNext)>
                {next}
                <span class="badges">
                    {row.conflict.then(|| view! { <span class="badge late">{tr(Msg::BoardConflict)}</span> })}
                    {row.delayed.then(|| view! { <span class="badge late">{tr(Msg::StDelayed)}</span> })}
                    {row.late.then(|| view! { <span class="badge late">{tr(Msg::StLate)}</span> })}
                </span>
            </td>
            <td data-label=tr(Msg::ColumnFlags)>
                <span class="badges">
                    {worst.map(|level| view! {
                        <span class=if level == Level::Urgent { "badge late" } else { "badge" }>
                            {level_label(level)}": "{fill(tr(Msg::BoardOpenFlags), &[("count", &row.open_flags.to_string())])}
                        </span>
                    })}
                    {(row.missed > 0).then(|| view! {
                        <span class="badge">{fill(tr(Msg::BoardMissedCount), &[("count", &row.missed.to_string())])}</span>
                    })}
                </span>
            </td>
            <td data-label=tr(Msg::ColumnNurse)>{row.nurse}</td>
        </tr>
    }
}
