//! Signing out on a shared phone: the session ends, this browser's push subscription is
//! removed (the next person does not get the previous one's reminders), and the browser is
//! asked to forget what it cached and stored. Other devices of the person stay.
use crate::helpers::*;
use crate::on_both_databases;
use crate::push_dispatch::{subscribe, AUTH, P256DH};
use app::domain::role::Role;

on_both_databases!(signing_out_removes_this_browsers_subscription_and_clears_the_site);

async fn signing_out_removes_this_browsers_subscription_and_clears_the_site(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    app.user(Role::Patient, "ann@example.org", Some(centre)).await;
    let ann = app.signed_in("ann@example.org").await;
    let this_phone = "https://fcm.googleapis.com/fcm/send/shared-phone";
    subscribe(&ann, &app, this_phone, P256DH, AUTH).await;
    subscribe(
        &ann,
        &app,
        "https://fcm.googleapis.com/fcm/send/own-tablet",
        P256DH,
        AUTH,
    )
    .await;
    let response = ann
        .post(app.url("/auth/logout"))
        .form(&[("endpoint", this_phone)])
        .send()
        .await
        .expect("sign-out");
    assert_eq!(location(&response), "/login?notice=signed-out");
    assert_eq!(response.headers()["clear-site-data"], "\"cache\", \"storage\"");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        cookie.starts_with("vtv_session=;") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );
    let left: Vec<String> = sqlx::query_scalar("SELECT endpoint FROM push_subscriptions")
        .fetch_all(&app.db.pool)
        .await
        .expect("devices");
    assert_eq!(left, vec!["https://fcm.googleapis.com/fcm/send/own-tablet".to_string()]);
    assert_eq!(count(&app, "sessions").await, 0);
    // Someone else's endpoint named in a sign-out form is not removed.
    app.user(Role::Patient, "bo@example.org", Some(centre)).await;
    let bo = app.signed_in("bo@example.org").await;
    bo.post(app.url("/auth/logout"))
        .form(&[("endpoint", "https://fcm.googleapis.com/fcm/send/own-tablet")])
        .send()
        .await
        .expect("sign-out");
    assert_eq!(count(&app, "push_subscriptions").await, 1);
}
