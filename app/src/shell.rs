//! The HTML document around the app, the app's routes, and the locale every page reads.
#[cfg(feature = "ssr")]
use crate::backend;
use crate::{
    api,
    i18n::{t, Locale, Msg},
    pages,
    routes::*,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Link, Meta, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    let viewer = site_info().viewer.map(|viewer| viewer.role);
    let path = request_path();
    let hydrate = !serves_without_wasm(&path, viewer);
    let checkin = is_checkin(&path);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // The encrypted store on the phone, which the wasm calls: before the hydration
                // script, in document order; deferred, so after the first paint.
                <script src="/offline-store.js" defer></script>
                // Named after its bytes when the build hashes files (hash.txt beside the server).
                <HashedStylesheet options=options.clone() id="leptos"/>
                // Not on the pages drawn by the server alone (see `routes::serves_without_wasm`).
                {hydrate.then(|| view! { <HydrationScripts options/> })}
                // Registers the service worker and keeps this device's push subscription in
                // step; asks for nothing until the person chooses to (see /settings).
                <script src="/push-common.js" defer></script>
                <script type="module" src="/push.js"></script>
                // Sends answers kept offline, refreshes the plan kept on the phone, and wipes
                // it at sign-out or when another person signs in.
                <script type="module" src="/offline.js"></script>
                // Passkeys: signing in with one, and making one in settings (plain JavaScript,
                // so that the sign-in page needs no wasm for it).
                <script type="module" src="/passkey.js"></script>
                // The check-in form served without the wasm, and its engine.
                {checkin.then(|| view! { <script type="module" src="/checkin-form.js"></script> })}
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The path of the page being rendered; empty outside a request (the browser never renders
/// the shell).
fn request_path() -> String {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return parts.uri.path().to_string();
    }
    String::new()
}

/// Hands the server's per-response CSP nonce to the hydration scripts.
#[cfg(feature = "ssr")]
fn provide_request_nonce() {
    if let Some(facts) =
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<backend::RequestFacts>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(facts.nonce));
    }
}

/// The locale every component reads; set from the site info once it is known.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

pub fn tr(msg: Msg) -> &'static str {
    t(use_locale(), msg)
}

/// Facts about this response (demo mode, language, who is signed in), worked out on the
/// server from the request and carried to the browser inside the page for hydration.
fn site_info() -> api::SiteInfo {
    let fallback = || api::SiteInfo {
        demo: false,
        passkeys: false,
        sso: false,
        locale: Locale::En,
        viewer: None,
    };
    #[cfg(feature = "ssr")]
    {
        backend::request_context()
            .map(|request| request.backend.site_info(&request.facts))
            .unwrap_or_else(|_| fallback())
    }
    #[cfg(not(feature = "ssr"))]
    fallback()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let info = SharedValue::new(site_info).into_inner();
    provide_context(info.locale);
    provide_context(info.clone());
    view! {
        <Html attr:lang=info.locale.code()/>
        <Title text=t(info.locale, Msg::AppName)/>
        <Link rel="manifest" href="/manifest.webmanifest"/>
        <Link rel="icon" href="/icon.svg"/>
        <Link rel="apple-touch-icon" href="/apple-touch-icon.png"/>
        <Meta name="theme-color" content="#0b5d6b"/>
        <a class="skip" href="#main">{t(info.locale, Msg::SkipToContent)}</a>
        <pages::layout::Header info=info.clone()/>
        <Router>
            <main id="main">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=pages::login::LoginPage/>
                    <Route path=path!("/login/second-step") view=pages::login::SecondStepPage/>
                    <Route path=path!("/inbox") view={Lazy::<InboxRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/results") view={Lazy::<ResultsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/caregivers") view={Lazy::<CaregiversRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/invitation") view=pages::invitation::InvitationPage/>
                    <Route path=path!("/account/password") view=pages::password::ChangePasswordPage/>
                    <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()}/>
                    <Route path=path!("/admin/journeys") view={Lazy::<JourneysRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/integrations") view={Lazy::<IntegrationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/hospital-systems") view={Lazy::<HospitalSystemsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/questionnaires") view={Lazy::<QuestionnairesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/instruments") view={Lazy::<InstrumentsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/admin/research-projects") view={Lazy::<ResearchProjectsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/patients/:id") view={Lazy::<PatientRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/patients/:id/card") view={Lazy::<AlertCardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/checkins/:name") view={Lazy::<CheckinRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/flags") view={Lazy::<FlagsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/turnaround") view={Lazy::<TurnaroundRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/handover") view={Lazy::<HandoverRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/offline") view={Lazy::<OfflineRoute>::new()}/>
                </Routes>
            </main>
        </Router>
    }
}
