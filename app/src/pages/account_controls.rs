//! Accounts waiting for a second person, for those who may confirm them (a second admin; a
//! nurse, for their centre's nurses). Shown on the nurse's and the admin's home.
use super::{forms::ActionFeedback, home::role_label};
use crate::{
    api::accounts::{awaiting_accounts, ConfirmAccount},
    i18n::Msg,
    tr,
};
use leptos::prelude::*;

#[component]
pub fn AwaitingAccounts() -> impl IntoView {
    let confirm = ServerAction::<ConfirmAccount>::new();
    let rows = Resource::new(move || confirm.version().get(), |_| awaiting_accounts());
    view! {
        <Suspense fallback=|| ()>
            {move || rows.get().and_then(Result::ok).filter(|r| !r.is_empty()).map(|rows| view! {
                <section class="card" data-awaiting-accounts="">
                    <h2>{tr(Msg::AwaitingTitle)}</h2>
                    <p>{tr(Msg::AwaitingExplain)}</p>
                    <ActionFeedback outcome=confirm.value()/>
                    <ul class="plain">
                        {rows.into_iter().map(|row| view! {
                            <li data-awaiting=row.id>
                                <strong>{row.name}</strong>" ("{row.email}"), "{role_label(row.role)}
                                {row.centre.map(|c| format!(", {c}"))}
                                " — "{tr(Msg::AwaitingMadeBy)}" "{row.by}
                                <ActionForm action=confirm attr:class="inline">
                                    <input type="hidden" name="user_id" value=row.id/>
                                    <button type="submit">{tr(Msg::ConfirmAccount)}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </Suspense>
    }
}
