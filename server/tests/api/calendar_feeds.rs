//! Private calendar feeds over HTTP: made in settings, read by a calendar app without a
//! session, parsed by an independent iCalendar parser (PyPI `icalendar`, from `.ci/.venv`),
//! moved with the timeline, audit-logged once a day, and silenced by revoking the feed or the
//! caregiver's link.
use crate::helpers::{call, Kind};
use crate::on_both_databases;
use crate::timeline::{change, read, start, ward, Ward};
use app::{
    api::calendar::CalendarFeedRow,
    domain::{role::Role, timeline::MilestoneKind},
};
use chrono::Days;
use serde_json::Value;
use server::storage::accounts;

on_both_databases!(
    a_patient_s_feed_parses_moves_with_the_timeline_and_stops_when_revoked,
    a_caregiver_s_feed_goes_quiet_when_the_link_is_revoked,
);

const NEUTRAL: [&str; 3] = ["Hospital visit", "Free to travel further", "Free to drive again"];

async fn feeds(client: &reqwest::Client, w: &Ward) -> Vec<CalendarFeedRow> {
    let (status, body) = call(client, &w.app, "calendar/feeds", &[]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("feed rows")
}

async fn make(client: &reqwest::Client, w: &Ward, patient_id: i64, detailed: bool) -> u16 {
    let id = patient_id.to_string();
    let mut form = vec![("patient_id", id.as_str())];
    if detailed {
        form.push(("detailed", "1"));
    }
    call(client, &w.app, "calendar/make", &form).await.0
}

/// The feed as a calendar app reads it: no cookie. Status, content type and body. (The
/// address names the configured public URL; the test server listens on a port of its own.)
async fn fetch(w: &Ward, address: &str) -> (u16, String, String) {
    let path = address.find("/calendar/").map_or(address, |at| &address[at..]);
    let response = reqwest::get(w.app.url(path)).await.expect("feed");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, kind, response.text().await.expect("text"))
}

/// The events, as the independent parser reads them: uid, dtstamp, dtstart, summary,
/// sequence. The script fails unless every event has its UID, DTSTAMP and DTSTART
/// (icalendar accepts events without them).
fn parsed(ics: &str) -> Vec<Value> {
    let events = crate::helpers::python_check("calendar_feed_check.py", ics.as_bytes());
    events
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("events as a list: {events}\n{ics}"))
}

fn event<'a>(events: &'a [Value], uid_end: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["uid"].as_str().is_some_and(|u| u.ends_with(uid_end)))
        .unwrap_or_else(|| panic!("no event {uid_end} in {events:?}"))
}

async fn calendar_reads(w: &Ward) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.read' AND patient_id = $1")
        .bind(w.patient_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("count")
}

async fn a_patient_s_feed_parses_moves_with_the_timeline_and_stops_when_revoked(kind: Kind) {
    let w = ward(kind).await;
    let (status, body) = start(&w, "axi-cel", "ORD-CAL-1").await;
    assert_eq!(status, 200, "{body}");
    let patient = w.app.signed_in("ann@example.org").await;
    let rows = feeds(&patient, &w).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].address, None, "none until asked for");
    assert!(matches!(make(&patient, &w, w.patient_id, false).await, 200 | 302));
    let address = feeds(&patient, &w).await[0].address.clone().expect("an address");
    // At the public address the server is configured with.
    assert!(
        address.starts_with("http://127.0.0.1/calendar/") && address.ends_with("/visits.ics"),
        "{address}"
    );

    // Read twice without a session: the same calendar, one audit entry for the day.
    let (status, content_type, ics) = fetch(&w, &address).await;
    assert_eq!((status, content_type.as_str()), (200, "text/calendar; charset=utf-8"));
    let events = parsed(&ics);
    assert!(fetch(&w, &address).await.0 == 200);
    assert_eq!(calendar_reads(&w).await, 1, "read twice today, logged once");
    assert!(
        events
            .iter()
            .all(|e| NEUTRAL.contains(&e["summary"].as_str().unwrap_or_default())),
        "{events:?}"
    );
    assert!(
        !ics.contains("CAR-T") && !ics.contains("axi") && !ics.contains("Infusion"),
        "{ics}"
    );
    let (_, view) = read(&w.nurse, &w).await;
    let view = view.expect("timeline");
    let infusion_on = crate::timeline::date_of(&view, MilestoneKind::Infusion);
    let infusion = event(&events, "-infusion@vein-to-vein");
    // At 10:00 in Brussels: an hour on that day, in UTC.
    assert!(
        infusion["dtstart"]
            .as_str()
            .is_some_and(|s| s.starts_with(&format!("{infusion_on}T")) && s.ends_with("+00:00")),
        "{infusion}"
    );
    assert_eq!(infusion["summary"], "Hospital visit");
    assert!(
        infusion["dtstamp"].as_str().is_some_and(|s| s.ends_with("+00:00")),
        "{infusion}"
    );
    assert!(events
        .iter()
        .all(|e| !e["uid"].as_str().unwrap_or_default().contains("product_released")));

    // A delayed release moves the infusion: the same UID, a later date, a higher SEQUENCE.
    let version = view.treatment.as_ref().map(|t| t.version).expect("version");
    let released = crate::timeline::date_of(&view, MilestoneKind::ProductReleased);
    let later = (released + Days::new(7)).to_string();
    let (status, body) = change(&w, version, "product_released", "delay", &later, "slot").await;
    assert_eq!(status, 200, "{body}");
    let moved = parsed(&fetch(&w, &address).await.2);
    let moved_infusion = event(&moved, "-infusion@vein-to-vein");
    assert_eq!(moved_infusion["uid"], infusion["uid"]);
    let moved_on = infusion_on + Days::new(7);
    assert!(
        moved_infusion["dtstart"]
            .as_str()
            .is_some_and(|s| s.starts_with(&format!("{moved_on}T"))),
        "{moved_infusion}"
    );
    assert!(moved_infusion["sequence"].as_i64() > infusion["sequence"].as_i64());

    // A new address, with each step named: the old one stops working.
    assert!(matches!(make(&patient, &w, w.patient_id, true).await, 200 | 302));
    let renewed = feeds(&patient, &w).await[0].clone();
    let new_address = renewed.address.clone().expect("renewed");
    assert!(renewed.detailed && new_address != address);
    assert_eq!(fetch(&w, &address).await.0, 404, "the old address is dead");
    let detailed = parsed(&fetch(&w, &new_address).await.2);
    assert!(!event(&detailed, "-infusion@vein-to-vein")["summary"]
        .as_str()
        .is_some_and(|s| NEUTRAL.contains(&s)));

    // Someone else's patient, a nurse, a made-up token: refused or nothing there.
    let other = w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    assert_eq!(make(&patient, &w, other, false).await, 403);
    assert_eq!(make(&w.nurse, &w, w.patient_id, false).await, 403);
    let forged = format!("{}/calendar/{}/visits.ics", w.app.url(""), "A".repeat(43));
    assert_eq!(fetch(&w, &forged).await.0, 404);
    assert_eq!(fetch(&w, &w.app.url("/calendar/short/visits.ics")).await.0, 404);

    // Revoked: gone, and said so in the audit log.
    let (status, _) = call(
        &patient,
        &w.app,
        "calendar/revoke",
        &[("patient_id", &w.patient_id.to_string())],
    )
    .await;
    assert!(matches!(status, 200 | 302));
    assert_eq!(fetch(&w, &new_address).await.0, 404);
    assert_eq!(feeds(&patient, &w).await[0].address, None);
    let made: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('calendar.make', 'calendar.revoke')")
            .fetch_one(&w.app.db.pool)
            .await
            .expect("count");
    assert_eq!(made, 3);
}

async fn a_caregiver_s_feed_goes_quiet_when_the_link_is_revoked(kind: Kind) {
    let w = ward(kind).await;
    let (status, body) = start(&w, "axi-cel", "ORD-CAL-2").await;
    assert_eq!(status, 200, "{body}");
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let caregiver = w.app.signed_in("carer@example.org").await;
    let rows = feeds(&caregiver, &w).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].patient_name.is_some(), "a caregiver is told whose visits");
    assert!(matches!(make(&caregiver, &w, w.patient_id, false).await, 200 | 302));
    let address = feeds(&caregiver, &w).await[0].address.clone().expect("an address");
    assert_eq!(fetch(&w, &address).await.0, 200);
    assert!(accounts::revoke_caregiver(&w.app.db, w.patient_id, carer)
        .await
        .expect("revoked"));
    assert_eq!(
        fetch(&w, &address).await.0,
        404,
        "a revoked caregiver's calendar says nothing"
    );
}
