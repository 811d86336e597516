//! "Ask the team" over HTTP: the patient and their caregiver write, a red flag is held back
//! until its writer saw the advice, the centre's nurse sees what waits (and what waited past
//! the promise an admin set) and replies, and the patient's side is told in the inbox.
//! Nobody else reads or writes a thread; each read and write is audit-logged.
use crate::helpers::{audited, audited_about, call, call_list, Kind};
use crate::on_both_databases;
use crate::push_dispatch::{subscribe, AUTH, P256DH};
use crate::push_receiver::Receiver;
use crate::timeline::{ward, Ward};
use app::{
    api::messages::{MessageOutcome, MessageThread},
    domain::{
        role::Role,
        team_messages::{MAX_CHARS, MAX_WAITING},
        triage::Advice,
    },
};
use reqwest::Client;
use serde_json::json;
use server::storage::accounts;

on_both_databases!(
    a_message_waits_until_the_nurse_replies_and_the_patient_is_told,
    a_red_flag_is_held_back_until_its_writer_saw_the_advice,
    nobody_else_reads_or_writes_a_thread_and_bad_messages_are_refused,
);

async fn send(client: &Client, w: &Ward, text: &str, confirmed: bool) -> (u16, Option<MessageOutcome>) {
    let (status, body) = call(
        client,
        &w.app,
        "messages/send",
        &[
            ("patient_id", &w.patient_id.to_string()),
            ("text", text),
            ("confirmed", &confirmed.to_string()),
        ],
    )
    .await;
    (status, serde_json::from_str(&body).ok())
}

async fn thread(client: &Client, w: &Ward) -> (u16, Option<MessageThread>) {
    let (status, body) = call(
        client,
        &w.app,
        "messages/thread",
        &[("patient_id", &w.patient_id.to_string())],
    )
    .await;
    (status, serde_json::from_str(&body).ok())
}

/// A reply answering everything the nurse saw: all of it here.
async fn reply(client: &Client, w: &Ward, text: &str) -> u16 {
    reply_seen(client, w, text, i64::MAX).await
}

async fn reply_seen(client: &Client, w: &Ward, text: &str, seen_up_to: i64) -> u16 {
    let (id, seen) = (w.patient_id.to_string(), seen_up_to.to_string());
    call(
        client,
        &w.app,
        "messages/reply",
        &[("patient_id", &id), ("text", text), ("seen_up_to", &seen)],
    )
    .await
    .0
}

async fn reply_hours(client: &Client, w: &Ward, hours: &str) -> u16 {
    let centre = w.centre_id.to_string();
    call(
        client,
        &w.app,
        "messages/reply-time",
        &[("centre_id", &centre), ("hours", hours)],
    )
    .await
    .0
}

fn sent(outcome: (u16, Option<MessageOutcome>)) -> MessageOutcome {
    assert_eq!(outcome.0, 200, "{outcome:?}");
    outcome.1.expect("the outcome")
}

async fn a_message_waits_until_the_nurse_replies_and_the_patient_is_told(kind: Kind) {
    let receiver = Receiver::start().await;
    let w = ward(kind).await;
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let patient = w.app.signed_in("ann@example.org").await;
    let caregiver = w.app.signed_in("carer@example.org").await;
    subscribe(&patient, &w.app, &receiver.endpoint("ann"), P256DH, AUTH).await;
    let plain = sent(send(&patient, &w, "  Can I shower with the line in?  ", false).await);
    assert_eq!((plain.sent, plain.advice), (true, None));
    assert!(sent(send(&caregiver, &w, "Where do we collect the prescription?", false).await).sent);

    let seen = thread(&w.nurse, &w).await.1.expect("the thread");
    assert!(
        seen.can_reply && !seen.can_write,
        "the nurse replies, and does not write as the patient"
    );
    let texts: Vec<&str> = seen.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Can I shower with the line in?",
            "Where do we collect the prescription?"
        ]
    );
    assert!(seen.messages.iter().all(|m| m.waiting && !m.from_team));
    assert_eq!(
        (seen.waited_hours, seen.overdue, seen.reply_hours),
        (Some(0), false, 48)
    );
    let waiting = call_list(&w.nurse, &w.app, "messages/waiting").await;
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(
        (waiting[0]["count"].as_i64(), waiting[0]["overdue"].as_bool()),
        (Some(2), Some(false))
    );

    // Two days and an hour later: past the centre's 48 hours; an admin promising 72 makes it not.
    w.app.clock.advance(49 * 3600);
    let waiting = call_list(&w.nurse, &w.app, "messages/waiting").await;
    assert_eq!(
        (waiting[0]["waited_hours"].as_i64(), waiting[0]["overdue"].as_bool()),
        (Some(49), Some(true))
    );
    assert!(
        thread(&patient, &w).await.1.expect("thread").overdue,
        "the patient sees it too"
    );
    w.app.user(Role::Admin, "admin@example.org", None).await;
    let admin = w.app.signed_in("admin@example.org").await;
    assert_eq!(reply_hours(&admin, &w, "72").await, 200);
    let waiting = call_list(&w.nurse, &w.app, "messages/waiting").await;
    assert_eq!(
        (waiting[0]["reply_hours"].as_i64(), waiting[0]["overdue"].as_bool()),
        (Some(72), Some(false))
    );

    assert_eq!(
        reply(&w.nurse, &w, "Yes, with the waterproof cover we gave you.").await,
        200
    );
    let after = thread(&patient, &w).await.1.expect("thread");
    assert_eq!(after.messages.len(), 3);
    let answer = &after.messages[2];
    assert!(
        answer.from_team && !answer.mine && answer.author == "nurse@leuven.example",
        "{answer:?}"
    );
    assert!(after.messages.iter().all(|m| !m.waiting) && after.waited_hours.is_none());
    assert!(call_list(&w.nurse, &w.app, "messages/waiting").await.is_empty());

    // Each of the patient's side is told, held through their quiet hours at most.
    let told: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT user_id, url, state FROM reminders WHERE rule = 'team-replied' ORDER BY user_id")
            .fetch_all(&w.app.db.pool)
            .await
            .expect("notices");
    let url = format!("/patients/{}#messages", w.patient_id);
    assert_eq!(
        told,
        [
            (w.patient_id, url.clone(), "pending".into()),
            (carer, url.clone(), "pending".into())
        ]
    );
    w.app.clock.advance(10 * 3600);
    let inbox = call_list(&patient, &w.app, "inbox/list").await;
    let item = inbox.iter().find(|i| i["url"] == url.as_str()).expect("in the inbox");
    assert_eq!(item["title"], "Your care team replied");
    w.app.dispatcher.run_until_idle().await.expect("dispatch");
    let pushed = receiver.received("ann");
    let notice = format!("reminder-{}", item["id"]);
    assert!(
        pushed.iter().any(|p| p.topic == notice),
        "pushed to the patient's phone: {pushed:?}"
    );

    assert_eq!(audited_about(&w.app, "messages.send", w.patient_id).await, 2);
    assert_eq!(audited_about(&w.app, "messages.reply", w.patient_id).await, 1);
    assert!(audited_about(&w.app, "messages.read", w.patient_id).await >= 3);
    assert!(audited_about(&w.app, "messages.waiting", w.patient_id).await >= 3);
    assert_eq!(audited(&w.app, "messages.reply_time").await, 1);
}

async fn a_red_flag_is_held_back_until_its_writer_saw_the_advice(kind: Kind) {
    let w = ward(kind).await;
    let patient = w.app.signed_in("ann@example.org").await;
    // Another patient of the centre wrote first, without a red flag.
    let bob_id = w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    let bob = w.app.signed_in("bob@example.org").await;
    let (status, _) = call(
        &bob,
        &w.app,
        "messages/send",
        &[
            ("patient_id", &bob_id.to_string()),
            ("text", "Parking?"),
            ("confirmed", "false"),
        ],
    )
    .await;
    assert_eq!(status, 200);

    let words = "He seems confused tonight and has 39,2";
    let held = sent(send(&patient, &w, words, false).await);
    assert_eq!((held.sent, held.advice), (false, Some(Advice::CallCareTeam)));
    assert!(
        thread(&patient, &w).await.1.expect("thread").messages.is_empty(),
        "not stored"
    );
    assert_eq!(audited_about(&w.app, "messages.send", w.patient_id).await, 0);
    let crisis = sent(send(&patient, &w, "Ich will nicht mehr leben", false).await);
    assert_eq!((crisis.sent, crisis.advice), (false, Some(Advice::Crisis)));

    let went = sent(send(&patient, &w, words, true).await);
    assert_eq!((went.sent, went.advice), (true, Some(Advice::CallCareTeam)));
    let seen = thread(&w.nurse, &w).await.1.expect("thread");
    assert_eq!(
        seen.messages[0].advice,
        Some(Advice::CallCareTeam),
        "the team sees it came past the advice"
    );
    let own = thread(&patient, &w).await.1.expect("thread");
    assert_eq!(own.messages[0].advice, None, "the writer saw it already");
    // A third writes later, past crisis advice.
    let cy_id = w.app.user(Role::Patient, "cy@example.org", Some(w.centre_id)).await;
    let cy = w.app.signed_in("cy@example.org").await;
    let form = [
        ("patient_id", cy_id.to_string()),
        ("text", "Je n'ai plus envie de vivre".into()),
        ("confirmed", "true".into()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(call(&cy, &w.app, "messages/send", &form).await.0, 200);
    // Red flags first, the worst first, though Bob has waited longest.
    let waiting = call_list(&w.nurse, &w.app, "messages/waiting").await;
    let order: Vec<i64> = waiting.iter().filter_map(|t| t["patient_id"].as_i64()).collect();
    assert_eq!(order, [cy_id, w.patient_id, bob_id]);
    assert_eq!(
        (&waiting[0]["advice"], &waiting[1]["advice"]),
        (&json!("crisis"), &json!("call_care_team"))
    );
    assert!(waiting[2]["advice"].is_null());
}

async fn nobody_else_reads_or_writes_a_thread_and_bad_messages_are_refused(kind: Kind) {
    let w = ward(kind).await;
    let patient = w.app.signed_in("ann@example.org").await;
    assert!(sent(send(&patient, &w, "Will I lose my hair?", false).await).sent);
    w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    let elsewhere = w.app.centre("Elsewhere").await;
    w.app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    w.app.user(Role::Researcher, "res@example.org", None).await;
    w.app.user(Role::Caregiver, "stranger@example.org", None).await;
    for email in [
        "bob@example.org",
        "nurse@elsewhere.example",
        "res@example.org",
        "stranger@example.org",
    ] {
        let other = w.app.signed_in(email).await;
        assert_eq!(thread(&other, &w).await.0, 403, "{email} reads");
        assert_eq!(send(&other, &w, "x", false).await.0, 403, "{email} writes");
        assert_eq!(reply(&other, &w, "x").await, 403, "{email} replies");
    }
    let other_nurse = w.app.signed_in("nurse@elsewhere.example").await;
    assert!(
        call_list(&other_nurse, &w.app, "messages/waiting").await.is_empty(),
        "another centre's"
    );
    assert_eq!(send(&w.nurse, &w, "x", false).await.0, 403, "the nurse replies instead");
    assert_eq!(reply(&patient, &w, "x").await, 403, "the patient writes instead");
    assert_eq!(reply_hours(&w.nurse, &w, "24").await, 403, "admins set the promise");
    assert_eq!(send(&Client::new(), &w, "x", false).await.0, 401);

    // Empty, too long, too many waiting: refused with the problem; nothing stored.
    assert_eq!(send(&patient, &w, "   ", false).await.0, 422);
    assert_eq!(send(&patient, &w, &"?".repeat(MAX_CHARS + 1), false).await.0, 422);
    assert_eq!(reply(&w.nurse, &w, " ").await, 422);
    for n in 1..MAX_WAITING {
        assert!(sent(send(&patient, &w, &format!("Question {n}"), false).await).sent);
    }
    let (status, _) = send(&patient, &w, "One more", false).await;
    assert_eq!(status, 422, "{MAX_WAITING} wait already");
    let seen = thread(&patient, &w).await.1.expect("thread");
    assert_eq!(seen.messages.len() as i64, MAX_WAITING);
    w.app.user(Role::Admin, "admin@example.org", None).await;
    let admin = w.app.signed_in("admin@example.org").await;
    for bad in ["0", "169", "-1", "many"] {
        assert!(matches!(reply_hours(&admin, &w, bad).await, 400 | 422), "{bad}");
    }
    // A reply answers what the nurse saw: the patient may write again.
    assert_eq!(reply(&w.nurse, &w, "We will call you today.").await, 200);
    assert!(sent(send(&patient, &w, "Thank you", false).await).sent);
    // One sent while the nurse was writing still waits after the reply.
    let seen = thread(&w.nurse, &w).await.1.expect("thread");
    let last_seen = seen.messages.iter().map(|m| m.id).max().expect("messages");
    assert!(sent(send(&patient, &w, "And one more thing: my pills?", false).await).sent);
    assert_eq!(reply_seen(&w.nurse, &w, "You're welcome.", last_seen).await, 200);
    let after = thread(&patient, &w).await.1.expect("thread");
    let waiting: Vec<&str> = after
        .messages
        .iter()
        .filter(|m| m.waiting)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(waiting, ["And one more thing: my pills?"]);
    let listed = call_list(&w.nurse, &w.app, "messages/waiting").await;
    assert_eq!(listed[0]["count"].as_i64(), Some(1), "still on the nurses' list");
    // The advice a writer saw is the team's to read, not the caregiver's or the patient's.
    assert!(after.messages.iter().all(|m| m.advice.is_none()));
}
