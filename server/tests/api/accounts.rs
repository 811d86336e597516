//! Getting people in: enrolment, caregivers, staff, centres and fresh codes.
use crate::helpers::{call, count, issued_code, location, redeem, spawn, Kind, TestApp, PASSWORD};
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(
    a_nurse_enrols_a_patient_who_then_sets_a_password,
    enrolment_problems_come_back_field_by_field_and_nothing_is_saved,
    a_patient_invites_and_revokes_a_caregiver,
    an_admin_adds_centres_and_staff,
    fresh_codes_void_old_ones_and_only_the_right_people_issue_them,
    only_admins_read_the_audit_log,
);

fn enrolment<'a>(email: &'a str, dob: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("form[full_name]", "Jan Peeters"),
        ("form[date_of_birth]", dob),
        ("form[sex]", "male"),
        ("form[email]", email),
        ("form[phone]", "+32 470 11 22 33"),
        ("form[locale]", "nl"),
        ("form[time_zone]", ""),
    ]
}

async fn centre_with_nurse(app: &TestApp, name: &str, nurse: &str) -> i64 {
    let centre = app.centre(name).await;
    app.user(Role::Nurse, nurse, Some(centre)).await;
    centre
}

async fn a_nurse_enrols_a_patient_who_then_sets_a_password(kind: Kind) {
    let app = spawn(kind).await;
    centre_with_nurse(&app, "North", "nurse@north.example").await;
    let nurse = app.signed_in("nurse@north.example").await;
    let (status, body) = call(
        &nurse,
        &app,
        "patients/enrol",
        &enrolment("jan@example.org", "1958-02-28"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Jan Peeters"));
    let code = issued_code(&body);
    assert_eq!(
        redeem(&app, &code, "a password of my own").await,
        "/login?notice=password-set"
    );
    let patient = crate::helpers::client();
    let response = app.sign_in(&patient, "jan@example.org", "a password of my own").await;
    assert_eq!(crate::helpers::location(&response), "/");
    let home = patient.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(
        home.contains("+32 16 33 22 11"),
        "the patient sees their centre's hotline"
    );
    // The patient's language was recorded at enrolment; their time zone is the centre's.
    assert!(home.contains("<html lang=\"nl\""), "{}", &home[..200]);
    let zone: String = sqlx::Row::get(
        &sqlx::query("SELECT time_zone FROM users WHERE email = 'jan@example.org'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap(),
        "time_zone",
    );
    assert_eq!(zone, "Europe/Brussels");
}

async fn enrolment_problems_come_back_field_by_field_and_nothing_is_saved(kind: Kind) {
    let app = spawn(kind).await;
    centre_with_nurse(&app, "North", "nurse@north.example").await;
    let nurse = app.signed_in("nurse@north.example").await;
    let before = (count(&app, "users").await, count(&app, "invitations").await);
    let (status, body) = call(&nurse, &app, "patients/enrol", &enrolment("not-an-email", "2999-01-01")).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("\"field\":\"email\"") && body.contains("EmailInvalid"),
        "{body}"
    );
    assert!(
        body.contains("\"field\":\"date_of_birth\"") && body.contains("DateInFuture"),
        "{body}"
    );
    assert_eq!((count(&app, "users").await, count(&app, "invitations").await), before);

    // An email already in use is refused as such, and the first account is untouched.
    let (status, body) = call(
        &nurse,
        &app,
        "patients/enrol",
        &enrolment("nurse@north.example", "1958-02-28"),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("EmailTaken"), "{body}");
    assert_eq!(
        (count(&app, "users").await, count(&app, "patients").await),
        (before.0, 0)
    );

    // A form missing its fields altogether is refused without a crash.
    let (status, _) = call(&nurse, &app, "patients/enrol", &[("form[full_name]", "x")]).await;
    assert_eq!(status, 400);
}

async fn a_patient_invites_and_revokes_a_caregiver(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    let patient_id = app.user(Role::Patient, "p@north.example", Some(centre)).await;
    let patient = app.signed_in("p@north.example").await;
    let id = patient_id.to_string();
    let (status, body) = call(
        &patient,
        &app,
        "caregivers/invite",
        &[
            ("patient_id", &id),
            ("form[name]", "Mia"),
            ("form[email]", "mia@example.org"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        redeem(&app, &issued_code(&body), "mia's own password").await,
        "/login?notice=password-set"
    );

    let caregiver = crate::helpers::client();
    app.sign_in(&caregiver, "mia@example.org", "mia's own password").await;
    let home = caregiver.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("Caring for Patient p@north.example"), "{home}");

    let (_, list) = call(&patient, &app, "caregivers/list", &[("patient_id", &id)]).await;
    let caregiver_id = serde_json::from_str::<serde_json::Value>(&list).unwrap()[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let (status, _) = call(
        &patient,
        &app,
        "caregivers/revoke",
        &[("patient_id", &id), ("caregiver_id", &caregiver_id)],
    )
    .await;
    assert_eq!(status, 200);
    // Revocation takes effect on the caregiver's very next request.
    let home = caregiver.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(
        home.contains("Signed in as Mia"),
        "still signed in, just without access: {home}"
    );
    assert!(!home.contains("Patient p@north.example"), "{home}");
    let (status, list) = call(&patient, &app, "caregivers/list", &[("patient_id", &id)]).await;
    assert_eq!((status, list.as_str()), (200, "[]"));
}

async fn an_admin_adds_centres_and_staff(kind: Kind) {
    let app = spawn(kind).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    let admin = app.signed_in("admin@example.org").await;
    let centre = [
        ("form[name]", "South"),
        ("form[country]", "fr"),
        ("form[time_zone]", "Europe/Paris"),
        ("form[hotline]", "+33 1 23 45 67 89"),
    ];
    let (status, centre_id) = call(&admin, &app, "centres/create", &centre).await;
    assert_eq!(status, 200, "{centre_id}");

    let nurse = [
        ("role", "nurse"),
        ("centre_id", centre_id.as_str()),
        ("form[name]", "Nora"),
        ("form[email]", "nora@south.example"),
    ];
    let (status, body) = call(&admin, &app, "staff/create", &nurse).await;
    assert_eq!(status, 200, "{body}");
    redeem(&app, &issued_code(&body), "nora's own password").await;
    // Attack: the admin takes the code the page returned, and signs in as the new nurse.
    // One person is not enough: the account waits for a second one (before: signed in and
    // read the centre's patients).
    let nora = crate::helpers::client();
    let refused = app.sign_in(&nora, "nora@south.example", "nora's own password").await;
    assert_eq!(location(&refused), "/login?error=awaiting");
    let nora_id: String = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = 'nora@south.example'")
        .fetch_one(&app.db.pool)
        .await
        .expect("nora")
        .to_string();
    assert_eq!(
        call(&admin, &app, "staff/confirm", &[("user_id", &nora_id)]).await.0,
        403,
        "not by the admin who made it"
    );
    let (_, waiting) = call(&admin, &app, "staff/awaiting", &[]).await;
    assert_eq!(waiting, "[]", "the maker is not offered to confirm");
    app.user(Role::Admin, "second.admin@example.org", None).await;
    let second = app.signed_in("second.admin@example.org").await;
    let (_, waiting) = call(&second, &app, "staff/awaiting", &[]).await;
    assert!(waiting.contains("nora@south.example"), "{waiting}");
    assert_eq!(
        call(&second, &app, "staff/confirm", &[("user_id", &nora_id)]).await.0,
        200
    );
    let confirmed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'account.confirmed' AND subject = $1")
            .bind(format!("user:{nora_id}"))
            .fetch_one(&app.db.pool)
            .await
            .expect("audit");
    assert_eq!(confirmed, 1);
    app.sign_in(&nora, "nora@south.example", "nora's own password").await;
    assert!(nora
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("Patients at South"));

    // A researcher too: one admin could otherwise make a researcher, approve them a project
    // as data steward, and export it alone.
    let researcher = [
        ("role", "researcher"),
        ("centre_id", ""),
        ("form[name]", "Rea"),
        ("form[email]", "rea@example.org"),
    ];
    let (status, body) = call(&admin, &app, "staff/create", &researcher).await;
    assert_eq!(status, 200, "{body}");
    redeem(&app, &issued_code(&body), "rea's own password").await;
    let rea = crate::helpers::client();
    let refused = app.sign_in(&rea, "rea@example.org", "rea's own password").await;
    assert_eq!(location(&refused), "/login?error=awaiting");
    let rea_id = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = 'rea@example.org'")
        .fetch_one(&app.db.pool)
        .await
        .expect("rea")
        .to_string();
    assert_eq!(
        call(&second, &app, "staff/confirm", &[("user_id", &rea_id)]).await.0,
        200
    );
    assert_eq!(
        location(&app.sign_in(&rea, "rea@example.org", "rea's own password").await),
        "/"
    );

    let no_centre = [
        ("role", "nurse"),
        ("centre_id", ""),
        ("form[name]", "N"),
        ("form[email]", "n2@south.example"),
    ];
    let (status, body) = call(&admin, &app, "staff/create", &no_centre).await;
    assert_eq!(status, 422);
    assert!(body.contains("centre_id"), "{body}");
    let patient = [
        ("role", "patient"),
        ("centre_id", ""),
        ("form[name]", "P"),
        ("form[email]", "p@south.example"),
    ];
    let (status, _) = call(&admin, &app, "staff/create", &patient).await;
    assert_eq!(status, 422, "admins do not create patients");

    let audited: i64 = sqlx::Row::get(
        &sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('staff.created', 'centre.created')")
            .fetch_one(&app.db.pool)
            .await
            .unwrap(),
        "n",
    );
    assert_eq!(audited, 3, "the new centre, nurse and researcher are in the audit log");

    // Nobody else adds staff or centres.
    let nurse_client = nora;
    assert_eq!(call(&nurse_client, &app, "staff/create", &nurse).await.0, 403);
    assert_eq!(call(&nurse_client, &app, "centres/create", &centre).await.0, 403);
    assert_eq!(
        call(&crate::helpers::client(), &app, "centres/create", &centre).await.0,
        401
    );
}

async fn fresh_codes_void_old_ones_and_only_the_right_people_issue_them(kind: Kind) {
    let app = spawn(kind).await;
    let north = centre_with_nurse(&app, "North", "nurse@north.example").await;
    centre_with_nurse(&app, "South", "nurse@south.example").await;
    let patient = app
        .user(Role::Patient, "p@north.example", Some(north))
        .await
        .to_string();
    let staff = app.user(Role::Researcher, "r@example.org", None).await.to_string();
    app.user(Role::Admin, "admin@example.org", None).await;

    let nurse = app.signed_in("nurse@north.example").await;
    let (status, first) = call(&nurse, &app, "codes/reissue", &[("user_id", &patient)]).await;
    assert_eq!(status, 200, "{first}");
    let (_, second) = call(&nurse, &app, "codes/reissue", &[("user_id", &patient)]).await;
    assert_eq!(
        redeem(&app, &issued_code(&first), "new password 1").await,
        "/invitation?error=code-refused"
    );
    assert_eq!(
        redeem(&app, &issued_code(&second), "new password 2").await,
        "/login?notice=password-set"
    );
    assert_eq!(
        crate::helpers::location(
            &app.sign_in(&crate::helpers::client(), "p@north.example", PASSWORD)
                .await
        ),
        "/login?error=failed"
    );
    // Told once, at the next sign-in, that someone else issued a code for the account.
    let told = app
        .sign_in(&crate::helpers::client(), "p@north.example", "new password 2")
        .await;
    assert_eq!(location(&told), "/?notice=code-issued");
    let again = app
        .sign_in(&crate::helpers::client(), "p@north.example", "new password 2")
        .await;
    assert_eq!(location(&again), "/");

    let other_nurse = app.signed_in("nurse@south.example").await;
    assert_eq!(
        call(&other_nurse, &app, "codes/reissue", &[("user_id", &patient)])
            .await
            .0,
        403
    );
    assert_eq!(call(&nurse, &app, "codes/reissue", &[("user_id", &staff)]).await.0, 403);
    let admin = app.signed_in("admin@example.org").await;
    assert_eq!(call(&admin, &app, "codes/reissue", &[("user_id", &staff)]).await.0, 200);
    assert_eq!(
        call(&admin, &app, "codes/reissue", &[("user_id", &patient)]).await.0,
        403
    );
    assert_eq!(
        call(&admin, &app, "codes/reissue", &[("user_id", "999999")]).await.0,
        403
    );
}

async fn only_admins_read_the_audit_log(kind: Kind) {
    let app = spawn(kind).await;
    let north = centre_with_nurse(&app, "North", "nurse@north.example").await;
    let patient = app.user(Role::Patient, "p@north.example", Some(north)).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    let nurse = app.signed_in("nurse@north.example").await;
    nurse.get(app.url("/")).send().await.unwrap();
    assert_eq!(call(&nurse, &app, "audit/list", &[]).await.0, 403);

    let admin = app.signed_in("admin@example.org").await;
    let (status, body) = call(&admin, &app, "audit/list", &[("patient_id", &patient.to_string())]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("desk.board") && body.contains("127.0.0.1"), "{body}");
    let page = admin
        .get(app.url(&format!("/admin/audit?patient={patient}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("desk.board"), "the admin's audit page lists the read");
}
