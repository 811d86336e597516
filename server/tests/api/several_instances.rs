//! Several instances on one database, as a hospital runs them behind a proxy: the push key
//! is one between them. Made once when they start together on an empty database, rotated on
//! one and used by all at once, and not undone by a key in the environment at a restart.
//! A session made on one instance is good on the others.
use crate::helpers::{call, database_url, spawn_on, Kind, TestApp};
use crate::on_both_databases;
use crate::push_dispatch::{AUTH, P256DH};
use crate::push_receiver::Receiver;
use app::domain::role::Role;
use server::{push::vapid::Vapid, storage::Db};

on_both_databases!(three_instances_share_one_push_key);

async fn key_on(client: &reqwest::Client, app: &TestApp) -> String {
    let (status, body) = call(client, app, "push/key", &[]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("a JSON string")
}

async fn keys_in_use(app: &TestApp) -> (i64, i64) {
    let in_use: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vapid_keys WHERE retired_at IS NULL")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    let all: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vapid_keys")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    (in_use, all)
}

async fn three_instances_share_one_push_key(kind: Kind) {
    let (url, _dir) = database_url(kind).await;
    // Started first: the instances let in the test receivers running when they start.
    let receiver = Receiver::start().await;
    // Migrated once, as `vein-to-vein migrate` does before a deployment starts its instances.
    Db::open(&url, 1).await.expect("migrate").pool.close().await;
    let start = || {
        spawn_on(&url, None, |c| {
            c.migrate_at_start = false;
        })
    };
    let (a, b, c) = tokio::join!(start(), start(), start());
    assert_eq!(keys_in_use(&a).await, (1, 1), "one key made between three instances");

    let centre = a.centre("Leuven").await;
    a.user(Role::Admin, "admin@leuven.example", None).await;
    a.user(Role::Nurse, "nurse@leuven.example", Some(centre)).await;
    // Signed in on one instance, served by every one: the session lives in the database.
    let admin = a.signed_in("admin@leuven.example").await;
    let nurse = b.signed_in("nurse@leuven.example").await;
    let first = key_on(&nurse, &a).await;
    assert_eq!(key_on(&nurse, &b).await, first);
    assert_eq!(key_on(&admin, &c).await, first);

    // An admin rotates on one instance: the others use the new key at once, no restart.
    let (status, rotated) = call(&admin, &a, "push/rotate", &[]).await;
    assert_eq!(status, 200, "{rotated}");
    let rotated: String = serde_json::from_str(&rotated).expect("a JSON string");
    assert_ne!(rotated, first);
    assert_eq!(key_on(&nurse, &b).await, rotated);
    assert_eq!(key_on(&nurse, &c).await, rotated);

    // An operator sets a new key in the environment and restarts one instance: that key is
    // a rotation, for every instance.
    let (configured, private) = Vapid::generate("mailto:care-team@vein-to-vein.invalid");
    let with_key = |private: String| {
        spawn_on(&url, None, move |c| {
            c.vapid_private_key = Some(private);
        })
    };
    let d = with_key(private.clone()).await;
    for app in [&a, &b, &c, &d] {
        assert_eq!(key_on(&nurse, app).await, configured.public_key);
    }
    // An admin rotates again; an instance restarts with the old key still in its
    // environment: the rotation stands.
    let (status, again) = call(&admin, &c, "push/rotate", &[]).await;
    assert_eq!(status, 200, "{again}");
    let again: String = serde_json::from_str(&again).expect("a JSON string");
    let e = with_key(private).await;
    for app in [&a, &b, &c, &d, &e] {
        assert_eq!(key_on(&nurse, app).await, again, "a restart does not undo a rotation");
    }
    assert_eq!(
        keys_in_use(&e).await,
        (1, 4),
        "first, rotated, configured, rotated again"
    );

    // Two admins rotate at the same moment on two instances: both rotations happen, one
    // after the other, and one key is in use.
    let (one, two) = tokio::join!(
        call(&admin, &a, "push/rotate", &[]),
        call(&admin, &b, "push/rotate", &[])
    );
    assert_eq!((one.0, two.0), (200, 200), "{} / {}", one.1, two.1);
    assert_eq!(keys_in_use(&a).await, (1, 6));
    subscriptions_keep_the_key_they_hold(&receiver, &nurse, &a, &b, &again).await;
}

/// A browser asked one instance for the key, an admin rotated it on another, and the
/// subscription arrives on a third: the device is stored with the key it holds (retired or
/// not), and a key this server never had is refused.
async fn subscriptions_keep_the_key_they_hold(
    receiver: &Receiver,
    nurse: &reqwest::Client,
    a: &TestApp,
    b: &TestApp,
    old: &str,
) {
    let subscribe = |key: Option<&str>, device: &str| {
        let endpoint = receiver.endpoint(device);
        let mut form = vec![
            ("subscription[endpoint]".to_string(), endpoint),
            ("subscription[p256dh]".to_string(), P256DH.to_string()),
            ("subscription[auth]".to_string(), AUTH.to_string()),
            ("subscription[device]".to_string(), "Test phone".to_string()),
        ];
        if let Some(key) = key {
            form.push(("subscription[application_server_key]".to_string(), key.to_string()));
        }
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            call(nurse, b, "push/subscribe", &form).await
        }
    };
    let stored_key = |device: &'static str| async move {
        sqlx::query_scalar::<_, String>(
            "SELECT k.public_key FROM push_subscriptions s JOIN vapid_keys k ON k.id = s.vapid_key_id \
             WHERE s.endpoint LIKE '%' || $1",
        )
        .bind(device)
        .fetch_one(&a.db.pool)
        .await
        .expect("the device is stored")
    };
    let current = key_on(nurse, a).await;
    let (status, body) = subscribe(Some(old), "held-old").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(stored_key("held-old").await, old, "the retired key the browser holds");
    let (status, body) = subscribe(None, "named-none").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(stored_key("named-none").await, current, "an older page: the key in use");
    let (stranger, _) = Vapid::generate("mailto:someone@elsewhere.invalid");
    let (status, body) = subscribe(Some(&stranger.public_key), "stranger").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains(r#""field":"keys""#), "{body}");
}
