//! `/flags`: the nurse's review queue. Urgent first, then high, then review; oldest first
//! within each. Every 5 seconds it asks whether the queue changed (a fingerprint that names
//! no one) and reads it again only then, so a new urgent flag shows without a reload and
//! the audit log records reads that showed something new. An urgent flag nobody
//! acknowledged in time is shown as overdue to every nurse.
use super::timeline_labels::{date_text, time_text};
use crate::{
    api::flags::{flags_fingerprint, open_flags, refresh_flags, AcknowledgeFlag, FlagRow, ResolveFlag},
    domain::triage::Level,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn FlagsPage() -> impl IntoView {
    let acknowledge = ServerAction::<AcknowledgeFlag>::new();
    let resolve = ServerAction::<ResolveFlag>::new();
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
    // Read again for a nurse's own action (or the first time) as a person's request; for a
    // changed fingerprint alone as the timer's, which keeps no session alive.
    let acted = StoredValue::new((0usize, 0usize));
    let queue = Resource::new_blocking(
        move || {
            (
                fingerprint.get().and_then(|f| f.ok()),
                acknowledge.version().get(),
                resolve.version().get(),
            )
        },
        move |(fingerprint, acknowledged, resolved)| {
            let timer = fingerprint.is_some() && acted.get_value() == (acknowledged, resolved);
            acted.set_value((acknowledged, resolved));
            async move {
                if timer {
                    refresh_flags().await
                } else {
                    open_flags().await
                }
            }
        },
    );
    view! {
        <h1>{tr(Msg::FlagsTitle)}</h1>
        <Transition fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || queue.get().map(|result| match result {
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                Ok(queue) if queue.rows.is_empty() => view! { <p>{tr(Msg::FlagsNone)}</p> }.into_any(),
                Ok(queue) => {
                    let overdue = queue.rows.iter().filter(|r| r.overdue).count();
                    view! {
                        {(overdue > 0).then(|| view! {
                            <p class="feedback error" role="alert">{fill(tr(Msg::FlagsOverdue), &[
                                ("count", &overdue.to_string()),
                                ("minutes", &queue.escalation_minutes.to_string()),
                            ])}</p>
                        })}
                        <ul class="list flags">
                            {queue.rows.into_iter().map(|row| view! { <FlagLine row acknowledge resolve/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </Transition>
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
fn FlagLine(
    row: FlagRow,
    acknowledge: ServerAction<AcknowledgeFlag>,
    resolve: ServerAction<ResolveFlag>,
) -> impl IntoView {
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
    let note_id = format!("flag-note-{}", row.id);
    let id = row.id;
    view! {
        <li data-flag=row.id data-level=format!("{:?}", row.level) class:overdue=row.overdue>
            <span class=level_class>{level_label(row.level)}</span>
            <a href=format!("/patients/{}", row.patient_id)>{row.patient_name.clone()}</a>
            <span>{row.what.clone()}</span>
            <span class="muted">{raised}</span>
            {match row.acknowledged_by.clone() {
                Some(name) => view! { <span class="muted">{fill(tr(Msg::FlagSeenBy), &[("name", &name)])}</span> }.into_any(),
                None => view! {
                    <ActionForm action=acknowledge attr:class="inline">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit">{tr(Msg::FlagAcknowledge)}</button>
                    </ActionForm>
                }.into_any(),
            }}
            <ActionForm action=resolve attr:class="inline resolve">
                <input type="hidden" name="id" value=id/>
                <label for=note_id.clone()>{tr(Msg::FlagResolveNote)}</label>
                <input id=note_id name="note" required maxlength="1000"/>
                <button type="submit" class="secondary">{tr(Msg::FlagResolve)}</button>
            </ActionForm>
        </li>
    }
}
