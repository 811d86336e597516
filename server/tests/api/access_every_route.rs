//! The role × route × record matrix: every server function, called by every role, about a
//! record of the caller's own centre (patient a1, whose caregiver and nurse are the callers)
//! and about one of another centre (patient b1), compared with who may. "May" means the call
//! gets past authorisation (any answer but 401 and 403); "may not" means 401 for nobody
//! signed in and 403 or 404 for everyone else, and no effect. Calls that end sessions come
//! last, so that every caller stays signed in until then.
use crate::answers::calm_diary;
use crate::helpers::*;
use crate::on_both_databases;
use app::domain::role::Role;
use serde_json::json;
use server::storage::accounts;

on_both_databases!(every_route_answers_every_role_on_own_and_foreign_records_as_the_rules_say);

use crate::access_calls::{about, by_role, form, rand_suffix, Call, Who, Who::*};

async fn answer(app: &TestApp, browser: &reqwest::Client, call: &Call) -> (u16, String) {
    match &call.json {
        Some(body) => {
            // A client id is the sender's: each caller sends a fresh one.
            let mut body = body.clone();
            body["submission"]["client_id"] = json!(format!("matrix-{}", rand_suffix()));
            let response = browser
                .post(app.url(&format!("/api/{}", call.endpoint)))
                .header("accept", "application/json")
                .json(&body)
                .send()
                .await
                .expect("request");
            (response.status().as_u16(), response.text().await.unwrap_or_default())
        }
        None => {
            let form: Vec<(&str, &str)> = call.form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            crate::helpers::call(browser, app, call.endpoint, &form).await
        }
    }
}

/// Refused: 401 for nobody, 403 or 404 (a record one may not know of) for the others.
/// Allowed: anything but 401 and 403 (a second revocation may well find nothing: 404).
fn judged(who: Who, may: bool, status: u16) -> bool {
    match (who, may) {
        (Nobody, _) if !may => status == 401,
        (_, false) => status == 403 || status == 404,
        (_, true) => !matches!(status, 401 | 403),
    }
}

async fn every_route_answers_every_role_on_own_and_foreign_records_as_the_rules_say(kind: Kind) {
    // Each caller makes more writes within the minute than the default 60, the rate that
    // attack_write_loop.rs tests. Here only authorisation is judged.
    let app = spawn_with(kind, |config| config.writes_per_minute = 1000).await;
    let a = app.centre("Centre A").await;
    let b = app.centre("Centre B").await;
    app.user(Role::Nurse, "nurse.a@example.org", Some(a)).await;
    app.user(Role::Nurse, "nurse.b@example.org", Some(b)).await;
    let a1 = app.user(Role::Patient, "a1@example.org", Some(a)).await;
    let b1 = app.user(Role::Patient, "b1@example.org", Some(b)).await;
    // Deactivated at the end: a patient of A who is not one of the callers.
    let a3 = app.user(Role::Patient, "a3@example.org", Some(a)).await;
    let carer = app.user(Role::Caregiver, "carer@example.org", None).await;
    accounts::link_caregiver(&app.db.pool, carer, a1, None)
        .await
        .expect("link");
    app.user(Role::Researcher, "researcher@example.org", None).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    // Both patients have a treatment, an urgent flag and a reminder, made by their own people.
    let mut flags = Vec::new();
    let mut reminders = Vec::new();
    for (patient, nurse_email, patient_email) in [
        (a1, "nurse.a@example.org", "a1@example.org"),
        (b1, "nurse.b@example.org", "b1@example.org"),
    ] {
        let nurse = app.signed_in(nurse_email).await;
        let id = patient.to_string();
        let (status, body) = call(
            &nurse,
            &app,
            "timeline/start",
            &[
                ("patient_id", &id),
                ("form[product_id]", "axi-cel"),
                ("form[order_reference]", &format!("ORD-{id}")),
                ("form[start_on]", &crate::timeline::today().to_string()),
            ],
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let own = app.signed_in(patient_email).await;
        let fever = json!({ "submission": { "client_id": format!("fever-{id}"), "questionnaire": "symptom-diary", "patient_id": patient, "answers": calm_diary(39.5) } });
        let response = own
            .post(app.url("/api/checkins/submit"))
            .header("accept", "application/json")
            .json(&fever)
            .send()
            .await
            .expect("fever");
        assert_eq!(response.status().as_u16(), 200);
        flags.push(
            sqlx::query_scalar::<_, i64>("SELECT MAX(id) FROM flags WHERE patient_id = $1")
                .bind(patient)
                .fetch_one(&app.db.pool)
                .await
                .expect("flag"),
        );
        reminders.push(
            sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM reminders WHERE user_id = $1")
                .bind(patient)
                .fetch_one(&app.db.pool)
                .await
                .expect("reminder"),
        );
    }
    let browsers = [
        (Nobody, client()),
        (Patient, app.signed_in("a1@example.org").await),
        (Caregiver, app.signed_in("carer@example.org").await),
        (Nurse, app.signed_in("nurse.a@example.org").await),
        (Researcher, app.signed_in("researcher@example.org").await),
        (Admin, app.signed_in("admin@example.org").await),
    ];
    let mut calls: Vec<(&str, Call)> = Vec::new();
    calls.extend(by_role().into_iter().map(|c| ("-", c)));
    calls.extend(
        about(b1, flags[1], reminders[1], false)
            .into_iter()
            .map(|c| ("foreign", c)),
    );
    calls.extend(about(a1, flags[0], reminders[0], true).into_iter().map(|c| ("own", c)));
    // A nurse of each centre waiting for a second person, made so by an admin who is not
    // the caller: the nurse confirms their own centre's (after which it waits no more, and
    // the admin's try is refused: confirmed once), the admin the other centre's.
    let other_admin = app.user(Role::Admin, "maker@example.org", None).await;
    for (record, centre, email, may) in [
        ("own", a, "waiting.a@example.org", &[Nurse] as &[Who]),
        ("foreign", b, "waiting.b@example.org", &[Admin]),
    ] {
        let waiting = app.user(Role::Nurse, email, Some(centre)).await;
        server::storage::account_controls::await_second_person(&app.db.pool, waiting, other_admin)
            .await
            .expect("waiting");
        calls.push((
            record,
            form("staff/confirm", vec![("user_id", waiting.to_string())], may),
        ));
    }
    // Last, as they end sessions: deactivation (of a3 and b1, who are not callers), then a
    // new code for b1 and for a1 (whose own calls are all done by then).
    calls.push((
        "own",
        form(
            "accounts/active",
            vec![("user_id", a3.to_string()), ("active", "false".into())],
            &[Admin],
        ),
    ));
    calls.push((
        "foreign",
        form(
            "accounts/active",
            vec![("user_id", b1.to_string()), ("active", "false".into())],
            &[Admin],
        ),
    ));
    calls.push(("foreign", form("codes/reissue", vec![("user_id", b1.to_string())], &[])));
    calls.push((
        "own",
        form("codes/reissue", vec![("user_id", a1.to_string())], &[Nurse]),
    ));
    let mut wrong = Vec::new();
    let mut asked = 0;
    for (record, call) in &calls {
        for (who, browser) in &browsers {
            let (status, body) = answer(&app, browser, call).await;
            asked += 1;
            if !judged(*who, call.may.contains(who), status) {
                wrong.push(format!("{who:?} {} ({record}): {status} {body:.120}", call.endpoint));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {asked} calls answered against the rules:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(asked >= 6 * 60, "{asked}");
    // What was refused changed nothing: b1's treatment is open, and nobody else's code was issued.
    let status: String =
        sqlx::query_scalar("SELECT status FROM treatments WHERE patient_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(b1)
            .fetch_one(&app.db.pool)
            .await
            .expect("treatment");
    assert_ne!(status, "withdrawn");
}
