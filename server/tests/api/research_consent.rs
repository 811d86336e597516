//! Consent to research use: the patient's and their centre's nurses' to record, every change
//! kept, and nobody else may read or change it.
use crate::{helpers::*, on_both_databases};
use app::domain::role::Role;

on_both_databases!(consent_is_the_patients_and_their_nurses_to_record);

async fn consent_is_the_patients_and_their_nurses_to_record(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Centre A").await;
    let elsewhere = app.centre("Centre B").await;
    let patient = app.user(Role::Patient, "patient@example.org", Some(centre)).await;
    app.user(Role::Nurse, "nurse@example.org", Some(centre)).await;
    app.user(Role::Nurse, "nurse.b@example.org", Some(elsewhere)).await;
    let caregiver = app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&app.db.pool, caregiver, patient, None)
        .await
        .expect("link");
    let id = patient.to_string();
    let given = |c: &str| -> bool { c.contains("\"given\":true") };

    let me = app.signed_in("patient@example.org").await;
    let (status, body) = call(&me, &app, "research/consent", &[]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"never_recorded\":true") && !given(&body));
    let (status, body) = call(&me, &app, "research/consent/set", &[("given", "true")]).await;
    assert_eq!(status, 200, "{body}");
    assert!(given(&body) && body.contains("\"via\":\"app\""), "{body}");

    // Nobody outside the patient and their centre's nurses.
    for email in ["nurse.b@example.org", "carer@example.org"] {
        let other = app.signed_in(email).await;
        assert_eq!(
            call(&other, &app, "research/consent", &[("patient_id", &id)]).await.0,
            403,
            "{email}"
        );
        let (status, _) = call(
            &other,
            &app,
            "research/consent/set",
            &[("patient_id", &id), ("given", "false")],
        )
        .await;
        assert_eq!(status, 403, "{email}");
    }
    // A patient who does not exist looks like one of another centre: no enumeration.
    let (status, _) = call(
        &me,
        &app,
        "research/consent",
        &[("patient_id", &(patient + 1000).to_string())],
    )
    .await;
    assert_eq!(status, 403);

    // The nurse records the paper form: the day it was signed is needed.
    let nurse = app.signed_in("nurse@example.org").await;
    let (status, body) = call(
        &nurse,
        &app,
        "research/consent/set",
        &[("patient_id", &id), ("given", "false")],
    )
    .await;
    assert_eq!(status, 200, "a withdrawal needs no date: {body}");
    assert!(!given(&body));
    let (status, body) = call(
        &nurse,
        &app,
        "research/consent/set",
        &[("patient_id", &id), ("given", "true")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("signed_on"), "{body}");
    let (status, body) = call(
        &nurse,
        &app,
        "research/consent/set",
        &[("patient_id", &id), ("given", "true"), ("signed_on", "2026-11-20")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(given(&body) && body.contains("\"signed_on\":\"2026-11-20\"") && body.contains("paper"));
    let (_, body) = call(&me, &app, "research/consent", &[]).await;
    assert!(
        given(&body) && body.contains("paper"),
        "the patient sees what the nurse recorded: {body}"
    );

    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM research_consents WHERE patient_id = $1")
        .bind(patient)
        .fetch_one(&app.db.pool)
        .await
        .expect("events");
    assert_eq!(events, 3, "every change is kept");
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'research.consent%' AND patient_id = $1")
            .bind(patient)
            .fetch_one(&app.db.pool)
            .await
            .expect("audit");
    assert_eq!(audited, 5, "2 reads and 3 changes");
}
