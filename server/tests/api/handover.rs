//! The shift handover over HTTP: new flags, waiting messages, days 0–14 with the last
//! temperature, and timeline changes, since the last handover given; the centre's nurses only.
use crate::answers::{calm_diary, send, submission};
use crate::helpers::{audited, audited_about, call, Kind};
use crate::on_both_databases;
use crate::timeline::{ward, Ward};
use app::{api::handover::HandoverView, domain::role::Role};
use reqwest::Client;

on_both_databases!(the_handover_lists_what_is_new_since_the_last_one_given);

async fn handover(client: &Client, w: &Ward) -> (u16, Option<HandoverView>) {
    let (status, body) = call(client, &w.app, "desk/handover", &[]).await;
    (status, serde_json::from_str(&body).ok())
}

async fn the_handover_lists_what_is_new_since_the_last_one_given(kind: Kind) {
    let w = ward(kind).await;
    crate::silence::infused_days_ago(&w, "ORD-HAND-1", 2).await;
    let ann = w.app.signed_in("ann@example.org").await;
    let fever = submission(&w, "d-hand", "symptom-diary", calm_diary(39.0));
    assert_eq!(send(&ann, &w, &fever).await.0, 200);
    let id = w.patient_id.to_string();
    let message = [
        ("patient_id", id.as_str()),
        ("text", "Can I take a shower?"),
        ("confirmed", "false"),
    ];
    assert_eq!(call(&ann, &w.app, "messages/send", &message).await.0, 200);

    let (status, first) = handover(&w.nurse, &w).await;
    assert_eq!(status, 200);
    let first = first.expect("a handover");
    assert_eq!(first.given_by, None, "none given yet: the last 24 hours");
    assert_eq!(first.new_flags.len(), 1);
    assert_eq!(first.new_flags[0].what, "39.0 °C");
    assert_eq!(first.messages.len(), 1);
    assert_eq!(first.watched.len(), 1);
    let ann_row = &first.watched[0];
    assert_eq!(
        (ann_row.day, ann_row.temperature.as_deref(), ann_row.fever),
        (2, Some("39.0 °C"), true)
    );
    assert!(first
        .changes
        .iter()
        .any(|c| c.patient_id == w.patient_id && c.change.action == "done"));
    assert_eq!(audited_about(&w.app, "desk.handover", w.patient_id).await, 1);

    // Given: the next one lists only what is new after it; the watched days stay.
    assert_eq!(call(&w.nurse, &w.app, "desk/handover-given", &[]).await.0, 200);
    assert_eq!(audited(&w.app, "handover.given").await, 1);
    w.app.clock.advance(60);
    let next = handover(&w.nurse, &w).await.1.expect("a handover");
    assert_eq!(next.given_by.as_deref(), Some("nurse@leuven.example"));
    assert!(next.new_flags.is_empty() && next.changes.is_empty(), "{next:?}");
    assert_eq!(
        (next.messages.len(), next.watched.len()),
        (1, 1),
        "still waiting, still watched"
    );

    // Only the centre's nurses.
    let elsewhere = w.app.centre("Elsewhere").await;
    w.app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    let stranger = w.app.signed_in("nurse@elsewhere.example").await;
    let theirs = handover(&stranger, &w).await.1.expect("their own handover");
    assert!(theirs.watched.is_empty() && theirs.new_flags.is_empty() && theirs.changes.is_empty());
    assert_eq!(handover(&ann, &w).await.0, 403);
    assert_eq!(call(&ann, &w.app, "desk/handover-given", &[]).await.0, 403);
    assert_eq!(handover(&crate::helpers::client(), &w).await.0, 401);
}
