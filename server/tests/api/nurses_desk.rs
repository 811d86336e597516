//! The nurses' desk over HTTP: flags and patients given to a nurse of the centre, admission,
//! and nursing notes that only the centre's nurses read, each write and read audited.
use crate::helpers::{audited_about, call, Kind};
use crate::on_both_databases;
use crate::timeline::{ward, Ward};
use app::{api::desk::DeskView, domain::role::Role};
use reqwest::Client;
use serde_json::Value;

on_both_databases!(
    nurses_keep_dated_notes_that_only_the_centre_s_nurses_read,
    a_patient_and_a_flag_are_given_to_a_nurse_of_the_centre_only,
);

async fn desk(client: &Client, w: &Ward) -> (u16, Option<DeskView>) {
    let (status, body) = call(
        client,
        &w.app,
        "desk/patient",
        &[("patient_id", &w.patient_id.to_string())],
    )
    .await;
    (status, serde_json::from_str(&body).ok())
}

async fn note(client: &Client, w: &Ward, text: &str) -> u16 {
    call(
        client,
        &w.app,
        "desk/note",
        &[("patient_id", &w.patient_id.to_string()), ("text", text)],
    )
    .await
    .0
}

/// The patient, a caregiver of theirs, a nurse and an admin of another centre.
async fn outsiders(w: &Ward) -> Vec<(&'static str, Client)> {
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let outside = w.app.centre("Outside").await;
    w.app.user(Role::Nurse, "nurse@outside.example", Some(outside)).await;
    w.app.user(Role::Admin, "admin@example.org", None).await;
    let mut out = Vec::new();
    for (who, email) in [
        ("patient", "ann@example.org"),
        ("caregiver", "carer@example.org"),
        ("other centre's nurse", "nurse@outside.example"),
        ("admin", "admin@example.org"),
    ] {
        out.push((who, w.app.signed_in(email).await));
    }
    out
}

async fn nurses_keep_dated_notes_that_only_the_centre_s_nurses_read(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(
        note(&w.nurse, &w, "Called: phone was off, feeling fine, diary tonight.").await,
        200
    );
    assert_eq!(note(&w.nurse, &w, "   ").await, 422);
    assert_eq!(note(&w.nurse, &w, &"x".repeat(2001)).await, 422);
    let (status, seen) = desk(&w.nurse, &w).await;
    assert_eq!(status, 200);
    let seen = seen.expect("the desk");
    assert_eq!(seen.notes.len(), 1);
    assert_eq!(
        seen.notes[0].text,
        "Called: phone was off, feeling fine, diary tonight."
    );
    assert_eq!(seen.notes[0].author, "nurse@leuven.example");
    assert_eq!(seen.admitted_since, None);
    assert_eq!(audited_about(&w.app, "nursing_note.written", w.patient_id).await, 1);
    assert_eq!(audited_about(&w.app, "desk.read", w.patient_id).await, 1);

    // A second nurse of the centre reads it too; nobody else reads or writes.
    w.app
        .user(Role::Nurse, "second@leuven.example", Some(w.centre_id))
        .await;
    let second = w.app.signed_in("second@leuven.example").await;
    assert_eq!(desk(&second, &w).await.1.map(|d| d.notes.len()), Some(1));
    for (who, client) in outsiders(&w).await {
        assert_eq!(desk(&client, &w).await.0, 403, "{who} reads");
        assert_eq!(note(&client, &w, "hello").await, 403, "{who} writes");
        let form = [
            ("patient_id", w.patient_id.to_string()),
            ("admitted", "true".to_string()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            call(&client, &w.app, "desk/admitted", &form).await.0,
            403,
            "{who} admits"
        );
    }
    let anonymous = crate::helpers::client();
    assert_eq!(desk(&anonymous, &w).await.0, 401);
    assert_eq!(audited_about(&w.app, "nursing_note.written", w.patient_id).await, 1);
}

async fn a_patient_and_a_flag_are_given_to_a_nurse_of_the_centre_only(kind: Kind) {
    let w = ward(kind).await;
    let second = w
        .app
        .user(Role::Nurse, "second@leuven.example", Some(w.centre_id))
        .await;
    let elsewhere = w.app.centre("Elsewhere").await;
    let stranger = w
        .app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    let id = w.patient_id.to_string();
    let assign = |nurse: i64| {
        let (app, client, id) = (&w.app, w.nurse.clone(), id.clone());
        async move {
            call(
                &client,
                app,
                "desk/assign",
                &[("patient_id", &id), ("nurse_id", &nurse.to_string())],
            )
            .await
            .0
        }
    };
    assert_eq!(assign(stranger).await, 422, "another centre's nurse");
    assert_eq!(assign(w.patient_id).await, 422, "not a nurse");
    assert_eq!(assign(second).await, 200);
    assert_eq!(desk(&w.nurse, &w).await.1.and_then(|d| d.assigned_to), Some(second));
    assert_eq!(assign(0).await, 200);
    assert_eq!(desk(&w.nurse, &w).await.1.and_then(|d| d.assigned_to), None);
    assert_eq!(audited_about(&w.app, "patient.assigned", w.patient_id).await, 2);

    // A flag: raised by a fever in the diary, given to the second nurse.
    let ann = w.app.signed_in("ann@example.org").await;
    let diary = crate::answers::submission(&w, "d-fever", "symptom-diary", crate::answers::calm_diary(39.0));
    assert_eq!(crate::answers::send(&ann, &w, &diary).await.0, 200);
    let (_, body) = call(&w.nurse, &w.app, "flags/queue", &[]).await;
    let queue: Value = serde_json::from_str(&body).expect("json");
    let flag = queue["rows"][0]["id"].to_string();
    let nurses: Vec<&str> = queue["nurses"]
        .as_array()
        .expect("nurses")
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert_eq!(nurses, ["nurse@leuven.example", "second@leuven.example"]);
    let give = |client: Client, nurse: i64| {
        let (app, flag) = (&w.app, flag.clone());
        async move {
            call(
                &client,
                app,
                "flags/assign",
                &[("id", &flag), ("nurse_id", &nurse.to_string())],
            )
            .await
            .0
        }
    };
    assert_eq!(give(w.nurse.clone(), stranger).await, 422);
    assert_eq!(give(w.nurse.clone(), second).await, 200);
    let (_, body) = call(&w.nurse, &w.app, "flags/queue", &[]).await;
    let queue: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(queue["rows"][0]["assignee"], "second@leuven.example");
    assert_eq!(audited_about(&w.app, "flag.assigned", w.patient_id).await, 1);
    for (who, client) in outsiders(&w).await {
        let status = give(client, second).await;
        assert!(status == 403 || status == 404, "{who}: {status}");
    }
}
