//! The silence watch over HTTP: in days 0–14 after infusion, a day without a diary raises
//! one review flag, once across instances; a diary or an admission closes it; nothing is
//! raised for an admitted patient or a closed treatment; a nurse may snooze it.
use crate::answers::{calm_diary, send, submission};
use crate::helpers::{audited_about, call, Kind};
use crate::on_both_databases;
use crate::timeline::{read, start, today, Ward};
use app::domain::{role::Role, timeline::MilestoneKind};
use chrono::Days;
use reqwest::Client;
use serde_json::Value;
use server::services::silence_watch::{run_once, WatchRun, EVERY_SECONDS};

on_both_databases!(
    a_day_without_a_diary_after_infusion_raises_one_review_flag_that_a_diary_closes,
    an_admitted_patient_or_a_closed_treatment_raises_no_silence_flag,
    a_nurse_snoozes_a_silence_and_it_comes_back_when_the_snooze_ends,
    two_instances_asking_at_once_run_the_watch_once,
);

/// A treatment whose every step up to the infusion is done, the infusion `days` ago.
pub async fn infused_days_ago(w: &Ward, reference: &str, days: u64) {
    let (status, body) = start(w, "axi-cel", reference).await;
    assert_eq!(status, 200, "{body}");
    let t = read(&w.nurse, w)
        .await
        .1
        .and_then(|v| v.treatment)
        .expect("a treatment");
    let infusion = t
        .milestones
        .iter()
        .position(|m| m.kind == MilestoneKind::Infusion)
        .expect("an infusion");
    for (n, m) in t.milestones[..=infusion].iter().enumerate() {
        let on = (today() - Days::new(days + (infusion - n) as u64)).to_string();
        let (status, body) =
            crate::timeline::change(w, t.version + n as i64, &m.key, "done", &on, "as it happened").await;
        assert_eq!(status, 200, "{}: {body}", m.key);
    }
}

/// Runs the watch as the background task would, after moving the clock past its next turn.
async fn watch_later(w: &Ward) -> WatchRun {
    w.app.clock.advance(EVERY_SECONDS + 1);
    run_once(&w.app.services)
        .await
        .expect("the watch runs")
        .expect("its turn")
}

async fn silences(w: &Ward) -> Vec<Value> {
    let (status, body) = call(&w.nurse, &w.app, "flags/queue", &[]).await;
    assert_eq!(status, 200, "{body}");
    let queue: Value = serde_json::from_str(&body).expect("json");
    queue["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["silence"] == true)
        .cloned()
        .collect()
}

async fn diary(patient: &Client, w: &Ward, id: &str, celsius: f64) {
    let (status, body) = send(patient, w, &submission(w, id, "symptom-diary", calm_diary(celsius))).await;
    assert_eq!(status, 200, "{body}");
}

async fn admitted(w: &Ward, yes: bool) {
    let form = [("patient_id", w.patient_id.to_string()), ("admitted", yes.to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = call(&w.nurse, &w.app, "desk/admitted", &form).await;
    assert_eq!(status, 200, "{body}");
}

async fn a_day_without_a_diary_after_infusion_raises_one_review_flag_that_a_diary_closes(kind: Kind) {
    let w = crate::timeline::ward(kind).await;
    infused_days_ago(&w, "ORD-SIL-1", 3).await;
    assert_eq!(watch_later(&w).await, WatchRun { raised: 1, closed: 0 });
    let rows = silences(&w).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["level"], "review");
    assert_eq!(rows[0]["what"], "No symptom diary since the infusion");
    // Not due again until its next turn; then nothing new while the flag is open.
    assert_eq!(run_once(&w.app.services).await.expect("runs"), None);
    assert_eq!(watch_later(&w).await, WatchRun::default());

    let ann = w.app.signed_in("ann@example.org").await;
    diary(&ann, &w, "d-sil-1", 36.8).await;
    assert_eq!(watch_later(&w).await, WatchRun { raised: 0, closed: 1 });
    assert!(silences(&w).await.is_empty());
    let resolution: String =
        sqlx::query_scalar("SELECT resolution FROM flags WHERE rule = 'diary.silence' AND resolved_at IS NOT NULL")
            .fetch_one(&w.app.db.pool)
            .await
            .expect("the closed flag");
    assert_eq!(resolution, "silence.diary_came");

    // A whole day after that diary, silent again: a new flag, saying since when.
    w.app.clock.advance(24 * 3600);
    assert_eq!(watch_later(&w).await, WatchRun { raised: 1, closed: 0 });
    let what = silences(&w).await[0]["what"].as_str().unwrap_or_default().to_string();
    assert!(
        what.starts_with("No symptom diary since ") && what.ends_with("(24 h)"),
        "{what}"
    );
    assert_eq!(audited_about(&w.app, "flag.silence_raised", w.patient_id).await, 2);
    assert_eq!(audited_about(&w.app, "flag.silence_closed", w.patient_id).await, 1);
}

async fn an_admitted_patient_or_a_closed_treatment_raises_no_silence_flag(kind: Kind) {
    let w = crate::timeline::ward(kind).await;
    infused_days_ago(&w, "ORD-SIL-2", 5).await;
    admitted(&w, true).await;
    assert_eq!(watch_later(&w).await, WatchRun::default());
    admitted(&w, false).await;
    assert_eq!(watch_later(&w).await, WatchRun { raised: 1, closed: 0 });
    // Admitted while a flag is open: the ward has them, the flag closes.
    admitted(&w, true).await;
    assert_eq!(watch_later(&w).await, WatchRun { raised: 0, closed: 1 });
    assert_eq!(audited_about(&w.app, "patient.admitted", w.patient_id).await, 2);

    admitted(&w, false).await;
    let id = w.patient_id.to_string();
    let form = [
        ("patient_id", id.as_str()),
        ("status", "withdrawn"),
        ("reason", "Chose another treatment"),
    ];
    let (status, body) = call(&w.nurse, &w.app, "timeline/close", &form).await;
    assert_eq!(status, 200, "{body}");
    w.app.clock.advance(48 * 3600);
    assert_eq!(watch_later(&w).await, WatchRun::default());

    // Nor before the infusion, nor after day 14.
    let late = crate::timeline::ward(kind).await;
    infused_days_ago(&late, "ORD-SIL-3", 15).await;
    assert_eq!(watch_later(&late).await, WatchRun::default());
}

async fn a_nurse_snoozes_a_silence_and_it_comes_back_when_the_snooze_ends(kind: Kind) {
    let w = crate::timeline::ward(kind).await;
    infused_days_ago(&w, "ORD-SIL-4", 2).await;
    watch_later(&w).await;
    let id = silences(&w).await[0]["id"].to_string();
    let snooze = |client: &Client, hours: &'static str| {
        let (client, app, id) = (client.clone(), &w.app, id.clone());
        async move {
            call(&client, app, "flags/snooze", &[("id", &id), ("hours", hours)])
                .await
                .0
        }
    };
    let ann = w.app.signed_in("ann@example.org").await;
    assert_eq!(snooze(&ann, "4").await, 403);
    let elsewhere = w.app.centre("Elsewhere").await;
    w.app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    let stranger = w.app.signed_in("nurse@elsewhere.example").await;
    assert_eq!(snooze(&stranger, "4").await, 404);
    assert_eq!(snooze(&w.nurse, "3").await, 422);
    assert_eq!(snooze(&w.nurse, "4").await, 200);
    assert!(silences(&w).await.is_empty(), "hidden while snoozed");
    assert_eq!(audited_about(&w.app, "flag.snoozed", w.patient_id).await, 1);
    w.app.clock.advance(4 * 3600);
    assert_eq!(silences(&w).await.len(), 1, "back when the snooze ends");

    // A flag raised by an answer is never snoozed: each needs a nurse's look.
    diary(&ann, &w, "d-fever", 39.2).await;
    let (_, body) = call(&w.nurse, &w.app, "flags/queue", &[]).await;
    let queue: Value = serde_json::from_str(&body).expect("json");
    let fever = queue["rows"][0]["id"].to_string();
    let (status, _) = call(&w.nurse, &w.app, "flags/snooze", &[("id", &fever), ("hours", "4")]).await;
    assert_eq!(status, 409);
}

async fn two_instances_asking_at_once_run_the_watch_once(kind: Kind) {
    let w = crate::timeline::ward(kind).await;
    infused_days_ago(&w, "ORD-SIL-5", 4).await;
    w.app.clock.advance(EVERY_SECONDS + 1);
    let services = &w.app.services;
    let (a, b, c) = tokio::join!(run_once(services), run_once(services), run_once(services));
    let runs: Vec<WatchRun> = [a, b, c].into_iter().filter_map(|r| r.expect("runs")).collect();
    assert_eq!(runs, [WatchRun { raised: 1, closed: 0 }], "one run, one flag");
    // Even two runs at once could raise no second flag: the database keeps one open.
    let second = server::storage::silence::raise(&w.app.db, w.patient_id, "diary.silence", "review", 0).await;
    assert_eq!(second.expect("no error"), false);
    assert_eq!(silences(&w).await.len(), 1);
}
