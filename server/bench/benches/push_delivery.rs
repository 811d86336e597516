//! Our sender in the push benchmark (run by `server/bench/push/run.sh`, which starts the
//! receiver and then times node's `web-push` and Python's `pywebpush` on the same messages).
//!
//! Seeds N reminders (default 10 000: 1 000 people, one device each, 10 reminders each) due
//! at one instant, starts the real dispatcher (database, encryption, VAPID, HTTPS) at that
//! instant, and waits until the receiver counted them all. Prints one JSON line. Writes the
//! same messages (endpoint, keys, payload, headers) to JOBS_OUT for the other two senders.
//!
//! Environment: RECEIVER (https://127.0.0.1:PORT), CERT (the receiver's PEM), JOBS_OUT,
//! N, CONCURRENCY (32), DATABASE (a postgres:// URL; default a fresh SQLite file).
use server::{
    clock::SystemClock,
    config::Config,
    push::vapid::Vapid,
    startup::Application,
    storage::{
        accounts::{self, NewUser},
        push::{self as devices, NewDevice},
        reminders::{self, NewReminder},
    },
};
use std::{sync::Arc, time::Duration};

const P256DH: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
const PER_PERSON: usize = 10;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = rest.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

#[tokio::main]
async fn main() {
    let receiver = env("RECEIVER").expect("RECEIVER=https://127.0.0.1:PORT (run server/bench/push/run.sh)");
    let cert = env("CERT").expect("CERT=the receiver's certificate (PEM)");
    let n: usize = env("N").and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let concurrency: u16 = env("CONCURRENCY").and_then(|v| v.parse().ok()).unwrap_or(32);
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = env("DATABASE").unwrap_or_else(|| format!("sqlite://{}/bench.db", dir.path().display()));
    let mut config = Config::for_database(&url);
    config.dispatcher = false;
    config.push_concurrency = concurrency;
    config.push_root_certificate = Some(cert.clone().into());
    config.push_test_receivers = vec![receiver
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_string()];
    config.db_max_connections = 10;
    // The key is stored sealed: the reference sender is given it opened.
    let sealer = server::secrets::Sealer::load(None, &config.secrets_key_file, None).expect("the secrets key");
    let app = Application::build_with_clock(config, Arc::new(SystemClock))
        .await
        .expect("the server starts");
    let db = app.db.clone();
    let key_id = devices::current_key_id(&db).await.expect("key").expect("a VAPID key");
    let sealed = devices::key_by_id(&db, key_id)
        .await
        .expect("key")
        .expect("a VAPID key");
    let private_key = sealer
        .open(server::secrets::Purpose::VapidPrivateKey, &sealed)
        .expect("the key opens")
        .plain;
    let public_key = Vapid::from_private_key(&private_key, "mailto:bench@example.org")
        .expect("key")
        .public_key;

    // People and their devices.
    let people = n.div_ceil(PER_PERSON);
    let mut endpoints = Vec::with_capacity(people);
    for i in 0..people {
        let user = accounts::create_user(
            &db.pool,
            &NewUser {
                role: app::domain::role::Role::Caregiver,
                email: &format!("bench-{i}@example.org"),
                display_name: "Bench",
                centre_id: None,
                locale: app::i18n::Locale::En,
                time_zone: None,
                is_demo: false,
            },
        )
        .await
        .expect("user");
        let endpoint = format!("{receiver}/push/{i}");
        devices::save_device(
            &db,
            &NewDevice {
                user_id: user,
                endpoint: &endpoint,
                p256dh: P256DH,
                auth: AUTH,
                device: "bench",
                vapid_key_id: key_id,
            },
        )
        .await
        .expect("device");
        endpoints.push((user, endpoint));
    }

    // N reminders, written first, then made due at one instant two seconds from now (so
    // that however long writing takes, the clock starts when they fall due).
    let later = server::storage::now() + 3600;
    let mut tx = db.pool.begin().await.expect("transaction");
    let rows: Vec<(i64, usize)> = (0..n).map(|k| (endpoints[k % people].0, k)).collect();
    for (user, k) in &rows {
        let subject = format!("bench-{k}");
        let reminder = NewReminder {
            user_id: *user,
            patient_id: None,
            rule: "temperature",
            subject: &subject,
            due_at: later,
            send_at: later,
            expires_at: later,
            kind: "temperature",
            params: "{}",
            url: "/inbox",
        };
        reminders::insert(&mut *tx, &reminder, server::storage::now(), false)
            .await
            .expect("reminders");
    }
    let due = server::storage::now() + 2;
    sqlx::query("UPDATE reminders SET due_at = $1, send_at = $1, expires_at = $2")
        .bind(due)
        .bind(due + 4 * 3600)
        .execute(&mut *tx)
        .await
        .expect("due now");
    tx.commit().await.expect("commit");

    // The same messages for node's and Python's senders.
    if let Some(out) = env("JOBS_OUT") {
        let rule = app::domain::reminders::ReminderCatalogue::builtin().expect("rules");
        let rule = rule.rule("temperature").expect("rule");
        let jobs: Vec<serde_json::Value> = (0..n)
            .map(|k| {
                let payload = serde_json::json!({
                    "id": k + 1, "title": rule.title["en"], "body": rule.body["en"], "url": "/inbox",
                    "tag": format!("reminder-{}", k + 1), "lang": "en", "urgent": false,
                });
                serde_json::json!({
                    "endpoint": endpoints[k % people].1, "p256dh": P256DH, "auth": AUTH,
                    "payload": payload.to_string(), "ttl": 4 * 3600, "topic": format!("reminder-{}", k + 1),
                })
            })
            .collect();
        let file = serde_json::json!({ "vapid_private": private_key, "vapid_public": public_key, "jobs": jobs });
        std::fs::write(&out, file.to_string()).expect("jobs file");
    }

    let control = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&std::fs::read(&cert).expect("cert")).expect("PEM"))
        .build()
        .expect("client");
    control
        .post(format!("{receiver}/reset?due_ms={}", due * 1000))
        .send()
        .await
        .expect("reset");
    let cpu_before = cpu_seconds();
    let wait = ((due * 1000) as u128).saturating_sub(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("time")
            .as_millis(),
    );
    tokio::time::sleep(Duration::from_millis(wait as u64)).await;
    let dispatcher = tokio::spawn(app.dispatcher.clone().run());
    let stats = loop {
        let stats: serde_json::Value = control
            .get(format!("{receiver}/stats"))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("JSON");
        if stats["count"].as_u64().unwrap_or(0) >= n as u64 {
            break stats;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    dispatcher.abort();
    let seconds = (stats["last_ms"].as_f64().unwrap_or(0.0) - stats["due_ms"].as_f64().unwrap_or(0.0)) / 1000.0;
    println!(
        "{}",
        serde_json::json!({
            "sender": format!("vein-to-vein ({})", if url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" }),
            "count": stats["count"], "seconds": seconds, "per_second": n as f64 / seconds,
            "p50_ms": stats["p50_ms"], "p99_ms": stats["p99_ms"],
            "sender_cpu_seconds": cpu_seconds() - cpu_before,
            "receiver_cpu_seconds": stats["cpu_seconds"],
        })
    );
}
