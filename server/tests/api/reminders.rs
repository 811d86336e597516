//! The reminders outbox follows the timeline: planned when a treatment starts, moved in the
//! same transaction as a date, never sent twice, all cancelled when the treatment closes.
use crate::helpers::{call, Kind};
use crate::on_both_databases;
use crate::timeline::{delay_infusion, start, ward, Ward};
use app::domain::role::Role;
use sqlx::Row;

on_both_databases!(
    reminders_are_planned_for_the_patient_and_each_caregiver,
    a_delay_moves_pending_reminders_and_never_resends_a_sent_one,
    closing_the_treatment_cancels_every_pending_reminder,
    settings_switch_kinds_off_and_move_quiet_hours_at_once,
    nurses_see_what_was_sent_to_a_patient_and_what_failed,
);

/// (rule, state, due_at) of one person's reminders, in order of due time.
async fn reminders_of(w: &Ward, user_id: i64) -> Vec<(String, String, i64)> {
    sqlx::query("SELECT rule, state, due_at FROM reminders WHERE user_id = $1 ORDER BY due_at, rule, id")
        .bind(user_id)
        .fetch_all(&w.app.db.pool)
        .await
        .expect("reminders")
        .iter()
        .map(|r| (r.get("rule"), r.get("state"), r.get("due_at")))
        .collect()
}

fn of<'a>(rows: &'a [(String, String, i64)], rule: &str, state: &str) -> Vec<&'a (String, String, i64)> {
    rows.iter().filter(|(r, s, _)| r == rule && s == state).collect()
}

async fn with_caregiver(w: &Ward) -> i64 {
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    carer
}

async fn reminders_are_planned_for_the_patient_and_each_caregiver(kind: Kind) {
    let w = ward(kind).await;
    let carer = with_caregiver(&w).await;
    // The caregiver wants no appointment reminders; the patient wants them all.
    sqlx::query("INSERT INTO reminder_preferences (user_id, kind, enabled) VALUES ($1, 'appointments', 0)")
        .bind(carer)
        .execute(&w.app.db.pool)
        .await
        .expect("preference");
    assert_eq!(start(&w, "axi-cel", "ORD-REM-1").await.0, 200);
    let patient = reminders_of(&w, w.patient_id).await;
    for rule in [
        "apheresis-eve",
        "lymphodepletion-morning",
        "infusion-day",
        "driving-ends",
    ] {
        assert_eq!(of(&patient, rule, "pending").len(), 1, "{rule}: {patient:?}");
    }
    assert_eq!(
        of(&patient, "temperature", "pending").len(),
        58,
        "08:00 and 20:00, day 0 to 28"
    );
    let caregiver = reminders_of(&w, carer).await;
    assert!(of(&caregiver, "apheresis-eve", "pending").is_empty(), "switched off");
    assert!(
        !of(&caregiver, "checkin-opens", "pending").is_empty(),
        "their check-ins"
    );
    assert!(
        of(&caregiver, "temperature", "pending").is_empty(),
        "the patient's to take"
    );
    // Quiet hours (22:00–07:00 by default) hold nothing planned at 18:00.
    let (due, send): (i64, i64) = {
        let row = sqlx::query("SELECT due_at, send_at FROM reminders WHERE user_id = $1 AND rule = 'apheresis-eve'")
            .bind(w.patient_id)
            .fetch_one(&w.app.db.pool)
            .await
            .expect("row");
        (row.get("due_at"), row.get("send_at"))
    };
    assert_eq!(due, send);
}

async fn a_delay_moves_pending_reminders_and_never_resends_a_sent_one(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-REM-2").await.0, 200);
    let before = reminders_of(&w, w.patient_id).await;
    let infusion_day = of(&before, "infusion-day", "pending")[0].2;
    let first_check = of(&before, "temperature", "pending")[0].2;
    // The dispatcher sent the first temperature reminder.
    sqlx::query("UPDATE reminders SET state = 'sent', sent_at = due_at WHERE user_id = $1 AND rule = 'temperature' AND due_at = $2")
        .bind(w.patient_id)
        .bind(first_check)
        .execute(&w.app.db.pool)
        .await
        .expect("sent");
    let (was, later) = delay_infusion(&w, 7).await;
    let after = reminders_of(&w, w.patient_id).await;
    let week = 7 * 24 * 3600;
    assert_eq!(
        of(&after, "infusion-day", "pending")[0].2,
        infusion_day + week,
        "moved a week"
    );
    assert_eq!(
        of(&after, "infusion-day", "cancelled")[0].2,
        infusion_day,
        "the old one kept, cancelled"
    );
    // The sent one stays sent, once; 58 new temperature checks a week later are pending.
    assert_eq!(of(&after, "temperature", "sent").len(), 1);
    assert_eq!(
        after
            .iter()
            .filter(|(r, _, d)| r == "temperature" && *d == first_check)
            .count(),
        1
    );
    let pending = of(&after, "temperature", "pending");
    assert_eq!(pending.len(), 58);
    assert_eq!(pending[0].2, first_check + week);
    // One "your plan changed" notice, naming the infusion's old and new dates.
    let notices = sqlx::query("SELECT params FROM reminders WHERE user_id = $1 AND rule = 'plan-changed'")
        .bind(w.patient_id)
        .fetch_all(&w.app.db.pool)
        .await
        .expect("notices");
    assert_eq!(notices.len(), 1);
    let params: String = notices[0].get("params");
    assert!(params.contains(&later) && params.contains(&was), "{params}");
}

async fn closing_the_treatment_cancels_every_pending_reminder(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-REM-3").await.0, 200);
    let id = w.patient_id.to_string();
    let (status, body) = call(
        &w.nurse,
        &w.app,
        "timeline/close",
        &[
            ("patient_id", &id),
            ("status", "withdrawn"),
            ("reason", "Chose another treatment"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let rows = reminders_of(&w, w.patient_id).await;
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|(_, state, _)| state == "cancelled"), "{rows:?}");
}

async fn settings_switch_kinds_off_and_move_quiet_hours_at_once(kind: Kind) {
    let w = ward(kind).await;
    let carer = with_caregiver(&w).await;
    assert_eq!(start(&w, "axi-cel", "ORD-REM-4").await.0, 200);
    assert_eq!(of(&reminders_of(&w, carer).await, "apheresis-eve", "pending").len(), 1);

    // The caregiver switches appointment reminders off: theirs are cancelled at once.
    let caregiver = w.app.signed_in("carer@example.org").await;
    let save = |off: Vec<&'static str>, from: &'static str, until: &'static str| {
        let mut form: Vec<(String, String)> = off
            .iter()
            .enumerate()
            .map(|(i, k)| (format!("off[{i}]"), k.to_string()))
            .collect();
        form.push(("quiet_from".into(), from.into()));
        form.push(("quiet_until".into(), until.into()));
        form
    };
    let post = |client: reqwest::Client, form: Vec<(String, String)>| {
        let app = &w.app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            call(&client, app, "reminders/save", &pairs).await
        }
    };
    let (status, body) = post(caregiver.clone(), save(vec!["appointments"], "22:00", "07:00")).await;
    assert_eq!(status, 200, "{body}");
    let theirs = reminders_of(&w, carer).await;
    assert!(of(&theirs, "apheresis-eve", "pending").is_empty());
    assert_eq!(of(&theirs, "apheresis-eve", "cancelled").len(), 1);
    assert_eq!(
        of(&reminders_of(&w, w.patient_id).await, "apheresis-eve", "pending").len(),
        1,
        "not the patient's"
    );

    // The patient is not to be disturbed from 17:00 to 19:00: the 18:00 reminder waits to 19:00.
    let ann = w.app.signed_in("ann@example.org").await;
    let (status, body) = post(ann.clone(), save(vec![], "17:00", "19:00")).await;
    assert_eq!(status, 200, "{body}");
    let row = sqlx::query(
        "SELECT due_at, send_at FROM reminders WHERE user_id = $1 AND rule = 'apheresis-eve' AND state = 'pending'",
    )
    .bind(w.patient_id)
    .fetch_one(&w.app.db.pool)
    .await
    .expect("row");
    let (due, send): (i64, i64) = (row.get("due_at"), row.get("send_at"));
    assert_eq!(send - due, 3600);
    let (_, read_back) = call(&ann, &w.app, "reminders/settings", &[]).await;
    assert!(read_back.contains("\"quiet_from\":\"17:00\""), "{read_back}");

    // Urgent alerts stay on; unknown kinds and times are refused, and nothing changes.
    for (off, from) in [
        (vec!["urgent"], "22:00"),
        (vec!["nonsense"], "22:00"),
        (vec![], "25:00"),
    ] {
        let (status, body) = post(ann.clone(), save(off, from, "07:00")).await;
        assert_eq!(status, 422, "{body}");
    }
    let (_, still) = call(&ann, &w.app, "reminders/settings", &[]).await;
    assert_eq!(still, read_back);
}

async fn nurses_see_what_was_sent_to_a_patient_and_what_failed(kind: Kind) {
    let w = ward(kind).await;
    with_caregiver(&w).await;
    assert_eq!(start(&w, "axi-cel", "ORD-REM-5").await.0, 200);
    // One reminder came an hour ago and its device was gone (410).
    let id: i64 = sqlx::query("SELECT id FROM reminders WHERE user_id = $1 AND rule = 'apheresis-eve'")
        .bind(w.patient_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("row")
        .get("id");
    let hour_ago = server::storage::now() - 3600;
    sqlx::query("UPDATE reminders SET state = 'failed', send_at = $1, attempts = 1 WHERE id = $2")
        .bind(hour_ago)
        .bind(id)
        .execute(&w.app.db.pool)
        .await
        .expect("failed");
    sqlx::query("INSERT INTO push_attempts (reminder_id, subscription_id, at, status, outcome) VALUES ($1, NULL, $2, 410, 'gone')")
        .bind(id)
        .bind(hour_ago)
        .execute(&w.app.db.pool)
        .await
        .expect("attempt");
    let pid = w.patient_id.to_string();
    let (status, body) = call(&w.nurse, &w.app, "reminders/patient", &[("patient_id", &pid)]).await;
    assert_eq!(status, 200, "{body}");
    let rows: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let rows = rows.as_array().expect("list");
    assert_eq!(rows[0]["title"], "Cell collection tomorrow");
    assert_eq!(rows[0]["state"], "failed");
    assert_eq!(rows[0]["last_problem"], "410 gone");
    // Then the next ten, to the patient and the caregiver.
    assert_eq!(rows.len(), 11);
    assert!(rows[1..].iter().all(|r| r["state"] == "pending"));
    assert!(rows.iter().any(|r| r["to"] == "caregiver"));
    // Nobody else's nurse, and not the patient: the nurses' view.
    let other = w.app.centre("Elsewhere").await;
    w.app.user(Role::Nurse, "nurse@elsewhere.example", Some(other)).await;
    let stranger = w.app.signed_in("nurse@elsewhere.example").await;
    assert_eq!(
        call(&stranger, &w.app, "reminders/patient", &[("patient_id", &pid)])
            .await
            .0,
        403
    );
    let ann = w.app.signed_in("ann@example.org").await;
    assert_eq!(
        call(&ann, &w.app, "reminders/patient", &[("patient_id", &pid)]).await.0,
        403
    );
}
