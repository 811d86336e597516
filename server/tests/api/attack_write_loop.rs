//! Attack: a signed-in user writes in a loop. Writes are limited per person per minute,
//! counted in the database so that a second instance sees the same count; check-ins are
//! always stored, because a red flag must never be dropped.
use crate::answers::{calm_diary, send, submission};
use crate::helpers::*;
use crate::on_both_databases;
use crate::timeline::ward;
use server::{clock::ShiftedClock, config::Config, startup::Application};
use std::sync::Arc;

on_both_databases!(writes_over_the_rate_are_refused_on_every_instance_and_check_ins_are_kept);

async fn writes_over_the_rate_are_refused_on_every_instance_and_check_ins_are_kept(kind: Kind) {
    let w = ward(kind).await;
    let app = &w.app;
    // A second instance on the same database, with the same limit of 10 a minute.
    let mut config = Config::for_database(&app.database_url);
    config.dispatcher = false;
    config.writes_per_minute = 10;
    let second = Application::build_with_clock(config, Arc::new(ShiftedClock::default()))
        .await
        .expect("a second instance");
    let second_base = format!("http://{}", second.local_addr());
    tokio::spawn(second.run_until(std::future::pending()));

    let patient = app.signed_in("ann@example.org").await;
    let zone = |base: &str| format!("{base}/api/account/time-zone/set");
    // The count is kept per minute: start early in one, so that the loop stays within it.
    let into_minute = server::storage::now().rem_euclid(60);
    if into_minute > 40 {
        tokio::time::sleep(std::time::Duration::from_secs((61 - into_minute) as u64)).await;
    }
    let mut answers = Vec::new();
    for n in 0..14 {
        // Alternating instances: the count is one.
        let base = if n % 2 == 0 {
            app.base.clone()
        } else {
            second_base.clone()
        };
        let response = patient
            .post(zone(&base))
            .header("accept", "application/json")
            .form(&[("time_zone", if n % 2 == 0 { "Europe/Paris" } else { "Europe/Brussels" })])
            .send()
            .await
            .expect("request");
        let retry_after = response.headers().get("retry-after").is_some();
        answers.push((response.status().as_u16(), retry_after));
    }
    // The first instance uses the default limit (60); the second refuses past 10 in all.
    let refused: Vec<usize> = answers
        .iter()
        .enumerate()
        .filter(|(_, (status, _))| *status == 429)
        .map(|(n, _)| n)
        .collect();
    assert_eq!(refused, vec![11, 13], "{answers:?}");
    assert!(answers.iter().all(|(status, retry)| *status != 429 || *retry));

    // Setting the zone it already has (Paris, from the last accepted call) writes no audit row.
    let audited = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = 'account.time_zone'")
            .fetch_one(&app.db.pool)
            .await
            .expect("audit")
    };
    let before = audited().await;
    for _ in 0..5 {
        let (status, _) = call(&patient, app, "account/time-zone/set", &[("time_zone", "Europe/Paris")]).await;
        assert_eq!(status, 200);
    }
    assert_eq!(audited().await, before, "no-op calls leave no audit rows");

    // Reads go on, and check-ins are stored whatever the rate, without being counted (they
    // must not use up the minute of a phone sending the diaries it kept offline).
    let (status, body) = call(&patient, app, "home", &[]).await;
    assert_eq!(status, 200, "{body}");
    let counted = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM rate_counters WHERE scope = 'writes'",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("counts")
    };
    let writes_counted = counted().await;
    for n in 0..3 {
        let (status, body) = send(
            &patient,
            &w,
            &submission(&w, &format!("loop-{n}"), "symptom-diary", calm_diary(37.0)),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(count(app, "checkin_responses").await, 3);

    // Urgent answers in a loop: every one is stored and flagged, and the nurses get one
    // alert that says how many (before: one alert per answer).
    for n in 0..3 {
        let (status, body) = send(
            &patient,
            &w,
            &submission(&w, &format!("fever-{n}"), "symptom-diary", calm_diary(39.4)),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(count(app, "checkin_responses").await, 6);
    assert_eq!(counted().await, writes_counted, "check-ins are not counted");
    let alerts: Vec<String> = sqlx::query_scalar("SELECT params FROM reminders WHERE rule = 'urgent-flag'")
        .fetch_all(&app.db.pool)
        .await
        .expect("alerts");
    assert_eq!(
        alerts,
        vec!["{\"repeats\":3}".to_string()],
        "one alert to the one nurse"
    );
    let inbox = call_list(&w.nurse, app, "inbox/list").await;
    assert!(
        inbox
            .iter()
            .any(|item| item["body"].as_str().is_some_and(|b| b.ends_with("(×3)"))),
        "{inbox:?}"
    );
}
