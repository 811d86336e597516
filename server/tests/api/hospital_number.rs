//! The hospital's own patient number, recorded by a nurse at enrolment: optional, plain,
//! unique within a centre (another centre may use the same), and refused with nothing saved.
//! That it never reaches a researcher is checked with the other identifiers in
//! `research_export.rs` (the synthetic patients have one each). After enrolment, the nurses
//! of the patient's centre alone read it and correct or clear it, each audit-logged.
use crate::helpers::{audited_about, call, count, spawn, Kind, TestApp};
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(
    a_hospital_number_is_recorded_at_enrolment_once_per_centre,
    only_the_centre_s_nurses_read_and_correct_a_hospital_number
);

async fn enrol(app: &TestApp, nurse: &reqwest::Client, email: &str, number: &str) -> (u16, String) {
    let form = [
        ("form[full_name]", "Jan Peeters"),
        ("form[date_of_birth]", "1958-02-28"),
        ("form[sex]", "male"),
        ("form[email]", email),
        ("form[phone]", "+32 470 11 22 33"),
        ("form[locale]", "nl"),
        ("form[time_zone]", ""),
        ("form[hospital_number]", number),
    ];
    call(nurse, app, "patients/enrol", &form).await
}

async fn number_of(app: &TestApp, email: &str) -> Option<String> {
    sqlx::query_scalar("SELECT p.hospital_number FROM patients p JOIN users u ON u.id = p.user_id WHERE u.email = $1")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .expect("patient")
}

async fn a_hospital_number_is_recorded_at_enrolment_once_per_centre(kind: Kind) {
    let app = spawn(kind).await;
    let north = app.centre("North").await;
    let south = app.centre("South").await;
    app.user(Role::Nurse, "nurse@north.example", Some(north)).await;
    app.user(Role::Nurse, "nurse@south.example", Some(south)).await;
    let nurse = app.signed_in("nurse@north.example").await;
    let (status, body) = enrol(&app, &nurse, "jan@example.org", " MRN-2026/0042 ").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        number_of(&app, "jan@example.org").await.as_deref(),
        Some("MRN-2026/0042")
    );
    let (status, body) = enrol(&app, &nurse, "no.number@example.org", "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(number_of(&app, "no.number@example.org").await, None);

    // The same number again in the centre: refused on its field, and nobody is created.
    let before = count(&app, "users").await;
    let (status, body) = enrol(&app, &nurse, "piet@example.org", "MRN-2026/0042").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("hospital_number") && body.contains("HospitalNumberTaken"),
        "{body}"
    );
    let (status, body) = enrol(&app, &nurse, "piet@example.org", "MRN 42; DROP").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("HospitalNumberInvalid"), "{body}");
    assert_eq!(count(&app, "users").await, before);

    // Another hospital may number its own patients alike.
    let south_nurse = app.signed_in("nurse@south.example").await;
    let (status, body) = enrol(&app, &south_nurse, "els@example.org", "MRN-2026/0042").await;
    assert_eq!(status, 200, "{body}");
    // The enrolment form offers the field.
    let page = crate::helpers::page_text(&nurse, &app, "/").await;
    assert!(page.contains("form[hospital_number]"), "the nurse's page has the field");
}

async fn only_the_centre_s_nurses_read_and_correct_a_hospital_number(kind: Kind) {
    let app = spawn(kind).await;
    let north = app.centre("North").await;
    let south = app.centre("South").await;
    app.user(Role::Nurse, "nurse@north.example", Some(north)).await;
    app.user(Role::Nurse, "nurse@south.example", Some(south)).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    let jan = app.user(Role::Patient, "jan@example.org", Some(north)).await;
    let kim = app.user(Role::Patient, "kim@example.org", Some(north)).await;
    let id = jan.to_string();
    let nurse = app.signed_in("nurse@north.example").await;
    let send = |client: &reqwest::Client, patient: i64, number: &str| {
        let form = [("patient_id", patient.to_string()), ("number", number.to_string())];
        let (client, app) = (client.clone(), &app);
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            call(&client, app, "patients/hospital-number/set", &form).await
        }
    };

    let (status, body) = call(&nurse, &app, "patients/hospital-number", &[("patient_id", &id)]).await;
    assert_eq!((status, body.as_str()), (200, "null"));
    let (status, body) = send(&nurse, jan, " MRN-7 ").await;
    assert_eq!((status, body.as_str()), (200, "\"MRN-7\""));
    assert_eq!(number_of(&app, "jan@example.org").await.as_deref(), Some("MRN-7"));
    let (status, body) = send(&nurse, jan, "MRN 7; DROP").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("\"number\"") && body.contains("HospitalNumberInvalid"),
        "{body}"
    );
    // Jan has it: Kim may not have it too, and Jan keeps his.
    let (status, _) = send(&nurse, kim, "MRN-7").await;
    assert_eq!(status, 422);
    assert_eq!(number_of(&app, "jan@example.org").await.as_deref(), Some("MRN-7"));
    assert_eq!(audited_about(&app, "patient.hospital_number_changed", jan).await, 1);
    assert_eq!(audited_about(&app, "patient.hospital_number.read", jan).await, 1);

    // Nobody else reads or writes it: another centre's nurse, an admin, the patient himself.
    for email in ["nurse@south.example", "admin@example.org", "jan@example.org"] {
        let other = app.signed_in(email).await;
        let (status, _) = call(&other, &app, "patients/hospital-number", &[("patient_id", &id)]).await;
        assert_eq!(status, 403, "{email} reads");
        let (status, _) = send(&other, jan, "MRN-9").await;
        assert_eq!(status, 403, "{email} writes");
    }
    assert_eq!(number_of(&app, "jan@example.org").await.as_deref(), Some("MRN-7"));

    // Cleared with an empty number; the patient page offers the panel.
    assert_eq!(send(&nurse, jan, "").await.1, "null");
    assert_eq!(number_of(&app, "jan@example.org").await, None);
    let page = crate::helpers::page_text(&nurse, &app, &format!("/patients/{jan}")).await;
    assert!(
        page.contains("id=\"hospital-number\""),
        "the patient page has the panel"
    );
}
