//! What an operator watches: liveness apart from readiness, a request id on every answer,
//! and Prometheus metrics on an address of their own (requests by route, the reminder
//! queue and its lag, push outcomes, urgent flags waiting, the database pool).
use crate::answers::{calm_diary, send, submission};
use crate::helpers::{call, spawn_with, Kind};
use crate::on_both_databases;
use crate::push_dispatch::{subscribe, AUTH, P256DH};
use crate::push_receiver::Receiver;
use crate::timeline::ward_on;
use serde_json::Value;

on_both_databases!(probes_request_ids_and_metrics_tell_the_state_of_the_service);

/// The value of one sample (`name{labels}` exactly as written) in OpenMetrics text.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| {
            line.strip_prefix(series)?
                .strip_prefix(' ')?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no sample {series} in\n{text}"))
}

async fn scrape(url: &str) -> String {
    let response = reqwest::get(url).await.expect("scrape");
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"].to_str().expect("ascii").to_string();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    let text = response.text().await.expect("text");
    assert!(text.ends_with("# EOF\n"), "a complete exposition");
    text
}

async fn get(url: &str) -> (u16, String, Value) {
    let response = reqwest::get(url).await.expect("request");
    let id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let status = response.status().as_u16();
    (status, id, response.json().await.unwrap_or(Value::Null))
}

async fn probes_request_ids_and_metrics_tell_the_state_of_the_service(kind: Kind) {
    let receiver = Receiver::start().await;
    let app = spawn_with(kind, |c| c.metrics_addr = Some(([127, 0, 0, 1], 0).into())).await;
    let metrics = app.metrics.clone().expect("a metrics address");
    let w = ward_on(app).await;

    // Alive and ready; each answer has its own request id.
    let (status, first, body) = get(&w.app.url("/livez")).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("alive")));
    let (_, second, _) = get(&w.app.url("/livez")).await;
    assert_eq!(first.len(), 32, "{first}");
    assert_ne!(first, second);
    assert_eq!(get(&w.app.url("/readyz")).await.0, 200);
    // A migration not applied: not ready (taken out of rotation), still alive.
    let newest = "UPDATE _sqlx_migrations SET success = $1 WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)";
    sqlx::query(newest)
        .bind(false)
        .execute(&w.app.db.pool)
        .await
        .expect("unapply");
    let (status, _, body) = get(&w.app.url("/readyz")).await;
    assert_eq!((status, body["pending"].as_i64()), (503, Some(1)), "{body}");
    assert_eq!(get(&w.app.url("/livez")).await.0, 200);
    sqlx::query(newest)
        .bind(true)
        .execute(&w.app.db.pool)
        .await
        .expect("reapply");
    assert_eq!(get(&w.app.url("/readyz")).await.0, 200);
    // The public address does not serve the metrics.
    assert_eq!(
        reqwest::get(w.app.url("/metrics")).await.expect("request").status(),
        404
    );

    let text = scrape(&metrics).await;
    assert_eq!(
        sample(
            &text,
            r#"vtv_http_requests_total{method="GET",route="/livez",status="200"}"#
        ),
        3.0
    );
    assert_eq!(
        sample(
            &text,
            r#"vtv_http_requests_total{method="GET",route="/readyz",status="503"}"#
        ),
        1.0
    );
    assert_eq!(
        sample(&text, r#"vtv_http_request_duration_seconds_count{route="/livez"}"#),
        3.0
    );
    assert_eq!(
        sample(
            &text,
            r#"vtv_http_requests_total{method="GET",route="(files and not found)",status="404"}"#
        ),
        1.0
    );
    assert_eq!(sample(&text, "vtv_db_pool_max_connections"), 5.0);
    assert!(sample(&text, r#"vtv_db_pool_connections{state="idle"}"#) >= 1.0);
    assert_eq!(sample(&text, "vtv_reminders_due"), 0.0);
    assert_eq!(sample(&text, "vtv_urgent_flags_open"), 0.0);

    // A fever: an urgent flag, and an alert to the nurse waiting in the queue.
    subscribe(&w.nurse, &w.app, &receiver.endpoint("nurse"), P256DH, AUTH).await;
    let ann = w.app.signed_in("ann@example.org").await;
    let (status, body) = send(&ann, &w, &submission(&w, "m-1", "symptom-diary", calm_diary(38.6))).await;
    assert_eq!(status, 200, "{body}");
    w.app.clock.advance(20 * 60);
    let text = scrape(&metrics).await;
    assert_eq!(sample(&text, "vtv_urgent_flags_open"), 1.0);
    assert!(
        sample(&text, "vtv_urgent_flag_oldest_unacknowledged_seconds") >= 1200.0,
        "{text}"
    );
    assert!(sample(&text, "vtv_reminders_due") >= 1.0);
    assert!(sample(&text, "vtv_reminders_lag_seconds") >= 1200.0);

    // Sent: the queue is empty again and the outcome counted.
    w.app.dispatcher.run_until_idle().await.expect("dispatch");
    assert!(!receiver.received("nurse").is_empty());
    let text = scrape(&metrics).await;
    assert!(sample(&text, r#"vtv_push_attempts_total{outcome="sent"}"#) >= 1.0);
    assert_eq!(sample(&text, "vtv_reminders_due"), 0.0);
    assert_eq!(sample(&text, "vtv_reminders_lag_seconds"), 0.0);

    // Acknowledged: still open, no longer waiting for a nurse.
    let (_, queue) = call(&w.nurse, &w.app, "flags/queue", &[]).await;
    let queue: Value = serde_json::from_str(&queue).expect("json");
    let id = queue["rows"][0]["id"].as_i64().expect("a flag").to_string();
    assert_eq!(call(&w.nurse, &w.app, "flags/acknowledge", &[("id", &id)]).await.0, 200);
    let text = scrape(&metrics).await;
    assert_eq!(sample(&text, "vtv_urgent_flags_open"), 1.0);
    assert_eq!(sample(&text, "vtv_urgent_flag_oldest_unacknowledged_seconds"), 0.0);
}

/// The built binary, its JSON log read as it runs; killed when dropped.
struct Running {
    child: std::process::Child,
    log: std::sync::Arc<std::sync::Mutex<String>>,
    base: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for the binary's address off the runtime's thread: the setup server's tasks run on
/// it, and one frozen inside a write would hold SQLite's lock while the binary waits for it
/// ("database is locked" at its start, about 1 run in 30).
async fn run_binary(database_url: &str) -> Running {
    use std::io::{BufRead, BufReader, Read};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vein-to-vein"))
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("VTV_LOG_JSON", "true")
        .env("VTV_DISPATCHER", "false")
        // As the deployment runs it: the access lines and warnings only.
        .env("RUST_LOG", "warn,access=info,server::auth=info")
        // The key the test servers seal the push key with (`Config::for_database`).
        .env(
            "VTV_SECRETS_KEY_FILE",
            std::env::temp_dir().join("vein-to-vein-test-secrets.key"),
        )
        .env_remove("VTV_DEMO")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the binary");
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let mut stderr = child.stderr.take().expect("stderr");
    let sink = log.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("log").push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let stdout = child.stdout.take().expect("stdout");
    let base = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| line.split("listening on ").nth(1).map(str::to_string))
    })
    .await
    .expect("the reader of its output");
    let Some(base) = base else {
        // It closed its output without listening: say why, from its own words.
        let status = child.wait();
        let _ = reader.join();
        panic!(
            "the binary stopped before it listened ({status:?}):\n{}",
            log.lock().expect("log")
        );
    };
    Running { child, log, base }
}

#[tokio::test]
async fn the_access_log_has_one_line_per_request_under_its_id_and_no_personal_data() {
    let (url, _dir) = crate::helpers::database_url(Kind::Sqlite).await;
    let setup = crate::helpers::spawn_on(&url, None, |_| {}).await;
    let centre = setup.centre("Leuven").await;
    let email = "ann.private@example.org";
    setup.user(app::domain::role::Role::Patient, email, Some(centre)).await;
    let server = run_binary(&url).await;
    let client = crate::helpers::client();
    let id_of = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().expect("ascii").to_string();

    let refused = client
        .post(format!("{}/auth/login", server.base))
        .form(&[("email", email), ("password", "Wrong-Secret-Horse")])
        .send()
        .await
        .expect("sign in");
    let refused_id = id_of(&refused);
    let signed_in = client
        .post(format!("{}/auth/login", server.base))
        .form(&[("email", email), ("password", crate::helpers::PASSWORD)])
        .send()
        .await
        .expect("sign in");
    let session = signed_in.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .and_then(|c| c.split_once('='))
        .map(|(_, value)| value.to_string())
        .expect("a session cookie");
    let mut ids = vec![refused_id.clone(), id_of(&signed_in)];
    for path in [
        "/invitation?code=SECRETCODE42",
        "/calendar/t0kenSECRETcalendar/visits.ics",
        "/",
    ] {
        let response = client.get(format!("{}{path}", server.base)).send().await.expect("get");
        ids.push(id_of(&response));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let log = server.log.lock().expect("log").clone();
    let lines: Vec<Value> = log.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let access: Vec<&Value> = lines.iter().filter(|l| l["target"] == "access").collect();
    for id in &ids {
        let of_id: Vec<&&Value> = access.iter().filter(|l| l["span"]["id"] == id.as_str()).collect();
        assert_eq!(of_id.len(), 1, "one access line for request {id}:\n{log}");
    }
    let routes: Vec<&str> = access.iter().filter_map(|l| l["fields"]["route"].as_str()).collect();
    assert!(
        routes.contains(&"/calendar/{token}/visits.ics"),
        "the pattern, not the token: {routes:?}"
    );
    // A line written while handling the request carries its id.
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "a sign-in was refused" && l["span"]["id"] == refused_id.as_str()),
        "{log}"
    );
    for secret in [
        email,
        "ann.private",
        "Wrong-Secret-Horse",
        crate::helpers::PASSWORD,
        "SECRETCODE42",
        "t0kenSECRET",
        &session,
        "Patient ann",
    ] {
        assert!(!log.contains(secret), "the log holds {secret}:\n{log}");
    }
}
