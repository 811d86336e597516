//! Sign-in and the invitation are plain HTML forms, and the home of patients and caregivers
//! is their plan and links: served without the hydration scripts, so a phone on a slow
//! network downloads no wasm to sign in or to see where they are. The scripts of `public/`
//! (service worker, offline store) stay, and the pages that need the wasm still load it.
//! A check-in is served so too: its form runs on the small check-in engine.
use crate::helpers::{client, spawn, Kind};
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(sign_in_and_invitation_load_no_wasm_and_other_pages_still_do);
on_both_databases!(a_patients_home_loads_no_wasm_a_nurses_does);
on_both_databases!(a_check_in_loads_its_engine_not_the_apps_wasm);

/// What `HydrationScripts` puts in a page: the loader's preload, the wasm's, and the call.
fn loads_wasm(html: &str) -> bool {
    html.contains("modulepreload") || html.contains(".wasm") || html.contains("hydrate(")
}

async fn sign_in_and_invitation_load_no_wasm_and_other_pages_still_do(kind: Kind) {
    let app = spawn(kind).await;
    for (path, action) in [
        ("/login", "/auth/login"),
        ("/login?error=failed", "/auth/login"),
        ("/invitation", "/auth/invitation"),
    ] {
        let response = client().get(app.url(path)).send().await.expect(path);
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.expect("html");
        assert!(!loads_wasm(&html), "{path} loads the wasm: {html}");
        assert!(html.contains(&format!("action=\"{action}\"")), "{path}: {html}");
        // The service worker's and the offline store's scripts, and the stylesheet.
        for script in ["/push-common.js", "/offline-store.js", "/offline.js"] {
            assert!(html.contains(&format!("src=\"{script}\"")), "{path} lacks {script}");
        }
        assert!(html.contains("rel=\"stylesheet\""), "{path}: {html}");
    }
    // The feedback of a failed sign-in is rendered by the server, without the wasm.
    let failed = client()
        .get(app.url("/login?error=failed"))
        .send()
        .await
        .expect("login");
    assert!(failed.text().await.expect("html").contains("role=\"alert\""));

    for path in ["/offline", "/account/password"] {
        let html = client()
            .get(app.url(path))
            .send()
            .await
            .expect(path)
            .text()
            .await
            .expect("html");
        assert!(loads_wasm(&html), "{path} should hydrate: {html}");
    }
}

async fn a_patients_home_loads_no_wasm_a_nurses_does(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Plain Centre").await;
    app.user(Role::Patient, "plain.patient@example.org", Some(centre)).await;
    app.user(Role::Nurse, "plain.nurse@example.org", Some(centre)).await;
    let home = |client: reqwest::Client| {
        let url = app.url("/");
        async move { client.get(url).send().await.expect("home").text().await.expect("html") }
    };

    let patient = app.signed_in("plain.patient@example.org").await;
    let html = home(patient.clone()).await;
    assert!(!loads_wasm(&html), "a patient's home loads the wasm: {html}");
    assert!(
        html.contains("src=\"/offline.js\""),
        "the offline store still runs: {html}"
    );
    // Inviting and removing caregivers is on a page of its own, which hydrates.
    let start = html
        .find("/caregivers?patient=")
        .expect("a link to the caregivers page");
    let link: String = html[start..].chars().take_while(|c| *c != '"').collect();
    let page = patient.get(app.url(&link)).send().await.expect("caregivers");
    assert_eq!(page.status(), 200, "{link}");
    let page = page.text().await.expect("html");
    assert!(loads_wasm(&page), "{link} should hydrate: {page}");
    assert!(page.contains("caregivers/invite"), "the invitation form: {page}");

    let nurse = app.signed_in("plain.nurse@example.org").await;
    let html = home(nurse).await;
    assert!(loads_wasm(&html), "a nurse's home should hydrate: {html}");
}

/// The value of the first `name="…"` attribute in `html`, unescaped as a browser would.
fn attribute(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!("{name}=\""))? + name.len() + 2;
    let raw: String = html[start..].chars().take_while(|c| *c != '"').collect();
    Some(
        raw.replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

async fn a_check_in_loads_its_engine_not_the_apps_wasm(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Plain Check-in Centre").await;
    let patient_id = app.user(Role::Patient, "plain.checkin@example.org", Some(centre)).await;
    let patient = app.signed_in("plain.checkin@example.org").await;
    let path = format!("/checkins/phq-9?patient={patient_id}");
    let response = patient.get(app.url(&path)).send().await.expect("check-in");
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("html");
    assert!(!loads_wasm(&html), "a check-in loads the app's wasm: {html}");
    assert!(html.contains("src=\"/checkin-form.js\""), "the form's script: {html}");
    assert!(
        html.contains("src=\"/offline-store.js\""),
        "answers kept offline: {html}"
    );
    // What the script needs, in the page: the engine's request and the texts it may show.
    let data = attribute(&html, "data-checkin").expect("the script's data");
    let data: serde_json::Value = serde_json::from_str(&data).expect("JSON");
    assert_eq!(data["submission"]["patient_id"], patient_id);
    assert_eq!(data["submission"]["questionnaire"], "phq-9");
    assert!(data["questionnaire"]["items"]
        .as_array()
        .is_some_and(|items| items.len() >= 9));
    assert!(data["problems"]["Required"].is_string(), "{data}");
    for template in [
        "data-advice-for=\"crisis\"",
        "data-outcome=\"kept-online\"",
        "data-outcome=\"sent\"",
        "data-slot=\"advice\"",
    ] {
        assert!(html.contains(template), "{template}: {html}");
    }
    // "Send" waits for the script: a plain form sent before it would put answers in the URL.
    let form = html.find("class=\"stack checkin\"").expect("the check-in's form");
    let send = form + html[form..].find("type=\"submit\"").expect("a send button");
    let tag_start = html[..send].rfind('<').expect("its tag");
    let tag_end = send + html[send..].find('>').expect("its tag's end");
    assert!(
        html[tag_start..tag_end].contains("disabled"),
        "{}",
        &html[tag_start..=tag_end]
    );
    // Other pages do not load the check-in's script.
    let home = patient
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("html");
    assert!(!home.contains("checkin-form.js"), "{home}");
}
