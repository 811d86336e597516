//! Red flags told to the hospital's systems: an admin allows an origin exactly and adds a
//! webhook; an urgent flag reaches a receiver in the harness, signed as the Standard Webhooks
//! reference library checks; a 503 is retried after its backoff with the same message; a
//! refusal is given up; an origin removed stops sending; admins see states, not content.
use crate::answers::{calm_diary, choices, send, submission};
use crate::helpers::{audited, call, database_url, python_check, spawn_on, spawn_with, Kind, TestApp};
use crate::hospital_receiver::HospitalReceiver;
use crate::on_both_databases;
use crate::timeline::{ward_on, Ward};
use app::domain::role::Role;
use reqwest::Client;
use serde_json::{json, Value};

on_both_databases!(
    an_urgent_flag_reaches_the_hospital_signed_and_is_retried_until_taken,
    only_allowed_origins_are_sent_to_and_admins_see_states_not_content,
    two_instances_sending_at_once_send_each_flag_once
);

const NUMBER: &str = "MRN-2026/0042";

async fn ward_with_receiver(kind: Kind) -> (Ward, HospitalReceiver, Client) {
    let receiver = HospitalReceiver::start().await;
    let origin = receiver.origin.clone();
    let app = spawn_with(kind, move |config| config.hospital_webhook_test_origins = vec![origin]).await;
    let w = ward_on(app).await;
    w.app.user(Role::Admin, "admin@example.org", None).await;
    let admin = w.app.signed_in("admin@example.org").await;
    sqlx::query("UPDATE patients SET hospital_number = $1 WHERE user_id = $2")
        .bind(NUMBER)
        .bind(w.patient_id)
        .execute(&w.app.db.pool)
        .await
        .expect("hospital number");
    (w, receiver, admin)
}

/// The origin allowed and a webhook to the receiver made; answers the webhook's secret.
async fn connect(admin: &Client, app: &TestApp, receiver: &HospitalReceiver) -> String {
    let (status, body) = call(
        admin,
        app,
        "admin/hospital/origins/add",
        &[("origin", &receiver.origin)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let url = receiver.url();
    let form = [
        ("form[name]", "Pager"),
        ("form[url]", url.as_str()),
        ("form[centre]", ""),
    ];
    let (status, body) = call(admin, app, "admin/hospital/webhooks/create", &form).await;
    assert_eq!(status, 200, "{body}");
    let issued: Value = serde_json::from_str(&body).expect("issued");
    issued["secret"].as_str().expect("a secret").to_string()
}

async fn fever(w: &Ward, id: &str) {
    let ann = w.app.signed_in("ann@example.org").await;
    let (status, body) = send(&ann, w, &submission(w, id, "symptom-diary", calm_diary(39.4))).await;
    assert_eq!(status, 200, "{body}");
}

async fn deliveries(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT state, attempts FROM hospital_deliveries ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .expect("deliveries")
}

async fn an_urgent_flag_reaches_the_hospital_signed_and_is_retried_until_taken(kind: Kind) {
    let (w, receiver, admin) = ward_with_receiver(kind).await;
    let secret = connect(&admin, &w.app, &receiver).await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    // A high PHQ-9 is not a red flag: nothing for the hospital. A fever is.
    let ann = w.app.signed_in("ann@example.org").await;
    let phq9 = submission(&w, "q-1", "phq-9", choices("phq9", &[3, 3, 3, 3, 3, 3, 2, 0, 0]));
    assert_eq!(send(&ann, &w, &phq9).await.0, 200);
    assert!(deliveries(&w.app).await.is_empty());
    fever(&w, "d-1").await;
    assert_eq!(deliveries(&w.app).await, [("pending".to_string(), 0)]);

    // The receiver is down once: retried after 30 s, not before.
    receiver.script(&[503]);
    assert_eq!(w.app.hospital.run_until_idle().await.expect("run"), 1);
    assert_eq!(deliveries(&w.app).await, [("pending".to_string(), 1)]);
    assert_eq!(w.app.hospital.run_until_idle().await.expect("run"), 0, "not yet due");
    w.app.clock.advance(31);
    assert_eq!(w.app.hospital.run_until_idle().await.expect("run"), 1);
    assert_eq!(deliveries(&w.app).await, [("sent".to_string(), 2)]);
    assert_eq!(
        crate::helpers::audited_about(&w.app, "flag.sent_to_hospital", w.patient_id).await,
        1
    );

    // The same message twice, signed each time, as the reference library checks.
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    assert_eq!(
        (got[0].id.clone(), got[0].body.clone()),
        (got[1].id.clone(), got[1].body.clone())
    );
    assert_eq!(got[0].content_type, "application/json");
    let messages: Vec<Value> = got
        .iter()
        .map(|m| json!({ "id": m.id, "timestamp": m.timestamp, "signature": m.signature, "body": m.body }))
        .collect();
    let verdicts = python_check(
        "hospital_webhook_check.py",
        json!({ "secret": secret, "messages": messages }).to_string().as_bytes(),
    );
    for verdict in verdicts.as_array().expect("verdicts") {
        assert_eq!(verdict["as_sent"]["ok"], true, "{verdict}");
        assert_eq!(verdict["wrong_secret"]["ok"], false, "{verdict}");
        assert_eq!(verdict["tampered"]["ok"], false, "{verdict}");
    }
    let payload = &verdicts[0]["as_sent"]["payload"];
    assert_eq!(payload["type"], "flag.raised");
    assert_eq!(payload["data"]["level"], "urgent");
    assert_eq!(payload["data"]["patient"]["hospital_number"], NUMBER);
    assert_eq!(payload["data"]["patient"]["app_patient_id"], w.patient_id);
    assert_eq!(payload["data"]["centre"], "Leuven");
    // The patient's name and answers stay in the app.
    assert!(
        !got[0].body.contains("ann@example.org") && !got[0].body.contains("39.4"),
        "{}",
        got[0].body
    );

    // A refusal is not retried.
    receiver.script(&[401]);
    fever(&w, "d-2").await;
    w.app.hospital.run_until_idle().await.expect("run");
    w.app.clock.advance(3600);
    w.app.hospital.run_until_idle().await.expect("run");
    assert_eq!(deliveries(&w.app).await[1], ("failed".to_string(), 1));
    assert_eq!(receiver.received().len(), 3);
}

async fn only_allowed_origins_are_sent_to_and_admins_see_states_not_content(kind: Kind) {
    let (w, receiver, admin) = ward_with_receiver(kind).await;
    let url = receiver.url();
    let problem = |body: &str| {
        serde_json::from_str::<Value>(body)
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    // Before its origin is allowed, the address is refused; plain http elsewhere, a path in
    // an origin, and an origin on another port are refused too.
    let form = [
        ("form[name]", "Pager"),
        ("form[url]", url.as_str()),
        ("form[centre]", ""),
    ];
    let (status, body) = call(&admin, &w.app, "admin/hospital/webhooks/create", &form).await;
    assert_eq!(status, 422, "{body}");
    assert!(problem(&body).contains("OriginNotAllowed"), "{body}");
    for origin in [
        "http://ehr.hospital.example",
        "https://ehr.hospital.example/inbox",
        "http://127.0.0.1:1",
    ] {
        let (status, body) = call(&admin, &w.app, "admin/hospital/origins/add", &[("origin", origin)]).await;
        assert_eq!(status, 422, "{origin}: {body}");
        assert!(problem(&body).contains("OriginInvalid"), "{body}");
    }
    let secret = connect(&admin, &w.app, &receiver).await;
    assert!(!secret.is_empty());
    assert_eq!(audited(&w.app, "hospital_origin.created").await, 1);
    assert_eq!(audited(&w.app, "hospital_webhook.created").await, 1);
    // Nurses and patients may not see or change any of it.
    let ann = w.app.signed_in("ann@example.org").await;
    for client in [&w.nurse, &ann] {
        assert_eq!(call(client, &w.app, "admin/hospital/view", &[]).await.0, 403);
        let add = call(
            client,
            &w.app,
            "admin/hospital/origins/add",
            &[("origin", "https://evil.example")],
        )
        .await;
        assert_eq!(add.0, 403);
    }

    fever(&w, "d-1").await;
    w.app.hospital.run_until_idle().await.expect("run");
    let (status, body) = call(&admin, &w.app, "admin/hospital/view", &[]).await;
    assert_eq!(status, 200, "{body}");
    let view: Value = serde_json::from_str(&body).expect("view");
    let delivery = &view["deliveries"][0];
    assert_eq!(
        (delivery["state"].as_str(), delivery["attempts"].as_i64()),
        (Some("Sent"), Some(1))
    );
    assert_eq!(delivery["last_status"], 200);
    assert!(!body.contains(NUMBER) && !body.contains("urgent"), "no content: {body}");
    let page = crate::helpers::page_text(&admin, &w.app, "/admin/hospital-systems").await;
    assert!(page.contains(&receiver.origin) && page.contains("delivered"), "{page}");

    // Nobody but an admin removes a real origin or stops a real webhook.
    let origin_id = view["origins"][0]["id"].to_string();
    let webhook_id = view["webhooks"][0]["id"].to_string();
    for client in [&w.nurse, &ann] {
        let remove = call(client, &w.app, "admin/hospital/origins/remove", &[("id", &origin_id)]).await;
        let stop = call(client, &w.app, "admin/hospital/webhooks/stop", &[("id", &webhook_id)]).await;
        assert_eq!((remove.0, stop.0), (403, 403));
    }

    // The origin removed: what waits is given up, and nothing reaches the receiver.
    let (status, _) = call(&admin, &w.app, "admin/hospital/origins/remove", &[("id", &origin_id)]).await;
    assert_eq!(status, 200);
    fever(&w, "d-2").await;
    w.app.hospital.run_until_idle().await.expect("run");
    assert_eq!(deliveries(&w.app).await[1], ("failed".to_string(), 1));
    assert_eq!(receiver.received().len(), 1);
    // A webhook stopped gets nothing more queued.
    let (status, _) = call(&admin, &w.app, "admin/hospital/webhooks/stop", &[("id", &webhook_id)]).await;
    assert_eq!(status, 200);
    fever(&w, "d-3").await;
    assert_eq!(deliveries(&w.app).await.len(), 2);
}

async fn two_instances_sending_at_once_send_each_flag_once(kind: Kind) {
    let receiver = HospitalReceiver::start().await;
    let (url, _dir) = database_url(kind).await;
    let mut instances = Vec::new();
    for _ in 0..2 {
        let origin = receiver.origin.clone();
        instances.push(spawn_on(&url, None, move |c| c.hospital_webhook_test_origins = vec![origin]).await);
    }
    let w = ward_on(instances.remove(0)).await;
    w.app.user(Role::Admin, "admin@example.org", None).await;
    let admin = w.app.signed_in("admin@example.org").await;
    connect(&admin, &w.app, &receiver).await;
    // More than a batch (16), so that the two claims overlap.
    for n in 0..20 {
        fever(&w, &format!("d-{n}")).await;
    }
    let (one, two) = tokio::join!(w.app.hospital.run_until_idle(), instances[0].hospital.run_until_idle());
    assert_eq!(one.expect("first") + two.expect("second"), 20);
    let mut ids: Vec<String> = receiver.received().into_iter().map(|m| m.id).collect();
    assert_eq!(ids.len(), 20, "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "each once");
    assert!(deliveries(&w.app).await.iter().all(|d| *d == ("sent".to_string(), 1)));
}
