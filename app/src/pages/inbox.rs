//! `/inbox`: every reminder whose time has come, newest first. It holds what push shows on
//! the phone, so nobody misses a reminder for want of notifications.
use super::timeline_labels::date_time_text;
use crate::{
    api::inbox::{inbox, InboxItem, MarkRead},
    i18n::Msg,
    tr,
};
use leptos::prelude::*;

#[component]
pub fn InboxPage() -> impl IntoView {
    let mark = ServerAction::<MarkRead>::new();
    let items = Resource::new(move || mark.version().get(), |_| inbox());
    view! {
        <h1>{tr(Msg::InboxTitle)}</h1>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || items.get().map(|answer| match answer {
                Ok(list) if list.is_empty() => view! { <p class="muted">{tr(Msg::InboxEmpty)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="list inbox">
                        {list.into_iter().map(|item| view! { <InboxLine item mark/> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(_) => view! { <p role="alert">{tr(Msg::InboxUnavailable)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn InboxLine(item: InboxItem, mark: ServerAction<MarkRead>) -> impl IntoView {
    let id = item.id;
    view! {
        <li data-reminder=id data-read=item.read.to_string() class=if item.read { "read" } else { "unread" }>
            <p><strong>{item.title}</strong></p>
            <p>{item.body}</p>
            <p class="muted">{date_time_text(&item.on, &item.time)}</p>
            <p>
                <a href=item.url>{tr(Msg::InboxOpen)}</a>
                {(!item.read).then(|| view! {
                    " "
                    <button type="button" class="link" on:click=move |_| { mark.dispatch(MarkRead { id }); }>
                        {tr(Msg::InboxMarkRead)}
                    </button>
                })}
            </p>
        </li>
    }
}
