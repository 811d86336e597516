//! Attack: server-side request forgery through push endpoints. Any patient can register an
//! endpoint, and the server then sends requests to it. Disguised internal addresses, a name
//! that resolves inside, and a redirect to an internal address must all fail to reach in.
use crate::helpers::*;
use crate::on_both_databases;
use crate::push_dispatch::{subscribe, AUTH, P256DH};
use app::domain::role::Role;
use axum::{http::StatusCode, response::IntoResponse, routing::post, Router};
use server::clock::Clock;
use server::storage::{
    push::{self as devices, NewDevice},
    reminders::{self, NewReminder},
};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};

on_both_databases!(
    disguised_and_resolved_internal_endpoints_are_refused_at_subscribe_and_at_send,
    a_redirect_to_an_internal_address_is_not_followed,
);

fn subscription<'a>(endpoint: &'a str) -> [(&'static str, &'a str); 4] {
    [
        ("subscription[endpoint]", endpoint),
        ("subscription[p256dh]", P256DH),
        ("subscription[auth]", AUTH),
        ("subscription[device]", "Phone"),
    ]
}

async fn due_now(app: &TestApp, user_id: i64) -> i64 {
    let now = app.clock.now();
    let reminder = NewReminder {
        user_id,
        patient_id: None,
        rule: "infusion-day",
        subject: "ssrf",
        due_at: now,
        send_at: now,
        expires_at: now + 3600,
        kind: "appointments",
        params: "{}",
        url: "/",
    };
    reminders::insert(&app.db.pool, &reminder, now, false)
        .await
        .expect("reminder")
        .expect("an id")
}

async fn disguised_and_resolved_internal_endpoints_are_refused_at_subscribe_and_at_send(kind: Kind) {
    let app = spawn_with(kind, |c| {
        // Any public host, so that only the address decides; one name points inside.
        c.push_service_hosts = vec!["*".into()];
        c.push_resolve_overrides
            .insert("rebind.push.example".into(), vec!["127.0.0.1".parse().expect("ip")]);
    })
    .await;
    let centre = app.centre("Leuven").await;
    let ann_id = app.user(Role::Patient, "ann@example.org", Some(centre)).await;
    let ann = app.signed_in("ann@example.org").await;
    let disguised = [
        "https://127.1:9913/p",
        "https://0x7f.0.0.1:9915/p",
        "https://127.1/p",
        "https://0x7f.0.0.1/p",
        "https://169.254.169.254./latest/meta-data",
        "https://localhost./p",
        "https://rebind.push.example/p",
    ];
    for endpoint in disguised {
        let (status, body) = call(&ann, &app, "push/subscribe", &subscription(endpoint)).await;
        assert_eq!(status, 422, "{endpoint}: {body}");
        assert!(body.contains("\"field\":\"endpoint\""), "{body}");
    }
    assert_eq!(count(&app, "push_subscriptions").await, 0);

    // Rows stored before these rules (or written around them) are skipped at send time,
    // and the skip is recorded.
    let key_id = devices::current_key_id(&app.db).await.expect("key").expect("a key");
    for endpoint in ["https://127.1/p", "https://rebind.push.example/p"] {
        devices::save_device(
            &app.db,
            &NewDevice {
                user_id: ann_id,
                endpoint,
                p256dh: P256DH,
                auth: AUTH,
                device: "old row",
                vapid_key_id: key_id,
            },
        )
        .await
        .expect("a device row");
    }
    let reminder = due_now(&app, ann_id).await;
    app.dispatcher.run_until_idle().await.expect("dispatch");
    let attempts: Vec<(Option<i64>, String, Option<String>)> =
        sqlx::query_as("SELECT status, outcome, detail FROM push_attempts WHERE reminder_id = $1 ORDER BY id")
            .bind(reminder)
            .fetch_all(&app.db.pool)
            .await
            .expect("attempts");
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    for (status, outcome, detail) in &attempts {
        assert_eq!(*status, None, "no request was made: {attempts:?}");
        assert_eq!(outcome, "error", "{attempts:?}");
        let detail = detail.clone().unwrap_or_default();
        assert!(detail.contains("refused") || detail.contains("internal"), "{detail}");
    }
    let state: String = sqlx::query_scalar("SELECT state FROM reminders WHERE id = $1")
        .bind(reminder)
        .fetch_one(&app.db.pool)
        .await
        .expect("state");
    assert_eq!(state, "failed", "given up, not retried five times");
}

async fn a_redirect_to_an_internal_address_is_not_followed(kind: Kind) {
    // An internal service that must never be reached.
    let reached = Arc::new(AtomicUsize::new(0));
    let internal = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
    let internal_url = format!("http://{}/secret", internal.local_addr().expect("addr"));
    let counter = reached.clone();
    let secret = Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            "secret"
        }
    });
    tokio::spawn(async move { axum::serve(internal, secret).await });
    // A "push service" (a test receiver, let in) that answers 307 to it.
    let redirecting = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("port");
    let host_port = redirecting.local_addr().expect("addr").to_string();
    allow_test_receiver(&host_port);
    let to = internal_url.clone();
    let redirect = Router::new().route(
        "/push/{device}",
        post(move || {
            let to = to.clone();
            async move { (StatusCode::TEMPORARY_REDIRECT, [("location", to)]).into_response() }
        }),
    );
    tokio::spawn(async move { axum::serve(redirecting, redirect).await });

    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    let ann_id = app.user(Role::Patient, "ann@example.org", Some(centre)).await;
    let ann = app.signed_in("ann@example.org").await;
    subscribe(&ann, &app, &format!("http://{host_port}/push/ann"), P256DH, AUTH).await;
    let reminder = due_now(&app, ann_id).await;
    app.dispatcher.run_until_idle().await.expect("dispatch");
    assert_eq!(
        reached.load(Ordering::SeqCst),
        0,
        "the redirect was followed to {internal_url}"
    );
    let status: Option<i64> = sqlx::query_scalar("SELECT status FROM push_attempts WHERE reminder_id = $1")
        .bind(reminder)
        .fetch_one(&app.db.pool)
        .await
        .expect("the attempt is recorded");
    assert_eq!(status, Some(307));
}
