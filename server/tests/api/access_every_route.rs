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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Nobody,
    Patient,
    Caregiver,
    Nurse,
    Researcher,
    Admin,
}
use Who::*;

const WHO: [Who; 6] = [Nobody, Patient, Caregiver, Nurse, Researcher, Admin];
const SIGNED_IN: &[Who] = &[Patient, Caregiver, Nurse, Researcher, Admin];

struct Call {
    endpoint: &'static str,
    form: Vec<(&'static str, String)>,
    /// Sent as JSON instead of a form.
    json: Option<serde_json::Value>,
    may: &'static [Who],
}

fn form(endpoint: &'static str, form: Vec<(&'static str, String)>, may: &'static [Who]) -> Call {
    Call {
        endpoint,
        form,
        json: None,
        may,
    }
}

/// The calls about one patient (their id, their flag, their reminder).
fn about(patient: i64, flag: i64, reminder: i64, own: bool) -> Vec<Call> {
    let p = patient.to_string();
    let pid = || ("patient_id", p.clone());
    // On another centre's record nobody may.
    let only = |who: &'static [Who]| if own { who } else { &[] as &[Who] };
    let change = |id: String| {
        vec![
            ("patient_id", id),
            ("form[milestone]", "product_released".into()),
            ("form[action]", "delay".into()),
            ("form[date]", "2031-01-01".into()),
            ("form[reason]", "matrix".into()),
            ("form[version]", "".into()),
        ]
    };
    vec![
        form("timeline/read", vec![pid()], only(&[Patient, Caregiver, Nurse])),
        form("timeline/history", vec![pid()], only(&[Nurse])),
        form("timeline/preview", change(p.clone()), only(&[Nurse])),
        form("timeline/change", change(p.clone()), only(&[Nurse])),
        form(
            "timeline/start",
            vec![
                pid(),
                ("form[product_id]", "axi-cel".into()),
                ("form[order_reference]", format!("MATRIX-{p}")),
                ("form[start_on]", crate::timeline::today().to_string()),
            ],
            only(&[Nurse]),
        ),
        form("checkins/patient", vec![pid()], only(&[Nurse])),
        form("reminders/patient", vec![pid()], only(&[Nurse])),
        form(
            "checkins/form",
            vec![
                ("name", "symptom-diary".into()),
                pid(),
                ("about_myself", "false".into()),
            ],
            only(&[Patient, Caregiver]),
        ),
        Call {
            endpoint: "checkins/submit",
            form: Vec::new(),
            json: Some(json!({ "submission": {
                "client_id": format!("matrix-{p}-{}", rand_suffix()),
                "questionnaire": "symptom-diary", "patient_id": patient, "answers": calm_diary(37.0)
            } })),
            may: only(&[Patient, Caregiver]),
        },
        form("caregivers/list", vec![pid()], only(&[Patient, Nurse])),
        form(
            "caregivers/invite",
            vec![
                pid(),
                ("form[name]", "Kim".into()),
                ("form[email]", format!("kim{p}@example.org")),
            ],
            only(&[Patient, Nurse]),
        ),
        form(
            "caregivers/revoke",
            vec![pid(), ("caregiver_id", "999999".into())],
            only(&[Patient, Nurse]),
        ),
        form("research/consent", vec![pid()], only(&[Patient, Nurse])),
        form(
            "research/consent/set",
            vec![pid(), ("given", "true".into()), ("signed_on", "2030-01-01".into())],
            only(&[Patient, Nurse]),
        ),
        form("audit/list", vec![pid()], &[Admin]),
        form("flags/acknowledge", vec![("id", flag.to_string())], only(&[Nurse])),
        form(
            "flags/resolve",
            vec![("id", flag.to_string()), ("note", "seen".into())],
            only(&[Nurse]),
        ),
        // A reminder is its recipient's alone (the patient's here), whatever the centre.
        form("inbox/read", vec![("id", reminder.to_string())], only(&[Patient])),
        form(
            "timeline/close",
            vec![pid(), ("status", "withdrawn".into()), ("reason", "matrix".into())],
            only(&[Nurse]),
        ),
    ]
}

fn rand_suffix() -> String {
    server::auth::tokens::new_invitation_code()
}

/// Calls about no patient: who may is the role alone.
fn by_role() -> Vec<Call> {
    let none = Vec::new;
    vec![
        form("home", none(), SIGNED_IN),
        form("account/time-zone", none(), SIGNED_IN),
        form(
            "account/time-zone/set",
            vec![("time_zone", "Europe/Paris".into())],
            SIGNED_IN,
        ),
        form("inbox/list", none(), SIGNED_IN),
        form("push/key", none(), SIGNED_IN),
        form("push/devices", none(), SIGNED_IN),
        form(
            "push/subscribe",
            vec![
                (
                    "subscription[endpoint]",
                    "https://fcm.googleapis.com/fcm/send/matrix".into(),
                ),
                ("subscription[p256dh]", crate::push_dispatch::P256DH.into()),
                ("subscription[auth]", crate::push_dispatch::AUTH.into()),
                ("subscription[device]", "Matrix".into()),
            ],
            SIGNED_IN,
        ),
        form("push/remove", vec![("id", "999999".into())], &[]),
        form("reminders/settings", none(), SIGNED_IN),
        form(
            "reminders/save",
            vec![("quiet_from", "".into()), ("quiet_until", "".into())],
            SIGNED_IN,
        ),
        form("flags/queue", none(), &[Nurse]),
        form("flags/fingerprint", none(), &[Nurse]),
        form("timeline/board", none(), &[Nurse]),
        form(
            "patients/enrol",
            vec![
                ("form[full_name]", "E".into()),
                ("form[date_of_birth]", "1960-01-01".into()),
                ("form[sex]", "female".into()),
                ("form[email]", "enrolled.by.matrix@example.org".into()),
                ("form[phone]", "+3216000000".into()),
                ("form[locale]", "en".into()),
                ("form[time_zone]", "".into()),
            ],
            &[Nurse],
        ),
        form("staff/awaiting", none(), &[Nurse, Admin]),
        form("research/options", none(), &[Researcher]),
        form(
            "research/project",
            vec![("name", format!("Matrix {}", rand_suffix()))],
            &[Researcher],
        ),
        form("research/progress", vec![("token", "no-such-export".into())], &[]),
        // A nurse lists their own centre only.
        form("centres/list", none(), &[Nurse, Admin]),
        form(
            "centres/create",
            vec![
                ("form[name]", format!("Matrix {}", rand_suffix())),
                ("form[country]", "BE".into()),
                ("form[time_zone]", "Europe/Brussels".into()),
                ("form[hotline]", "+3216000000".into()),
            ],
            &[Admin],
        ),
        form(
            "staff/create",
            vec![
                ("role", "researcher".into()),
                ("centre_id", "".into()),
                ("form[name]", "R".into()),
                ("form[email]", format!("r{}@example.org", rand_suffix().to_lowercase())),
            ],
            &[Admin],
        ),
        form("admin/journeys", none(), &[Admin]),
        form("admin/integrations/list", none(), &[Admin]),
        form("admin/questionnaires/list", none(), &[Admin]),
        form("admin/integrations/revoke", vec![("id", "999999".into())], &[]),
        form("push/rotate", none(), &[Admin]),
    ]
}

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
    let app = spawn(kind).await;
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
    let _ = WHO;
}
