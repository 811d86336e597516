//! Devices subscribe to push with the server's VAPID key; each person sees and removes only
//! their own; bad subscriptions are refused field by field; an admin rotates the key.
use crate::helpers::{call, call_list, client, Kind};
use crate::on_both_databases;
use crate::timeline::ward;
use app::domain::role::Role;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::Value;

on_both_databases!(
    a_device_subscribes_and_its_owner_alone_removes_it,
    a_bad_subscription_is_refused_field_by_field_and_nothing_is_stored,
    an_admin_rotates_the_push_key,
    endpoints_on_the_internal_network_are_refused,
);

// A real P-256 public key and auth secret (RFC 8291's example device).
const P256DH: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

fn subscription<'a>(endpoint: &'a str, p256dh: &'a str, device: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("subscription[endpoint]", endpoint),
        ("subscription[p256dh]", p256dh),
        ("subscription[auth]", AUTH),
        ("subscription[device]", device),
    ]
}

async fn devices(client: &reqwest::Client, app: &crate::helpers::TestApp) -> Vec<Value> {
    call_list(client, app, "push/devices").await
}

async fn a_device_subscribes_and_its_owner_alone_removes_it(kind: Kind) {
    // A test receiver's address (nothing is sent to it here).
    crate::helpers::allow_test_receiver("127.0.0.1:9");
    let w = ward(kind).await;
    let ann = w.app.signed_in("ann@example.org").await;
    let (status, key) = call(&ann, &w.app, "push/key", &[]).await;
    assert_eq!(status, 200, "{key}");
    let key: String = serde_json::from_str(&key).expect("JSON string");
    assert_eq!(
        URL_SAFE_NO_PAD.decode(&key).expect("base64url").len(),
        65,
        "an uncompressed P-256 point"
    );
    assert_eq!(call(&client(), &w.app, "push/key", &[]).await.0, 401, "signed in only");

    let endpoint = "http://127.0.0.1:9/push/ann-phone";
    let (status, body) = call(
        &ann,
        &w.app,
        "push/subscribe",
        &subscription(endpoint, P256DH, "Firefox on Android"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The same browser subscribing again keeps one row.
    assert_eq!(
        call(
            &ann,
            &w.app,
            "push/subscribe",
            &subscription(endpoint, P256DH, "Firefox on Android")
        )
        .await
        .0,
        200
    );
    let listed = devices(&ann, &w.app).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["device"], "Firefox on Android");
    let id = listed[0]["id"].as_i64().expect("id").to_string();
    // Not the nurse's device to remove, nor to see.
    assert!(devices(&w.nurse, &w.app).await.is_empty());
    assert_eq!(call(&w.nurse, &w.app, "push/remove", &[("id", &id)]).await.0, 404);
    assert_eq!(devices(&ann, &w.app).await.len(), 1);
    assert_eq!(call(&ann, &w.app, "push/remove", &[("id", &id)]).await.0, 200);
    assert!(devices(&ann, &w.app).await.is_empty());
}

async fn a_bad_subscription_is_refused_field_by_field_and_nothing_is_stored(kind: Kind) {
    let w = ward(kind).await;
    let ann = w.app.signed_in("ann@example.org").await;
    let (status, body) = call(
        &ann,
        &w.app,
        "push/subscribe",
        &subscription("http://push.example.org/x", "not-a-key", "Phone"),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    for field in ["endpoint", "keys"] {
        assert!(body.contains(&format!("\"field\":\"{field}\"")), "{field} in {body}");
    }
    assert!(devices(&ann, &w.app).await.is_empty());
}

async fn an_admin_rotates_the_push_key(kind: Kind) {
    let w = ward(kind).await;
    w.app.user(Role::Admin, "admin@leuven.example", None).await;
    let admin = w.app.signed_in("admin@leuven.example").await;
    let (_, before) = call(&admin, &w.app, "push/key", &[]).await;
    assert_eq!(call(&w.nurse, &w.app, "push/rotate", &[]).await.0, 403, "admins only");
    let (status, rotated) = call(&admin, &w.app, "push/rotate", &[]).await;
    assert_eq!(status, 200, "{rotated}");
    assert_ne!(rotated, before);
    let (_, after) = call(&w.nurse, &w.app, "push/key", &[]).await;
    assert_eq!(after, rotated, "everyone subscribes with the new key");
}

/// The server makes the request to the endpoint: one on this machine or the internal network
/// would let a subscription reach what should stay unreachable.
async fn endpoints_on_the_internal_network_are_refused(kind: Kind) {
    let app = crate::helpers::spawn_with(kind, |c| c.push_test_receivers.clear()).await;
    let centre = app.centre("Leuven").await;
    app.user(Role::Patient, "ann@example.org", Some(centre)).await;
    let ann = app.signed_in("ann@example.org").await;
    for endpoint in [
        "https://127.0.0.1/p",
        "https://10.0.0.7/p",
        "https://169.254.169.254/p",
        "http://localhost:9/p",
    ] {
        let (status, body) = call(&ann, &app, "push/subscribe", &subscription(endpoint, P256DH, "Phone")).await;
        assert_eq!(status, 422, "{endpoint}: {body}");
        assert!(body.contains("\"field\":\"endpoint\""), "{body}");
    }
    let (status, body) = call(
        &ann,
        &app,
        "push/subscribe",
        &subscription("https://fcm.googleapis.com/fcm/send/e2e", P256DH, "Phone"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // At most ten devices per person: the oldest go first.
    for n in 0..12 {
        let endpoint = format!("https://fcm.googleapis.com/fcm/send/phone-{n}");
        assert_eq!(
            call(&ann, &app, "push/subscribe", &subscription(&endpoint, P256DH, "Phone"))
                .await
                .0,
            200
        );
    }
    assert_eq!(devices(&ann, &app).await.len(), 10);
}
