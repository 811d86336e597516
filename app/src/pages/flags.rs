//! `/flags`: the nurse's review queue. Urgent first, then high, then review; oldest first
//! within each (or sorted by another column, on the server), 50 to a page; the sort links
//! and the pager are plain addresses. Every 5 seconds it asks whether the queue changed (a
//! fingerprint that names no one) and reads it again only then, so a new urgent flag shows
//! without a reload and the audit log records reads that showed something new. An urgent
//! flag nobody acknowledged in time is shown as overdue to every nurse, whatever the page.
//! A silence (no diary for a day) may be snoozed; any flag may be given to a nurse.
use super::{
    desk_table::{encode, use_sort, SortBy, SortHeader},
    timeline_labels::{date_text, time_text},
};
use crate::{
    api::{
        desk::{AssignFlag, NurseOption, SnoozeFlag, SNOOZE_HOURS},
        flags::{flags_fingerprint, open_flags, refresh_flags, AcknowledgeFlag, FlagQueue, FlagRow, ResolveFlag},
    },
    domain::{
        flag_queue::{QueueQuery, LAST_PAGE, PAGE_SIZE},
        triage::Level,
    },
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
struct Actions {
    acknowledge: ServerAction<AcknowledgeFlag>,
    resolve: ServerAction<ResolveFlag>,
    snooze: ServerAction<SnoozeFlag>,
    assign: ServerAction<AssignFlag>,
}

impl Actions {
    fn versions(&self) -> [usize; 4] {
        [
            self.acknowledge.version().get(),
            self.resolve.version().get(),
            self.snooze.version().get(),
            self.assign.version().get(),
        ]
    }
}

#[component]
pub fn FlagsPage() -> impl IntoView {
    let actions = Actions {
        acknowledge: ServerAction::new(),
        resolve: ServerAction::new(),
        snooze: ServerAction::new(),
        assign: ServerAction::new(),
    };
    let tick = RwSignal::new(0u32);
    // In the browser only: ask again every 5 s.
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || tick.update(|n| *n = n.wrapping_add(1)),
            std::time::Duration::from_secs(5),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    // Asked from the browser only (the server renders the queue itself).
    let fingerprint = LocalResource::new(move || {
        tick.track();
        flags_fingerprint()
    });
    let query = use_queue_query();
    // Read again for a nurse's own action, another page or order (or the first time) as a
    // person's request; for a changed fingerprint alone as the timer's, which keeps no
    // session alive.
    let asked = StoredValue::new(([0usize; 4], QueueQuery::default()));
    let queue = Resource::new_blocking(
        move || (fingerprint.get().and_then(|f| f.ok()), actions.versions(), query.get()),
        move |(fingerprint, versions, query)| {
            let now = (versions, query.clone());
            let timer = fingerprint.is_some() && asked.get_value() == now;
            asked.set_value(now);
            async move {
                if timer {
                    refresh_flags(query).await
                } else {
                    open_flags(query).await
                }
            }
        },
    );
    let sort = use_sort("level");
    view! {
        <div class="desk">
            <h1>{tr(Msg::FlagsTitle)}</h1>
            <Transition fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || queue.get().map(|result| match result {
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                    Ok(queue) if queue.rows.is_empty() => view! { <p>{tr(Msg::FlagsNone)}</p> }.into_any(),
                    Ok(queue) => view! { <QueueTable queue sort actions/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// The page and order asked for in the address.
fn use_queue_query() -> Memo<QueueQuery> {
    let query_map = use_query_map();
    Memo::new(move |_| {
        let q = query_map.read();
        QueueQuery {
            sort: q.get("sort").unwrap_or_default(),
            desc: q.get("desc").as_deref() == Some("1"),
            // An address past either end shows the nearest page, not an error.
            page: q
                .get("page")
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(0)
                .clamp(0, LAST_PAGE),
        }
    })
}

/// The overdue warning (for every page), the page's rows, and the pager.
#[component]
fn QueueTable(queue: FlagQueue, sort: Memo<SortBy>, actions: Actions) -> impl IntoView {
    let FlagQueue {
        rows,
        total,
        page,
        pages,
        overdue,
        escalation_minutes,
        nurses,
    } = queue;
    let first = page * PAGE_SIZE + 1;
    let showing = fill(
        tr(Msg::FlagsShowing),
        &[
            ("from", &first.to_string()),
            ("to", &(first + rows.len() as i64 - 1).to_string()),
            ("total", &total.to_string()),
        ],
    );
    let link = move |to: i64| {
        let s = sort.get_untracked();
        let desc = if s.descending { "&desc=1" } else { "" };
        format!("?page={to}&sort={}{desc}", encode(&s.key))
    };
    view! {
        {(overdue > 0).then(|| view! {
            <p class="feedback error" role="alert">{fill(tr(Msg::FlagsOverdue), &[
                ("count", &overdue.to_string()),
                ("minutes", &escalation_minutes.to_string()),
            ])}</p>
        })}
        <p class="muted" role="status">{showing.clone()}</p>
        <table class="dense flags">
            <thead><tr>
                <SortHeader key="level" label=tr(Msg::ColumnLevel) sort/>
                <SortHeader key="patient" label=tr(Msg::ColumnPatient) sort/>
                <th scope="col">{tr(Msg::ColumnWhat)}</th>
                <SortHeader key="raised" label=tr(Msg::ColumnRaised) sort/>
                <SortHeader key="assignee" label=tr(Msg::AssignLabel) sort/>
                <th scope="col">{tr(Msg::ColumnActions)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <FlagLine row actions nurses=nurses.clone()/> }).collect_view()}
            </tbody>
        </table>
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label=showing>
                {(page > 0).then(|| view! { <a class="button" href=link(page - 1)>{tr(Msg::BoardPrevious)}</a> })}
                {(page + 1 < pages).then(|| view! { <a class="button" href=link(page + 1)>{tr(Msg::BoardNextPage)}</a> })}
            </nav>
        })}
    }
}

pub(super) fn level_label(level: Level) -> &'static str {
    tr(match level {
        Level::Urgent => Msg::FlagLevelUrgent,
        Level::High => Msg::FlagLevelHigh,
        Level::Review => Msg::FlagLevelReview,
    })
}

#[component]
fn FlagLine(row: FlagRow, actions: Actions, nurses: Vec<NurseOption>) -> impl IntoView {
    let level_class = match row.level {
        Level::Urgent => "badge late",
        _ => "badge",
    };
    let raised = fill(
        tr(Msg::FlagRaised),
        &[
            ("date", &date_text(&row.raised_on)),
            ("time", &time_text(&row.raised_time)),
            ("minutes", &row.minutes_open.to_string()),
        ],
    );
    let id = row.id;
    view! {
        <tr data-flag=row.id data-level=format!("{:?}", row.level) class:overdue=row.overdue>
            <td data-label=tr(Msg::ColumnLevel)><span class=level_class>{level_label(row.level)}</span></td>
            <td data-label=tr(Msg::ColumnPatient)><a href=format!("/patients/{}", row.patient_id)>{row.patient_name.clone()}</a></td>
            <td data-label=tr(Msg::ColumnWhat)>{row.what.clone()}</td>
            <td data-label=tr(Msg::ColumnRaised) class="muted">{raised}</td>
            <td data-label=tr(Msg::AssignLabel)>
                <AssignForm id assigned=row.assigned_to nurses action=actions.assign/>
            </td>
            <td class="actions">
                {match row.acknowledged_by.clone() {
                    Some(name) => view! { <span class="muted">{fill(tr(Msg::FlagSeenBy), &[("name", &name)])}</span> }.into_any(),
                    None => view! {
                        <ActionForm action=actions.acknowledge attr:class="inline">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit">{tr(Msg::FlagAcknowledge)}</button>
                        </ActionForm>
                    }.into_any(),
                }}
                {row.silence.then(|| view! { <SnoozeForm id action=actions.snooze/> })}
                <ActionForm action=actions.resolve attr:class="inline resolve">
                    <input type="hidden" name="id" value=id/>
                    <label for=format!("flag-note-{id}")>{tr(Msg::FlagResolveNote)}</label>
                    <input id=format!("flag-note-{id}") name="note" required maxlength="1000"/>
                    <button type="submit" class="secondary">{tr(Msg::FlagResolve)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn SnoozeForm(id: i64, action: ServerAction<SnoozeFlag>) -> impl IntoView {
    let select = format!("flag-snooze-{id}");
    view! {
        <ActionForm action attr:class="inline snooze">
            <input type="hidden" name="id" value=id/>
            <label for=select.clone()>{tr(Msg::FlagSnoozeLabel)}</label>
            <select id=select name="hours">
                {SNOOZE_HOURS.into_iter().map(|h| view! {
                    <option value=h selected=h == 4>{fill(tr(Msg::FlagSnoozeHours), &[("hours", &h.to_string())])}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="secondary">{tr(Msg::FlagSnooze)}</button>
        </ActionForm>
    }
}

/// Gives the flag to one of the centre's nurses.
#[component]
fn AssignForm(
    id: i64,
    assigned: Option<i64>,
    nurses: Vec<NurseOption>,
    action: ServerAction<AssignFlag>,
) -> impl IntoView {
    let select = format!("assign-{id}");
    view! {
        <ActionForm action attr:class="inline assign">
            <input type="hidden" name="id" value=id/>
            <label for=select.clone() class="visually-hidden">{tr(Msg::AssignLabel)}</label>
            <select id=select name="nurse_id">{nurse_options(nurses, assigned)}</select>
            <button type="submit" class="secondary">{tr(Msg::AssignSave)}</button>
        </ActionForm>
    }
}

/// "Nobody", then the centre's nurses; the one given it is selected.
pub(super) fn nurse_options(nurses: Vec<NurseOption>, assigned: Option<i64>) -> impl IntoView {
    view! {
        <option value="0" selected=assigned.is_none()>{tr(Msg::AssignNobody)}</option>
        {nurses.into_iter().map(|n| view! {
            <option value=n.id selected=assigned == Some(n.id)>{n.name}</option>
        }).collect_view()}
    }
}
