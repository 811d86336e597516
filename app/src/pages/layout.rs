use crate::{
    api::SiteInfo,
    feedback::Feedback,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Header(info: SiteInfo) -> impl IntoView {
    let account = info.viewer.as_ref().map(|v| v.account);
    view! {
        <header class="site" data-account=account>
            {info.demo.then(|| view! { <p class="demo" role="note">{tr(Msg::DemoBanner)}</p> })}
            <div class="bar">
                <a class="brand" href="/">{tr(Msg::AppName)}</a>
                {info.viewer.map(|viewer| view! {
                    <span class="who">{fill(tr(Msg::SignedInAs), &[("name", &viewer.display_name)])}</span>
                    <a href="/inbox">{tr(Msg::InboxTitle)}</a>
                    <a href="/settings">{tr(Msg::SettingsLink)}</a>
                    <a href="/account/password">{tr(Msg::ChangePasswordLink)}</a>
                    <form method="post" action="/auth/logout" class="inline">
                        // Filled in by push.js with this browser's push endpoint, if any.
                        <input type="hidden" name="endpoint" value="" data-push-endpoint=""/>
                        // Filled in by offline.js: whether answers given offline were sent first.
                        <input type="hidden" name="unsent" value="" data-offline-unsent-field=""/>
                        <button type="submit" class="link">{tr(Msg::SignOut)}</button>
                    </form>
                })}
            </div>
            // Answers given offline and not sent yet: offline.js fills it in and shows it.
            <p class="feedback notice" role="status" data-offline-unsent="" hidden=true
                data-msg-waiting=tr(Msg::OfflineUnsent)
                data-msg-other=tr(Msg::OfflineUnsentOther)
                data-msg-refused=tr(Msg::OfflineRefused)></p>
        </header>
    }
}

/// The outcome of the last form, from `?error=` or `?notice=`; unknown keys show nothing.
#[component]
pub fn FormFeedback() -> impl IntoView {
    let query = use_query_map();
    move || {
        let query = query.read();
        let feedback = query
            .get("error")
            .or_else(|| query.get("notice"))
            .and_then(|key| Feedback::from_key(&key))?;
        let class = if feedback.is_error() {
            "feedback error"
        } else {
            "feedback notice"
        };
        let role = if feedback.is_error() { "alert" } else { "status" };
        Some(view! { <p class=class role=role>{tr(feedback.msg())}</p> })
    }
}
