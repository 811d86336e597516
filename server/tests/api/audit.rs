use crate::helpers::{spawn, Kind};
use crate::on_both_databases;
use app::domain::role::Role;
use server::storage::audit;

on_both_databases!(
    reads_of_patient_records_are_logged_and_the_log_cannot_be_edited,
    a_list_of_many_patients_logs_one_read_each,
);

async fn reads_of_patient_records_are_logged_and_the_log_cannot_be_edited(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    let nurse = app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    let patient = app.user(Role::Patient, "p@north.example", Some(centre)).await;

    let browser = app.signed_in("nurse@north.example").await;
    browser.get(app.url("/")).send().await.unwrap();
    let entries = audit::for_patient(&app.db, patient).await.unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].actor_id, Some(nurse));
    assert_eq!(entries[0].action, "desk.board");
    assert_eq!(entries[0].client_addr, "127.0.0.1");

    let patient_browser = app.signed_in("p@north.example").await;
    patient_browser.get(app.url("/")).send().await.unwrap();
    let entries = audit::for_patient(&app.db, patient).await.unwrap();
    let actions: Vec<(Option<i64>, &str)> = entries.iter().map(|e| (e.actor_id, e.action.as_str())).collect();
    assert_eq!(
        actions,
        vec![
            (Some(nurse), "desk.board"),
            (Some(patient), "patient.home"),
            (Some(patient), "timeline.read")
        ]
    );

    // Append-only, enforced by the database itself.
    let update = sqlx::query("UPDATE audit_log SET action = 'nothing'")
        .execute(&app.db.pool)
        .await;
    let delete = sqlx::query("DELETE FROM audit_log").execute(&app.db.pool).await;
    for outcome in [update, delete] {
        let error = outcome.expect_err("the audit log refuses edits").to_string();
        assert!(error.contains("append-only"), "{error}");
    }
    assert_eq!(audit::for_patient(&app.db, patient).await.unwrap().len(), 3);
}

async fn a_list_of_many_patients_logs_one_read_each(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    let nurse = app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    let actor = app::domain::access::Actor {
        user_id: nurse,
        role: Role::Nurse,
        centre_id: Some(centre),
        linked_patient_ids: Vec::new(),
    };
    // More than one statement's worth (200 rows each), and not a multiple of it.
    let ids: Vec<i64> = (1..=450).collect();
    audit::record_reads(&app.db, &actor, "nurse.patient_list", &ids, "127.0.0.1")
        .await
        .expect("recorded");
    assert_eq!(crate::helpers::count(&app, "audit_log").await, 450);
    let last = audit::for_patient(&app.db, 450).await.expect("read");
    assert_eq!((last.len(), last[0].actor_id), (1, Some(nurse)));
}
