//! Coded delay reasons: a nurse's delay and a manufacturing site's `delayed` event say why
//! from the coded list (an unknown code is refused); the patient reads the reason in their
//! language, and, once 10 or more delays for that reason at the centre say so, how long they
//! lasted, checked here against quantiles worked out by hand from seeded delays. Delays for
//! another reason, at another centre, older than 12 months or moving nothing later do not
//! count.
use crate::helpers::{call, page_text, Kind, TestApp};
use crate::manufacturing_events::{issue, now, send};
use crate::on_both_databases;
use crate::timeline::{change_with, collected, date_of, read, today, ward, Ward};
use app::{
    api::timeline::{ChangeView, TimelineView},
    domain::{
        role::Role,
        timeline::{delay_reason::DelayReason, wait_range::DayRange, MilestoneKind},
    },
};
use chrono::Days;
use serde_json::json;

on_both_databases!(
    a_nurse_s_delay_says_why_and_past_delays_for_that_reason_show_from_ten,
    a_site_s_delayed_event_gives_a_coded_reason_and_an_unknown_one_is_refused,
);

/// A past treatment at `centre` with one delay for `reason`, made `ago_days` ago, that moved
/// its step by `days`; its id.
async fn seed_delay(app: &TestApp, n: usize, centre: i64, reason: &str, ago_days: i64, days: i64) -> i64 {
    let patient = app
        .user(Role::Patient, &format!("delayed.{n}@example.org"), Some(centre))
        .await;
    let pool = &app.db.pool;
    let treatment: i64 = sqlx::query_scalar(
        "INSERT INTO treatments (patient_id, product_id, product_name, template_id, order_reference, status, \
         start_on, plan_json, stage, created_at) VALUES ($1, 'axi-cel', 'axi-cel', 'cd19-centralised', $2, 'completed', \
         '2026-01-01', '{}', 'follow_up', 0) RETURNING id",
    )
    .bind(patient)
    .bind(format!("ORDER-DELAY-{n}"))
    .fetch_one(pool)
    .await
    .expect("treatment");
    another_delay(app, treatment, reason, ago_days, days).await;
    treatment
}

/// One more delay of that treatment.
async fn another_delay(app: &TestApp, treatment: i64, reason: &str, ago_days: i64, days: i64) {
    let pool = &app.db.pool;
    let at = server::storage::now() - ago_days * 86_400;
    let change: i64 = sqlx::query_scalar(
        "INSERT INTO timeline_changes (treatment_id, at, source, action, milestone_key, reason, delay_reason) \
         VALUES ($1, $2, 'nurse', 'delay', 'product_released', 'seeded', $3) RETURNING id",
    )
    .bind(treatment)
    .bind(at)
    .bind(reason)
    .fetch_one(pool)
    .await
    .expect("change");
    let old_on = today() - Days::new(100);
    let new_on = old_on.checked_add_signed(chrono::Duration::days(days)).expect("date");
    sqlx::query(
        "INSERT INTO milestone_history (change_id, position, key, old_status, new_status, old_on, new_on) \
         VALUES ($1, 0, 'product_released', 'planned', 'delayed', $2, $3)",
    )
    .bind(change)
    .bind(old_on.to_string())
    .bind(new_on.to_string())
    .execute(pool)
    .await
    .expect("history");
}

/// A nurse's change with a coded delay reason (empty for none).
async fn delay(w: &Ward, version: i64, key: &str, action: &str, on: &str, reason: &str) -> (u16, String) {
    change_with(
        w,
        version,
        (key, action, on, "as told"),
        &[("form[delay_reason]", reason)],
    )
    .await
}

fn waiting_of(view: Option<TimelineView>) -> (Option<DelayReason>, Option<DayRange>) {
    let waiting = view
        .and_then(|v| v.treatment)
        .and_then(|t| t.waiting)
        .expect("the cells are being made");
    assert!(waiting.delayed, "delayed");
    (waiting.delay_reason, waiting.past_delays)
}

async fn a_nurse_s_delay_says_why_and_past_delays_for_that_reason_show_from_ten(kind: Kind) {
    let w = ward(kind).await;
    let view = collected(&w, "ORD-DELAY-HERE", &[("form[delay_reason]", "slot")]).await;
    let elsewhere = w.app.centre("Elsewhere").await;
    // Nine other treatments delayed for a slot here within the year, one of them twice (3 and
    // 4 days: one case of 7); and delays that must not count.
    for (n, days) in [3, 5, 4, 10, 6, 2, 8, 5].into_iter().enumerate() {
        seed_delay(&w.app, n, w.centre_id, "slot", 30, days).await;
    }
    let twice = seed_delay(&w.app, 8, w.centre_id, "slot", 40, 3).await;
    another_delay(&w.app, twice, "slot", 30, 4).await;
    seed_delay(&w.app, 20, w.centre_id, "shipping", 30, 40).await;
    seed_delay(&w.app, 21, elsewhere, "slot", 30, 40).await;
    seed_delay(&w.app, 22, w.centre_id, "slot", 400, 40).await;
    seed_delay(&w.app, 23, w.centre_id, "slot", 30, -3).await;

    let t = view.treatment.as_ref().expect("treatment");
    let released = date_of(&view, MilestoneKind::ProductReleased);
    let key = &t
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::ProductReleased)
        .expect("release")
        .key;
    let later = (released + Days::new(7)).to_string();
    assert_eq!(
        delay(&w, t.version, key, "delay", &later, "late").await.0,
        422,
        "not a code"
    );
    let (status, body) = delay(&w, t.version, key, "delay", &later, "slot").await;
    assert_eq!(status, 200, "{body}");

    // Nine other treatments (the patient's own is not counted): too few to say how long.
    let patient = w.app.signed_in("ann@example.org").await;
    let (status, view) = read(&patient, &w).await;
    assert_eq!(status, 200);
    let notice = view
        .as_ref()
        .and_then(|v| v.treatment.as_ref())
        .and_then(|t| t.notice.clone());
    assert_eq!(
        notice.and_then(|n| n.delay_reason),
        Some(DelayReason::Slot),
        "the notice says why"
    );
    assert_eq!(waiting_of(view), (Some(DelayReason::Slot), None));
    // The tenth: sorted 2 3 4 5 5 6 7 8 10 12, so by hand the median is rank 5 (5) and
    // 8 out of 10 lie from rank 1 (2) to rank 9 (10).
    seed_delay(&w.app, 9, w.centre_id, "slot", 30, 12).await;
    let range = waiting_of(read(&patient, &w).await.1).1.expect("ten delays");
    assert_eq!((range.median, range.low, range.high, range.cases), (5, 2, 10, 10));
    let page = page_text(&patient, &w.app, &format!("/patients/{}", w.patient_id)).await;
    assert!(page.contains("Why: Waiting for a manufacturing slot."), "{page}");
    assert!(
        page.contains(
            "delays for this reason lasted about 5 days; for 8 out of 10, 2 to 10 days (10 delays, last 12 months)"
        ),
        "{page}"
    );

    // The nurse's history names the reason; a reason given with another action is not kept.
    let (status, body) = call(
        &w.nurse,
        &w.app,
        "timeline/history",
        &[("patient_id", &w.patient_id.to_string())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let history: Vec<ChangeView> = serde_json::from_str(&body).expect("history");
    let reasons: Vec<Option<DelayReason>> = history.iter().map(|c| c.delay_reason).collect();
    assert_eq!(reasons, [Some(DelayReason::Slot), None, None, None]);

    // A later delay that gives no reason: the card names none, and no old reason's figures.
    let version = read(&w.nurse, &w)
        .await
        .1
        .and_then(|v| v.treatment)
        .map(|t| t.version)
        .expect("treatment");
    let later = (released + Days::new(10)).to_string();
    assert_eq!(delay(&w, version, key, "delay", &later, "").await.0, 200);
    assert_eq!(waiting_of(read(&patient, &w).await.1), (None, None));
}

async fn a_site_s_delayed_event_gives_a_coded_reason_and_an_unknown_one_is_refused(kind: Kind) {
    let w = ward(kind).await;
    let view = collected(&w, "ORD-DELAY-SITE", &[]).await;
    let secret = issue(&w, "Site Amsterdam", &["axi-cel"], "")
        .await
        .expect("integration");
    let expected = (date_of(&view, MilestoneKind::ProductReleased) + Days::new(5)).to_string();
    let event = |reason: &str| {
        json!({
            "type": "delayed",
            "order_reference": "ORD-DELAY-SITE",
            "occurred_at": chrono::Utc::now().to_rfc3339(),
            "expected_on": expected,
            "delay_reason": reason,
        })
    };
    let (status, answer) = send(&w, &secret, "msg_reason_bad", now(), &event("lab closed")).await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer.to_string().contains("delay_reason"), "{answer}");
    let (status, answer) = send(&w, &secret, "msg_reason_ok", now(), &event("shipping")).await;
    assert_eq!(status, 200, "{answer}");
    let patient = w.app.signed_in("ann@example.org").await;
    assert_eq!(
        waiting_of(read(&patient, &w).await.1),
        (Some(DelayReason::Shipping), None)
    );
    let stored: Vec<Option<String>> =
        sqlx::query_scalar("SELECT delay_reason FROM timeline_changes WHERE source = 'integration'")
            .fetch_all(&w.app.db.pool)
            .await
            .expect("changes");
    assert_eq!(stored, [Some("shipping".to_string())]);
}
