//! Every person in their own language: staff choose theirs in settings, a caregiver (or
//! anyone redeeming a code) at the invitation; a manufacturing site's reports, stored rows
//! included, read in the reader's language, with times in the reader's zone and locale.
use crate::helpers::{call, client, issued_code, location, page_text, Kind, TestApp};
use crate::manufacturing_events::{issue, now, send};
use crate::on_both_databases;
use crate::timeline::{start, ward};
use app::{api::timeline::ChangeView, domain::role::Role, domain::timeline::EventKind};
use serde_json::json;
use sqlx::Row;

on_both_databases!(
    staff_choose_their_language_and_read_reports_and_times_in_it,
    a_caregiver_chooses_their_language_at_the_invitation,
    an_official_translation_of_a_built_in_instrument_is_imported_and_shown,
);

async fn locale_of(app: &TestApp, user_id: i64) -> String {
    sqlx::query("SELECT locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("user")
        .get("locale")
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    server::storage::accounts::credentials_by_email(&app.db, email)
        .await
        .expect("lookup")
        .expect("account")
        .user_id
}

/// The settings form, as a browser without the app's code sends it.
async fn choose(browser: &reqwest::Client, app: &TestApp, locale: &str) -> (u16, String) {
    let response = browser
        .post(app.url("/api/account/language"))
        .form(&[("locale", locale)])
        .send()
        .await
        .expect("language form");
    (response.status().as_u16(), location(&response))
}

async fn staff_choose_their_language_and_read_reports_and_times_in_it(kind: Kind) {
    let w = ward(kind).await;
    let nurse_id = user_id(&w.app, "nurse@leuven.example").await;
    assert_eq!(locale_of(&w.app, nurse_id).await, "en");

    // The form comes back to settings, drawn in French; the same choice again writes nothing.
    assert_eq!(
        choose(&w.nurse, &w.app, "fr").await,
        (302, "/settings?notice=language".into())
    );
    assert_eq!(choose(&w.nurse, &w.app, "fr").await.0, 302);
    assert_eq!(locale_of(&w.app, nurse_id).await, "fr");
    let settings = page_text(&w.nurse, &w.app, "/settings?notice=language").await;
    assert!(settings.contains(r#"<html lang="fr""#), "{settings}");
    assert!(settings.contains("Langue enregistrée."), "{settings}");
    let audit: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.language'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("audit")
        .get("n");
    assert_eq!(audit, 1);
    // Only the codes offered, as written: anything else is refused and changes nothing.
    for bad in ["xx", "FR", "fr-BE", "", "en-US'; --"] {
        let (status, body) = call(&w.nurse, &w.app, "account/language", &[("locale", bad)]).await;
        assert!((400..500).contains(&status), "{bad}: {status} {body}");
    }
    assert_eq!(locale_of(&w.app, nurse_id).await, "fr");

    // A manufacturing site reports a delay: stored with its kind, never with English words.
    assert_eq!(start(&w, "axi-cel", "ORD-LANG-1").await.0, 200);
    let secret = issue(&w, "Site Amsterdam", &["axi-cel"], "")
        .await
        .expect("integration");
    let event = json!({ "type": "delayed", "order_reference": "ORD-LANG-1",
        "occurred_at": chrono::Utc::now().to_rfc3339(),
        "expected_on": (crate::timeline::today() + chrono::Days::new(60)).to_string() });
    assert_eq!(send(&w, &secret, "msg_lang_1", now(), &event).await.0, 200);
    let reasons: Vec<String> = sqlx::query("SELECT reason FROM timeline_changes WHERE source = 'integration'")
        .fetch_all(&w.app.db.pool)
        .await
        .expect("changes")
        .iter()
        .map(|r| r.get("reason"))
        .collect();
    assert_eq!(reasons, vec![String::new()]);
    // A row stored by an earlier version, in English, reads in the reader's language too.
    let treatment: i64 = sqlx::query("SELECT id FROM treatments WHERE patient_id = $1")
        .bind(w.patient_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("treatment")
        .get("id");
    sqlx::query("INSERT INTO timeline_changes (treatment_id, at, source, action, reason) VALUES ($1, $2, 'integration', 'shipped', 'Manufacturing site: product shipped')")
        .bind(treatment)
        .bind(now() - 3600)
        .execute(&w.app.db.pool)
        .await
        .expect("old row");

    // The nurse reads in New York: times in her zone, 24-hour French style.
    let (status, _) = call(
        &w.nurse,
        &w.app,
        "account/time-zone/set",
        &[("time_zone", "America/New_York")],
    )
    .await;
    assert_eq!(status, 200);
    let id = w.patient_id.to_string();
    let (status, body) = call(&w.nurse, &w.app, "timeline/history", &[("patient_id", &id)]).await;
    assert_eq!(status, 200, "{body}");
    let history: Vec<ChangeView> = serde_json::from_str(&body).expect("history");
    let events: Vec<Option<EventKind>> = history.iter().map(|c| c.event).collect();
    assert!(
        events.contains(&Some(EventKind::Delayed)) && events.contains(&Some(EventKind::Shipped)),
        "{body}"
    );
    let stored: Vec<i64> = sqlx::query("SELECT at FROM timeline_changes WHERE treatment_id = $1 ORDER BY id DESC")
        .bind(treatment)
        .fetch_all(&w.app.db.pool)
        .await
        .expect("times")
        .iter()
        .map(|r| r.get("at"))
        .collect();
    let new_york: chrono_tz::Tz = "America/New_York".parse().expect("zone");
    for (change, at) in history.iter().zip(&stored) {
        let local = chrono::DateTime::from_timestamp(*at, 0)
            .expect("instant")
            .with_timezone(&new_york);
        assert_eq!(
            (change.on.as_str(), change.time.as_str()),
            (
                local.format("%Y-%m-%d").to_string().as_str(),
                local.format("%H:%M").to_string().as_str()
            )
        );
    }
    let record = page_text(&w.nurse, &w.app, &format!("/patients/{id}")).await;
    assert!(record.contains("Site de fabrication : retard"), "{record}");
    assert!(record.contains("Site de fabrication : produit expédié"), "{record}");
    assert!(
        !record.contains("Manufacturing site"),
        "no English reaches a French reader"
    );

    // The patient is told why in her own language: German.
    sqlx::query("UPDATE users SET locale = 'de' WHERE id = $1")
        .bind(w.patient_id)
        .execute(&w.app.db.pool)
        .await
        .expect("locale");
    let ann = w.app.signed_in("ann@example.org").await;
    let home = page_text(&ann, &w.app, "/").await;
    assert!(home.contains("Herstellungsort: verzögert"), "{home}");
}

async fn a_caregiver_chooses_their_language_at_the_invitation(kind: Kind) {
    let app = crate::helpers::spawn(kind).await;
    let centre = app.centre("Leuven").await;
    let patient_id = app.user(Role::Patient, "p@leuven.example", Some(centre)).await;
    let patient = app.signed_in("p@leuven.example").await;
    let id = patient_id.to_string();
    let invite = |name: &'static str, email: &'static str| {
        let (patient, app, id) = (&patient, &app, id.clone());
        async move {
            let form = [
                ("patient_id", id.as_str()),
                ("form[name]", name),
                ("form[email]", email),
            ];
            let (status, body) = call(patient, app, "caregivers/invite", &form).await;
            assert_eq!(status, 200, "{body}");
            issued_code(&body)
        }
    };
    let redeem_in = |code: String, locale: &'static str| {
        let app = &app;
        async move {
            let password = "a caregiver's own password";
            let form = [
                ("code", code.as_str()),
                ("password", password),
                ("confirmation", password),
                ("locale", locale),
            ];
            let response = client()
                .post(app.url("/auth/invitation"))
                .form(&form)
                .send()
                .await
                .expect("redeem");
            location(&response)
        }
    };
    let code = invite("Mia", "mia@example.org").await;
    assert_eq!(redeem_in(code, "de").await, "/login?notice=password-set");
    let mia = user_id(&app, "mia@example.org").await;
    assert_eq!(locale_of(&app, mia).await, "de");
    let browser = client();
    app.sign_in(&browser, "mia@example.org", "a caregiver's own password")
        .await;
    assert!(page_text(&browser, &app, "/").await.contains(r#"<html lang="de""#));

    // An unknown choice keeps the language the invitation was made in.
    let code = invite("Noor", "noor@example.org").await;
    assert_eq!(redeem_in(code, "zz").await, "/login?notice=password-set");
    assert_eq!(locale_of(&app, user_id(&app, "noor@example.org").await).await, "en");

    // American English: English words, American dates and times.
    let code = invite("Sam", "sam@example.org").await;
    assert_eq!(redeem_in(code, "en-US").await, "/login?notice=password-set");
    assert_eq!(locale_of(&app, user_id(&app, "sam@example.org").await).await, "en-US");
}

/// PHQ-9 as shipped, with every text given a French translation, as a centre would import
/// the official one.
fn phq9_in_french(version: &str, translate: usize) -> String {
    let mut q: serde_json::Value = serde_json::from_str(app::domain::checkins::builtin::PHQ9).expect("PHQ-9");
    q["version"] = json!(version);
    for item in q["item"].as_array_mut().expect("items").iter_mut().take(translate) {
        let text = item["text"].as_str().expect("text").to_string();
        item["_text"] = json!({ "extension": [{ "url": "http://hl7.org/fhir/StructureDefinition/translation",
            "extension": [{ "url": "lang", "valueCode": "fr" }, { "url": "content", "valueString": format!("(FR) {text}") }] }] });
    }
    q.to_string()
}

async fn an_official_translation_of_a_built_in_instrument_is_imported_and_shown(kind: Kind) {
    let w = ward(kind).await;
    sqlx::query("UPDATE users SET locale = 'fr' WHERE id = $1")
        .bind(w.patient_id)
        .execute(&w.app.db.pool)
        .await
        .expect("locale");
    let ann = w.app.signed_in("ann@example.org").await;
    let checkin = format!("/checkins/phq-9?patient={}", w.patient_id);
    let before = page_text(&ann, &w.app, &checkin).await;
    assert!(before.contains(r#"id="instrument-in-english""#), "{before}");
    assert!(before.contains("traduction officielle"), "said in French: {before}");
    // The other instruments shipped in English alone say so too; the app's own diary speaks French.
    for (name, english) in [("gad-7", true), ("phq-4", true), ("symptom-diary", false)] {
        let html = page_text(&ann, &w.app, &format!("/checkins/{name}?patient={}", w.patient_id)).await;
        assert_eq!(
            html.contains(r#"id="instrument-in-english""#),
            english,
            "{name}: {html}"
        );
    }

    w.app.user(Role::Admin, "admin@leuven.example", None).await;
    let admin = w.app.signed_in("admin@leuven.example").await;
    let import = |text: String| {
        let (admin, app) = (&admin, &w.app);
        async move { call(admin, app, "admin/questionnaires/import", &[("json", &text)]).await }
    };
    // Half translated, or with the built-in version: refused, nothing changes.
    assert_eq!(import(phq9_in_french("2-fr", 4)).await.0, 422);
    assert_eq!(import(phq9_in_french("1", 100)).await.0, 422);
    let (status, body) = import(phq9_in_french("1-fr", 100)).await;
    assert_eq!(status, 200, "{body}");

    let after = page_text(&ann, &w.app, &checkin).await;
    assert!(!after.contains(r#"id="instrument-in-english""#), "{after}");
    assert!(
        after.contains("(FR) Little interest or pleasure in doing things"),
        "{after}"
    );
}
