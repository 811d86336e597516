//! The dispatcher against push receivers run by the harness: the headers it sends, what it
//! does with each answer, and that two dispatchers on one database never send a reminder twice.
use crate::answers::{calm_diary, send, submission};
use crate::helpers::{call, Kind, TestApp};
use crate::on_both_databases;
use crate::push_receiver::Receiver;
use crate::timeline::{start, ward};
use app::domain::role::Role;
use server::{
    clock::Clock,
    config::Config,
    startup::Application,
    storage::reminders::{self, NewReminder},
};
use sqlx::Row;
use std::sync::Arc;

on_both_databases!(
    pushes_carry_ttl_urgency_and_topic_and_urgent_flags_reach_the_nurses,
    each_answer_of_a_push_service_has_its_outcome,
    a_429_is_retried_no_earlier_than_retry_after_and_never_to_a_device_reached,
    two_dispatchers_on_one_database_never_send_a_reminder_twice,
    a_dispatcher_whose_lease_ran_out_cannot_overwrite_the_next_claim,
    a_reminder_being_sent_when_its_date_moves_is_not_retried,
);

// A real P-256 public key and auth secret (RFC 8291's example device).
pub const P256DH: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
pub const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

/// Subscribes a device for the signed-in person, as their browser would.
pub async fn subscribe(client: &reqwest::Client, app: &TestApp, endpoint: &str, p256dh: &str, auth: &str) {
    let (status, body) = call(
        client,
        app,
        "push/subscribe",
        &[
            ("subscription[endpoint]", endpoint),
            ("subscription[p256dh]", p256dh),
            ("subscription[auth]", auth),
            ("subscription[device]", "Test phone"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

/// A reminder due now for this person (with `hours` of useful life); answers its id.
async fn due_reminder(app: &TestApp, user_id: i64, subject: &str, hours: i64) -> i64 {
    let now = app.clock.now();
    let reminder = NewReminder {
        user_id,
        patient_id: None,
        rule: "infusion-day",
        subject,
        due_at: now,
        send_at: now,
        expires_at: now + hours * 3600,
        kind: "appointments",
        params: "{}",
        url: "/",
    };
    reminders::insert(&app.db.pool, &reminder, now, false)
        .await
        .expect("reminder")
        .expect("an id")
}

async fn state_of(app: &TestApp, id: i64) -> (String, Option<i64>) {
    let row = sqlx::query("SELECT state, retry_at FROM reminders WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("reminder");
    (row.get("state"), row.get("retry_at"))
}

async fn outcomes(app: &TestApp, id: i64) -> Vec<(Option<i64>, String)> {
    sqlx::query("SELECT status, outcome FROM push_attempts WHERE reminder_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .expect("attempts")
        .iter()
        .map(|r| (r.get("status"), r.get("outcome")))
        .collect()
}

async fn devices(app: &TestApp, user_id: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM push_subscriptions WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .get("n")
}

async fn pushes_carry_ttl_urgency_and_topic_and_urgent_flags_reach_the_nurses(kind: Kind) {
    let receiver = Receiver::start().await;
    let w = ward(kind).await;
    let ann = w.app.signed_in("ann@example.org").await;
    subscribe(&ann, &w.app, &receiver.endpoint("ann"), P256DH, AUTH).await;
    assert_eq!(start(&w, "axi-cel", "ORD-PUSH-1").await.0, 200);
    let first = sqlx::query("SELECT id, send_at, expires_at FROM reminders WHERE user_id = $1 AND state = 'pending' ORDER BY send_at, id LIMIT 1")
        .bind(w.patient_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("a planned reminder");
    let (id, send_at, expires_at): (i64, i64, i64) = (first.get("id"), first.get("send_at"), first.get("expires_at"));
    assert!(send_at > w.app.clock.now(), "planned ahead");
    assert_eq!(
        w.app.dispatcher.run_until_idle().await.expect("dispatch"),
        0,
        "nothing due yet"
    );
    assert!(receiver.received("ann").is_empty());

    w.app.clock.advance_to(send_at);
    // The clock runs on while the round is sent: the TTL lies between the life left before
    // and after it (a second can tick over in between).
    let left_before = expires_at - w.app.clock.now();
    w.app.dispatcher.run_until_idle().await.expect("dispatch");
    let left = expires_at - w.app.clock.now();
    let got = receiver.received("ann");
    let push = got
        .iter()
        .find(|r| r.topic == format!("reminder-{id}"))
        .unwrap_or_else(|| panic!("reminder {id} pushed: {got:?}"));
    let ttl: i64 = push.ttl.parse().expect("a TTL in seconds");
    assert!(
        ttl > 0 && ttl <= left_before && ttl >= left - 5,
        "TTL {ttl} is the useful life left ({left} s), not 28 days"
    );
    assert_eq!(push.urgency, "normal");
    assert_eq!(push.encoding, "aes128gcm");
    assert!(push.authorization.starts_with("vapid t="), "{}", push.authorization);
    assert!(push.body_len > 86, "a salt, a key and a record");
    assert_eq!(state_of(&w.app, id).await.0, "sent");

    // A fever: the centre's nurse gets an urgent alert through the same outbox, at once.
    let nurse_id: i64 = sqlx::query("SELECT id FROM users WHERE email = 'nurse@leuven.example'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("nurse")
        .get("id");
    subscribe(&w.nurse, &w.app, &receiver.endpoint("nurse"), P256DH, AUTH).await;
    let (status, body) = send(&ann, &w, &submission(&w, "fever-1", "symptom-diary", calm_diary(38.9))).await;
    assert_eq!(status, 200, "{body}");
    w.app.dispatcher.run_until_idle().await.expect("dispatch");
    let alerts = receiver.received("nurse");
    assert_eq!(alerts.len(), 1, "one alert: {alerts:?}");
    assert_eq!(alerts[0].urgency, "high");
    let ttl: i64 = alerts[0].ttl.parse().expect("TTL");
    assert!(ttl > 3500 && ttl <= 3600, "an hour at most: {ttl}");
    let row = sqlx::query("SELECT kind, url, state, user_id FROM reminders WHERE rule = 'urgent-flag'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("the alert is a reminder");
    assert_eq!(
        (
            row.get::<String, _>("kind"),
            row.get::<String, _>("url"),
            row.get::<String, _>("state"),
            row.get::<i64, _>("user_id")
        ),
        ("urgent".to_string(), "/flags".to_string(), "sent".to_string(), nurse_id)
    );
}

async fn each_answer_of_a_push_service_has_its_outcome(kind: Kind) {
    let receiver = Receiver::start().await;
    let app = crate::helpers::spawn(kind).await;
    let centre = app.centre("Gent").await;
    let mut people = Vec::new();
    for (device, answer) in [("gone", 410), ("big", 413), ("broken", 500), ("forbidden", 403)] {
        let user = app
            .user(Role::Patient, &format!("{device}@example.org"), Some(centre))
            .await;
        let client = app.signed_in(&format!("{device}@example.org")).await;
        subscribe(&client, &app, &receiver.endpoint(device), P256DH, AUTH).await;
        receiver.script(device, &[(answer, None)]);
        people.push((device, user, due_reminder(&app, user, device, 4).await));
    }
    let now = app.clock.now();
    app.dispatcher.run_until_idle().await.expect("dispatch");
    for (device, user, id) in &people {
        assert_eq!(receiver.received(device).len(), 1, "{device}");
        let (state, retry_at) = state_of(&app, *id).await;
        match *device {
            "gone" => {
                assert_eq!(outcomes(&app, *id).await, [(Some(410), "gone".to_string())]);
                assert_eq!(devices(&app, *user).await, 0, "a 410 deletes the subscription");
                assert_eq!(state, "failed");
            }
            "big" => {
                assert_eq!(outcomes(&app, *id).await, [(Some(413), "too_large".to_string())]);
                assert_eq!(devices(&app, *user).await, 1, "kept");
                assert_eq!(state, "failed");
            }
            "broken" => {
                assert_eq!(outcomes(&app, *id).await, [(Some(500), "retry".to_string())]);
                assert_eq!(state, "pending");
                let at = retry_at.expect("a retry time");
                assert!((now + 30..=now + 32).contains(&at), "first backoff 30 s: {}", at - now);
            }
            _ => {
                assert_eq!(outcomes(&app, *id).await, [(Some(403), "error".to_string())]);
                assert_eq!(state, "failed");
            }
        }
    }
    // The 500 is tried again after its backoff, and then delivered.
    app.clock.advance(31);
    app.dispatcher.run_until_idle().await.expect("dispatch");
    assert_eq!(receiver.received("broken").len(), 2);
    assert_eq!(state_of(&app, people[2].2).await.0, "sent");
    for (device, _, _) in &people[..2] {
        assert_eq!(receiver.received(device).len(), 1, "{device} is not tried again");
    }
}

async fn a_429_is_retried_no_earlier_than_retry_after_and_never_to_a_device_reached(kind: Kind) {
    let receiver = Receiver::start().await;
    let app = crate::helpers::spawn(kind).await;
    let centre = app.centre("Gent").await;
    let user = app.user(Role::Patient, "bo@example.org", Some(centre)).await;
    let bo = app.signed_in("bo@example.org").await;
    // Four phones: one takes it, two push services are busy (for 60 s and for 300 s), one
    // says the message is too large.
    for device in ["bo-ok", "bo-60", "bo-300", "bo-big"] {
        subscribe(&bo, &app, &receiver.endpoint(device), P256DH, AUTH).await;
    }
    receiver.script("bo-60", &[(429, Some("60"))]);
    receiver.script("bo-300", &[(503, Some("300"))]);
    receiver.script("bo-big", &[(413, None)]);
    let id = due_reminder(&app, user, "retry", 4).await;
    let now = app.clock.now();
    app.dispatcher.run_until_idle().await.expect("dispatch");
    let (state, retry_at) = state_of(&app, id).await;
    assert_eq!(state, "pending");
    let at = retry_at.expect("retry time");
    assert!(
        (now + 60..=now + 62).contains(&at),
        "the earliest Retry-After, not the 30 s backoff: {}",
        at - now
    );

    app.clock.advance_to(at - 1);
    app.dispatcher.run_until_idle().await.expect("dispatch");
    assert_eq!(receiver.received("bo-60").len(), 1, "not before Retry-After");
    app.clock.advance_to(at);
    app.dispatcher.run_until_idle().await.expect("dispatch");
    assert_eq!(receiver.received("bo-60").len(), 2, "tried again at 60 s");
    assert_eq!(receiver.received("bo-300").len(), 1, "its own service asked for 300 s");
    let (state, retry_at) = state_of(&app, id).await;
    assert_eq!(state, "pending", "one device still to reach");
    let later = retry_at.expect("retry time");
    assert!((now + 300..=now + 302).contains(&later), "{}", later - now);
    app.clock.advance_to(later);
    app.dispatcher.run_until_idle().await.expect("dispatch");
    assert_eq!(receiver.received("bo-300").len(), 2);
    assert_eq!(receiver.received("bo-ok").len(), 1, "the phone it reached gets it once");
    assert_eq!(receiver.received("bo-big").len(), 1, "a 413 is not sent again");
    assert_eq!(state_of(&app, id).await.0, "sent");
    let topics: Vec<String> = receiver.received("bo-60").iter().map(|r| r.topic.clone()).collect();
    assert_eq!(
        topics,
        [format!("reminder-{id}"), format!("reminder-{id}")],
        "one Topic per reminder"
    );
}

async fn two_dispatchers_on_one_database_never_send_a_reminder_twice(kind: Kind) {
    let receiver = Receiver::start().await;
    let app = crate::helpers::spawn(kind).await;
    let centre = app.centre("Gent").await;
    let user = app.user(Role::Patient, "cy@example.org", Some(centre)).await;
    let cy = app.signed_in("cy@example.org").await;
    subscribe(&cy, &app, &receiver.endpoint("cy"), P256DH, AUTH).await;
    for n in 0..600 {
        due_reminder(&app, user, &format!("many-{n}"), 4).await;
    }
    // A second server instance on the same database, with its own dispatcher.
    let mut config = Config::for_database(&app.database_url);
    config.dispatcher = false;
    config.push_test_receivers = crate::helpers::test_receivers();
    let other = Application::build_with_clock(config, app.clock.clone() as Arc<dyn Clock>)
        .await
        .expect("a second instance starts");
    let (a, b) = tokio::join!(app.dispatcher.run_until_idle(), other.dispatcher.run_until_idle());
    let (a, b) = (a.expect("first"), b.expect("second"));
    assert_eq!(a + b, 600, "every reminder claimed once: {a} + {b}");
    let mut topics: Vec<String> = receiver.received("cy").into_iter().map(|r| r.topic).collect();
    assert_eq!(topics.len(), 600);
    topics.sort();
    topics.dedup();
    assert_eq!(topics.len(), 600, "no reminder sent twice");
}

async fn a_dispatcher_whose_lease_ran_out_cannot_overwrite_the_next_claim(kind: Kind) {
    use server::storage::outbox::{self, Finish, Round};
    let receiver = Receiver::start().await;
    let app = crate::helpers::spawn(kind).await;
    let centre = app.centre("Gent").await;
    let user = app.user(Role::Patient, "di@example.org", Some(centre)).await;
    let di = app.signed_in("di@example.org").await;
    subscribe(&di, &app, &receiver.endpoint("di"), P256DH, AUTH).await;
    let id = due_reminder(&app, user, "lease", 4).await;
    let now = app.clock.now();
    // A first instance claims it with a lease that has already run out, then stalls.
    let stale = outbox::claim(&app.db, now, now - 1, 10, 111).await.expect("claim");
    assert_eq!(stale.len(), 1);
    // Another instance takes it over and sends it.
    app.dispatcher.run_until_idle().await.expect("dispatch");
    assert_eq!(receiver.received("di").len(), 1);
    assert_eq!(state_of(&app, id).await.0, "sent");
    // The first instance wakes up and writes what it thinks happened: nothing changes.
    let round = Round {
        finished: vec![(id, Finish::RetryAt(now + 30))],
        ..Round::default()
    };
    outbox::record(&app.db, now, 111, &round).await.expect("record");
    assert_eq!(state_of(&app, id).await, ("sent".to_string(), None));
    app.clock.advance(60);
    app.dispatcher.run_until_idle().await.expect("dispatch");
    assert_eq!(receiver.received("di").len(), 1, "never sent twice");
}

async fn a_reminder_being_sent_when_its_date_moves_is_not_retried(kind: Kind) {
    use crate::timeline::delay_infusion;
    use server::storage::outbox;
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-PUSH-2").await.0, 200);
    let row = sqlx::query(
        "SELECT id, send_at FROM reminders WHERE user_id = $1 AND rule = 'infusion-day' AND state = 'pending'",
    )
    .bind(w.patient_id)
    .fetch_one(&w.app.db.pool)
    .await
    .expect("infusion-day");
    let (id, send_at): (i64, i64) = (row.get("id"), row.get("send_at"));
    // A dispatcher is sending it (its push service will answer 503) when the date moves.
    let claimed = outbox::claim(&w.app.db, send_at, send_at + 600, 1000, 7)
        .await
        .expect("claim");
    assert!(claimed.iter().any(|c| c.id == id));
    delay_infusion(&w, 7).await;
    assert_eq!(state_of(&w.app, id).await.0, "cancelled", "the old date's reminder");
    let round = outbox::Round {
        finished: vec![(id, outbox::Finish::RetryAt(send_at + 30))],
        ..outbox::Round::default()
    };
    outbox::record(&w.app.db, send_at, 7, &round).await.expect("record");
    assert_eq!(
        state_of(&w.app, id).await,
        ("cancelled".to_string(), None),
        "no retry with the old date"
    );
    let moved: i64 = sqlx::query("SELECT COUNT(*) AS n FROM reminders WHERE user_id = $1 AND rule = 'infusion-day' AND state = 'pending' AND due_at > $2")
        .bind(w.patient_id)
        .bind(send_at)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("count")
        .get("n");
    assert_eq!(moved, 1, "one for the new date");
}
