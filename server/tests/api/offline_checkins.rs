//! Answers kept on a phone without signal and sent later: the server records when they were
//! given as well as when they arrived, believes the phone's time within 72 hours, judges
//! lateness by it, and never takes an answer in another person's name.
use crate::answers::send;
use crate::helpers::Kind;
use crate::on_both_databases;
use crate::timeline::{change, read, start, today, ward, Ward};
use app::domain::role::Role;
use serde_json::{json, Value};
use sqlx::Row;

on_both_databases!(
    a_late_send_of_a_timely_answer_is_not_marked_late,
    an_answer_kept_offline_is_sent_only_by_the_one_who_gave_it,
);

/// Referral, eligibility and apheresis 20, 15 and 12 days ago: the weekly PHQ-4 while
/// waiting was due 5 days ago, and its window (72 hours) closed 2 days ago.
pub async fn waiting_for_two_weeks(w: &Ward) {
    assert_eq!(start(w, "axi-cel", "ORD-OFF-1").await.0, 200);
    let (_, view) = read(&w.nurse, w).await;
    let version = view.and_then(|v| v.treatment).map(|t| t.version).expect("treatment");
    for (n, (key, days_ago)) in [("referral", 20), ("eligibility", 15), ("apheresis", 12)]
        .into_iter()
        .enumerate()
    {
        let on = (today() - chrono::Days::new(days_ago)).to_string();
        let (status, body) = change(w, version + n as i64, key, "done", &on, "as it happened").await;
        assert_eq!(status, 200, "{key}: {body}");
    }
}

fn phq4(w: &Ward, id: &str, answered_at: Option<i64>) -> Value {
    let mut body = json!({ "client_id": id, "questionnaire": "phq-4", "patient_id": w.patient_id,
        "answers": { "phq4-1": { "choice": "1" }, "phq4-2": { "choice": "0" }, "phq4-3": { "choice": "0" }, "phq4-4": { "choice": "1" } } });
    if let Some(at) = answered_at {
        let at = chrono::DateTime::from_timestamp(at, 0).expect("time");
        body["answered_at"] = json!(at.to_rfc3339());
    }
    body
}

async fn stored(w: &Ward, client_id: &str) -> (Option<String>, i64, i64, i64) {
    let row = sqlx::query(
        "SELECT schedule_id, is_late, answered_at, submitted_at FROM checkin_responses WHERE client_id = $1",
    )
    .bind(client_id)
    .fetch_one(&w.app.db.pool)
    .await
    .expect("stored");
    (
        row.get("schedule_id"),
        row.get("is_late"),
        row.get::<Option<i64>, _>("answered_at").expect("answered_at"),
        row.get("submitted_at"),
    )
}

async fn a_late_send_of_a_timely_answer_is_not_marked_late(kind: Kind) {
    let w = ward(kind).await;
    waiting_for_two_weeks(&w).await;
    let ann = w.app.signed_in("ann@example.org").await;
    let now = chrono::Utc::now().timestamp();
    // Answered 71 hours ago, on a phone without signal; sent now. The window closed 2 days
    // ago at 10:00 at the centre, so 71 hours ago is inside it at any hour of the day (60
    // hours was not, from 22:00 in Brussels).
    let given = now - 71 * 3600;
    let (status, body) = send(&ann, &w, &phq4(&w, "c-kept", Some(given))).await;
    assert_eq!((status, &body["late"]), (200, &json!(false)), "{body}");
    let (schedule, late, answered_at, submitted_at) = stored(&w, "c-kept").await;
    assert_eq!(
        (schedule.as_deref(), late, answered_at),
        (Some("waiting-phq4"), 0, given)
    );
    assert!((submitted_at - now).abs() < 60, "arrived now: {submitted_at} vs {now}");
    // The same answers again (the phone was not told they arrived): one copy.
    let (status, again) = send(&ann, &w, &phq4(&w, "c-kept", Some(given))).await;
    assert_eq!((status, &again["replayed"]), (200, &json!(true)), "{again}");
    // A time older than 72 hours is not believed: that answer counts as given on arrival.
    let (status, body) = send(&ann, &w, &phq4(&w, "c-too-old", Some(now - 80 * 3600))).await;
    assert_eq!(status, 200, "{body}");
    let (_, _, answered_at, submitted_at) = stored(&w, "c-too-old").await;
    assert_eq!(answered_at, submitted_at);
    // Nor is one in the future.
    let (status, body) = send(&ann, &w, &phq4(&w, "c-ahead", Some(now + 3600))).await;
    assert_eq!(status, 200, "{body}");
    let (_, _, answered_at, submitted_at) = stored(&w, "c-ahead").await;
    assert_eq!(answered_at, submitted_at);
    // An unreadable time is refused, and nothing is stored.
    let mut unreadable = phq4(&w, "c-unreadable", None);
    unreadable["answered_at"] = json!("yesterday at noon");
    let (status, body) = send(&ann, &w, &unreadable).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(crate::helpers::count(&w.app, "checkin_responses").await, 3);
    // The nurse sees when each was given, and when the one kept offline arrived.
    let patient = w.patient_id.to_string();
    let (status, body) = crate::helpers::call(&w.nurse, &w.app, "checkins/patient", &[("patient_id", &patient)]).await;
    assert_eq!(status, 200, "{body}");
    let review: Value = serde_json::from_str(&body).expect("json");
    let later: Vec<&Value> = review["answered"]
        .as_array()
        .expect("answered")
        .iter()
        .filter(|a| !a["arrived_later"].is_null())
        .collect();
    assert_eq!(later.len(), 1, "{body}");
    let given = chrono::DateTime::from_timestamp(given, 0).expect("time");
    let brussels = given.with_timezone(&chrono_tz::Europe::Brussels);
    assert_eq!(later[0]["submitted_time"], json!(brussels.format("%H:%M").to_string()));
}

async fn an_answer_kept_offline_is_sent_only_by_the_one_who_gave_it(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-OFF-2").await.0, 200);
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    // Ann answered on a phone now signed in as her caregiver: it must wait for Ann.
    let mut ann_s = phq4(&w, "c-anns", Some(chrono::Utc::now().timestamp() - 600));
    ann_s["answered_by"] = json!(w.patient_id);
    let caregiver = w.app.signed_in("carer@example.org").await;
    let (status, body) = send(&caregiver, &w, &ann_s).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(crate::helpers::count(&w.app, "checkin_responses").await, 0);
    let ann = w.app.signed_in("ann@example.org").await;
    let (status, body) = send(&ann, &w, &ann_s).await;
    assert_eq!(status, 200, "{body}");
    let reported: String = sqlx::query_scalar("SELECT reported_by FROM checkin_responses")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("row");
    assert_eq!(reported, "patient");
}
