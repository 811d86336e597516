//! The role matrix, route by route: who may call each server function about a patient of
//! another centre, another patient, or their own. Anything not allowed is refused.
use crate::helpers::{call, client, spawn, Kind};
use crate::on_both_databases;
use app::domain::role::Role;
use server::storage::accounts;

on_both_databases!(every_role_is_refused_every_route_it_may_not_use);

async fn every_role_is_refused_every_route_it_may_not_use(kind: Kind) {
    let app = spawn(kind).await;
    let a = app.centre("Centre A").await;
    let b = app.centre("Centre B").await;
    app.user(Role::Nurse, "nurse.a@example.org", Some(a)).await;
    let a1 = app.user(Role::Patient, "a1@example.org", Some(a)).await;
    let a2 = app.user(Role::Patient, "a2@example.org", Some(a)).await;
    let b1 = app.user(Role::Patient, "b1@example.org", Some(b)).await;
    let carer = app.user(Role::Caregiver, "carer@example.org", None).await;
    accounts::link_caregiver(&app.db.pool, carer, a1, None).await.unwrap();
    let carer_b = app.user(Role::Caregiver, "carer.b@example.org", None).await;
    accounts::link_caregiver(&app.db.pool, carer_b, b1, None).await.unwrap();
    app.user(Role::Researcher, "researcher@example.org", None).await;

    let admin_id = app.user(Role::Admin, "admin@example.org", None).await;
    // A nurse of centre B that this admin made, waiting for a second person.
    let waiting_b = app.user(Role::Nurse, "new.nurse.b@example.org", Some(b)).await;
    server::storage::account_controls::await_second_person(&app.db.pool, waiting_b, admin_id)
        .await
        .expect("waiting");
    let waiting_b = waiting_b.to_string();
    let (a2, b1, carer_b) = (a2.to_string(), b1.to_string(), carer_b.to_string());
    let invite = |patient: &str| {
        vec![
            ("patient_id", patient.to_string()),
            ("form[name]", "X".into()),
            ("form[email]", format!("x{patient}@example.org")),
        ]
    };
    // Every call about someone the caller has no business with: another centre's patient
    // (b1), a fellow patient (a2), another centre's caregiver.
    let foreign_calls: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("caregivers/list", vec![("patient_id", b1.clone())]),
        ("caregivers/list", vec![("patient_id", a2.clone())]),
        ("caregivers/invite", invite(&b1)),
        ("caregivers/invite", invite(&a2)),
        (
            "caregivers/revoke",
            vec![("patient_id", b1.clone()), ("caregiver_id", carer_b.clone())],
        ),
        (
            "caregivers/cancel-invitation",
            vec![("patient_id", b1.clone()), ("invitation_id", "1".into())],
        ),
        ("codes/reissue", vec![("user_id", b1.clone())]),
        ("codes/reissue", vec![("user_id", carer_b.clone())]),
    ];
    let who = [
        (None, 401),
        (Some("a1@example.org"), 403),
        (Some("carer@example.org"), 403),
        (Some("nurse.a@example.org"), 403),
        (Some("researcher@example.org"), 403),
        (Some("admin@example.org"), 403),
    ];
    for (email, refused) in who {
        let browser = match email {
            Some(email) => app.signed_in(email).await,
            None => client(),
        };
        for (endpoint, form) in &foreign_calls {
            // A fellow patient of centre A is the nurse's own business (tested elsewhere).
            let about_a2 = form.iter().any(|(_, v)| *v == a2);
            if about_a2 && email == Some("nurse.a@example.org") {
                continue;
            }
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = call(&browser, &app, endpoint, &form).await;
            assert_eq!(status, refused, "{email:?} {endpoint} {form:?}: {body}");
        }
        // Staff-only routes, for everyone but the admin.
        if email != Some("admin@example.org") {
            for endpoint in ["audit/list", "centres/create", "staff/create"] {
                let (status, _) = call(
                    &browser,
                    &app,
                    endpoint,
                    &[
                        ("role", "nurse"),
                        ("centre_id", ""),
                        ("form[name]", "n"),
                        ("form[email]", "n@x.org"),
                        ("form[country]", "BE"),
                        ("form[time_zone]", "UTC"),
                        ("form[hotline]", "+3216000000"),
                    ],
                )
                .await;
                assert_eq!(status, refused, "{email:?} {endpoint}");
            }
        }
        // Deactivating is the admin's; confirming another centre's waiting nurse is nobody's
        // here (the admin of this matrix made it wait).
        if email != Some("admin@example.org") {
            let (status, _) = call(
                &browser,
                &app,
                "accounts/active",
                &[("user_id", &b1), ("active", "false")],
            )
            .await;
            assert_eq!(status, refused, "{email:?} accounts/active");
        }
        let (status, _) = call(&browser, &app, "staff/confirm", &[("user_id", &waiting_b)]).await;
        assert_eq!(status, refused, "{email:?} staff/confirm");
        // Only a nurse enrols, and only into their own centre (it is not a parameter).
        if email != Some("nurse.a@example.org") {
            let enrol = [
                ("form[full_name]", "E"),
                ("form[date_of_birth]", "1960-01-01"),
                ("form[sex]", "female"),
                ("form[email]", "e@x.org"),
                ("form[phone]", "+3216000000"),
                ("form[locale]", "en"),
                ("form[time_zone]", ""),
            ];
            assert_eq!(
                call(&browser, &app, "patients/enrol", &enrol).await.0,
                refused,
                "{email:?} enrol"
            );
        }
    }
    // Nothing was created or revoked along the way.
    assert_eq!(crate::helpers::count(&app, "users").await, 9);
    assert_eq!(crate::helpers::count(&app, "caregiver_links").await, 2);
    let revoked: i64 = sqlx::Row::get(
        &sqlx::query("SELECT COUNT(*) AS n FROM caregiver_links WHERE revoked_at IS NOT NULL")
            .fetch_one(&app.db.pool)
            .await
            .unwrap(),
        "n",
    );
    assert_eq!(revoked, 0);
}

on_both_databases!(a_caregiver_of_patients_at_two_centres_is_reset_only_by_a_nurse_of_both);

async fn a_caregiver_of_patients_at_two_centres_is_reset_only_by_a_nurse_of_both(kind: Kind) {
    let app = spawn(kind).await;
    let a = app.centre("Centre A").await;
    let b = app.centre("Centre B").await;
    app.user(Role::Nurse, "nurse.a@example.org", Some(a)).await;
    app.user(Role::Nurse, "nurse.b@example.org", Some(b)).await;
    let a1 = app.user(Role::Patient, "a1@example.org", Some(a)).await;
    let b1 = app.user(Role::Patient, "b1@example.org", Some(b)).await;
    let carer = app.user(Role::Caregiver, "carer@example.org", None).await;
    accounts::link_caregiver(&app.db.pool, carer, a1, None).await.unwrap();
    accounts::link_caregiver(&app.db.pool, carer, b1, None).await.unwrap();
    let carer = carer.to_string();
    for nurse in ["nurse.a@example.org", "nurse.b@example.org"] {
        let browser = app.signed_in(nurse).await;
        let (status, _) = call(&browser, &app, "codes/reissue", &[("user_id", &carer)]).await;
        assert_eq!(
            status, 403,
            "{nurse} alone could take over access to the other centre's patient"
        );
    }
}
