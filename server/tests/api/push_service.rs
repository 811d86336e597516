//! Interoperability with a third-party Web Push service: `web-push-testing` (npm), started
//! here, checks the VAPID header and decrypts the payload. Subscribe through it → set a
//! timeline → move the clock → read what it decrypted; then move the plan mid-run.
use crate::helpers::{call, Kind};
use crate::on_both_databases;
use crate::push_dispatch::subscribe;
use crate::timeline::{delay_infusion, start, ward, Ward};
use serde_json::{json, Value};
use sqlx::Row;
use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::Duration,
};

on_both_databases!(a_real_push_service_decrypts_reminders_that_follow_the_plan);

/// The `web-push-testing` server on a free port, stopped when dropped.
struct PushService {
    child: Child,
    base: String,
}

impl Drop for PushService {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl PushService {
    fn start() -> PushService {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../end2end/node_modules/web-push-testing/src/bin/server.js"
        );
        assert!(
            std::path::Path::new(script).exists(),
            "{script} is missing: run the README's test command, which installs the node packages in end2end/"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(std::env::var("NODE").unwrap_or_else(|_| "node".into()))
            .arg(script)
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs web-push-testing");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("its first line");
        assert!(
            line.contains("running on port"),
            "web-push-testing did not start: {line}"
        );
        crate::helpers::allow_test_receiver(&format!("localhost:{port}"));
        PushService {
            child,
            base: format!("http://localhost:{port}"),
        }
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let response = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .expect("web-push-testing answers");
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.json().await.expect("JSON")
    }

    /// Every message it received for this subscription, decrypted.
    async fn messages(&self, client_hash: &str) -> Vec<Value> {
        let body = self
            .post("/get-notifications", json!({ "clientHash": client_hash }))
            .await;
        body["data"]["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| serde_json::from_str(m.as_str().expect("text")).expect("our payload is JSON"))
            .collect()
    }

    /// Waits (in real time, the dispatcher's loop runs every second) for `n` messages.
    async fn wait_for(&self, client_hash: &str, n: usize) -> Vec<Value> {
        for _ in 0..100 {
            let got = self.messages(client_hash).await;
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("waited 10 s for {n} messages: {:?}", self.messages(client_hash).await);
    }
}

fn title_in(rule: &str, language: &str) -> String {
    let catalogue = app::domain::reminders::ReminderCatalogue::builtin().expect("rules");
    catalogue.rule(rule).expect("rule").title[language].clone()
}

fn title(rule: &str) -> String {
    title_in(rule, "fr")
}

async fn pending(w: &Ward, rule: &str) -> Vec<(i64, i64)> {
    sqlx::query(
        "SELECT due_at, send_at FROM reminders WHERE user_id = $1 AND rule = $2 AND state = 'pending' ORDER BY send_at",
    )
    .bind(w.patient_id)
    .bind(rule)
    .fetch_all(&w.app.db.pool)
    .await
    .expect("reminders")
    .iter()
    .map(|r| (r.get("due_at"), r.get("send_at")))
    .collect()
}

async fn a_real_push_service_decrypts_reminders_that_follow_the_plan(kind: Kind) {
    let service = PushService::start();
    let w = ward(kind).await;
    // Ann chooses French in her settings: her reminders come in French.
    let ann = w.app.signed_in("ann@example.org").await;
    let (status, body) = call(&ann, &w.app, "account/language", &[("locale", "fr")]).await;
    assert!(status < 400, "{status} {body}");
    let (status, key) = call(&ann, &w.app, "push/key", &[]).await;
    assert_eq!(status, 200, "{key}");
    let key: String = serde_json::from_str(&key).expect("key");
    let made = service
        .post(
            "/subscribe",
            json!({ "applicationServerKey": key, "userVisibleOnly": "true" }),
        )
        .await;
    let sub = &made["data"];
    let hash = sub["clientHash"].as_str().expect("clientHash");
    let (endpoint, p256dh, auth) = (
        sub["endpoint"].as_str().expect("endpoint"),
        sub["keys"]["p256dh"].as_str().expect("p256dh"),
        sub["keys"]["auth"].as_str().expect("auth"),
    );
    subscribe(&ann, &w.app, endpoint, p256dh, auth).await;
    let dispatcher = tokio::spawn(w.app.dispatcher.clone().run());

    assert_eq!(start(&w, "axi-cel", "ORD-WPT-1").await.0, 200);
    let first = sqlx::query("SELECT id, rule, url, send_at FROM reminders WHERE user_id = $1 AND state = 'pending' ORDER BY send_at, id LIMIT 1")
        .bind(w.patient_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("a reminder");
    let (id, rule, url, send_at): (i64, String, String, i64) = (
        first.get("id"),
        first.get("rule"),
        first.get("url"),
        first.get("send_at"),
    );
    w.app.clock.advance_to(send_at);
    let got = service.wait_for(hash, 1).await;
    let message = got
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("reminder {id} ({rule}) decrypted: {got:?}"));
    // Discreet by default: the lock screen says only that there is a reminder.
    assert_eq!(message["title"], "Vous avez un nouveau rappel");
    assert_eq!(message["body"], "Ouvrez Vein-to-Vein pour le lire");
    assert!(!message.to_string().contains(&title(&rule)), "{message}");
    assert_eq!(message["lang"], "fr");
    assert_eq!(message["url"], url.as_str());
    assert_eq!(message["tag"], format!("reminder-{id}"));
    assert_eq!(message["urgent"], false);
    let sent_so_far = got.len();
    // Ann chooses to see what her reminders are about: the next ones say it.
    let (status, body) = call(&ann, &w.app, "reminders/lock-screen", &[("detail", "true")]).await;
    assert_eq!((status, body.as_str()), (200, "true"));

    // Manufacturing slips a week, mid-run: one "your plan changed" notice, nothing re-sent.
    let old_infusion = pending(&w, "infusion-day").await[0];
    delay_infusion(&w, 7).await;
    let got = service.wait_for(hash, sent_so_far + 1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await; // a full turn of the loop more
    let got_now = service.messages(hash).await;
    assert_eq!(got_now.len(), got.len(), "nothing else went out: {got_now:?}");
    let notice = got.last().expect("the notice");
    assert_eq!(notice["title"], title("plan-changed"));
    assert!(notice["body"].as_str().unwrap_or_default().contains('→'), "{notice}");
    let mut ids: Vec<i64> = got.iter().filter_map(|m| m["id"].as_i64()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "no reminder twice: {got:?}");

    // The old infusion day passes with no reminder; the new one gets exactly one.
    let new_infusion = pending(&w, "infusion-day").await[0];
    assert_eq!(new_infusion.0, old_infusion.0 + 7 * 24 * 3600);
    let infusion_title = title("infusion-day");
    let count = |all: &[Value]| all.iter().filter(|m| m["title"] == infusion_title.as_str()).count();
    w.app.clock.advance_to(old_infusion.1 + 60);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        count(&service.messages(hash).await),
        0,
        "the cancelled one stays unsent"
    );
    w.app.clock.advance_to(new_infusion.1);
    let mut all = Vec::new();
    for _ in 0..100 {
        all = service.messages(hash).await;
        if count(&all) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(count(&service.messages(hash).await), 1, "{all:?}");

    // A fever: the nurse's urgent alert goes through the same pipeline, and names no one.
    let made = service
        .post(
            "/subscribe",
            json!({ "applicationServerKey": key, "userVisibleOnly": "true" }),
        )
        .await;
    let sub = &made["data"];
    let nurse_hash = sub["clientHash"].as_str().expect("clientHash");
    subscribe(
        &w.nurse,
        &w.app,
        sub["endpoint"].as_str().expect("endpoint"),
        sub["keys"]["p256dh"].as_str().expect("p256dh"),
        sub["keys"]["auth"].as_str().expect("auth"),
    )
    .await;
    let fever = crate::answers::submission(&w, "wpt-fever", "symptom-diary", crate::answers::calm_diary(39.1));
    let (status, body) = crate::answers::send(&ann, &w, &fever).await;
    assert_eq!(status, 200, "{body}");
    let alert = service.wait_for(nurse_hash, 1).await;
    assert_eq!(alert.len(), 1, "{alert:?}");
    // The nurse left the default: urgent, and discreet.
    assert_eq!(alert[0]["title"], "You have an urgent message");
    assert_ne!(alert[0]["title"], title_in("urgent-flag", "en").as_str());
    assert_eq!(alert[0]["urgent"], true);
    assert_eq!(alert[0]["url"], "/flags");
    let text = alert[0].to_string();
    for identifying in ["ann@example.org", "Patient", "1971-03-04", "+32"] {
        assert!(!text.contains(identifying), "{identifying} in {text}");
    }
    dispatcher.abort();
}
