//! The hospital's FHIR API, as a hospital system uses it: it finds its patient by its own
//! number, reads the timeline as a CarePlan, the answers, the flags and the messages, pages
//! through them, and reads each by id. Every answer passes PyPI `fhir.resources` (FHIR
//! 4.0.1), and every page is in the audit log in the client's name.
use crate::answers::{calm_diary, choices, send, submission};
use crate::fhir_client::{get, next_link, register, resources, token_address};
use crate::helpers::{audited_about, call, python_check, spawn, Kind};
use crate::on_both_databases;
use crate::timeline::{start, ward_on, Ward};
use serde_json::Value;

on_both_databases!(a_hospital_system_finds_its_patient_by_number_and_reads_the_record);

pub const NUMBER: &str = "MRN-2026/0042";

/// Today in UTC, as the API reads a date without a time.
fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The ward's patient with a treatment, a fever (an urgent flag), a PHQ-9, a message and
/// the team's reply, and the hospital number `NUMBER`.
pub async fn record(w: &Ward) {
    sqlx::query("UPDATE patients SET hospital_number = $1 WHERE user_id = $2")
        .bind(NUMBER)
        .bind(w.patient_id)
        .execute(&w.app.db.pool)
        .await
        .expect("hospital number");
    let (status, body) = start(w, "axi-cel", "ORD-FHIR-1").await;
    assert_eq!(status, 200, "{body}");
    let ann = w.app.signed_in("ann@example.org").await;
    let fever = submission(w, "fhir-1", "symptom-diary", calm_diary(39.4));
    assert_eq!(send(&ann, w, &fever).await.0, 200);
    let phq9 = submission(w, "fhir-2", "phq-9", choices("phq9", &[1, 1, 0, 0, 1, 0, 0, 0, 0]));
    assert_eq!(send(&ann, w, &phq9).await.0, 200);
    let id = w.patient_id.to_string();
    let form = [
        ("patient_id", id.as_str()),
        ("text", "May I shower with the line in?"),
        ("confirmed", "false"),
    ];
    assert_eq!(call(&ann, &w.app, "messages/send", &form).await.0, 200);
    let reply = [
        ("patient_id", id.as_str()),
        ("text", "Yes, with the cover on."),
        ("seen_up_to", "9999999999"),
    ];
    assert_eq!(call(&w.nurse, &w.app, "messages/reply", &reply).await.0, 200);
}

async fn a_hospital_system_finds_its_patient_by_number_and_reads_the_record(kind: Kind) {
    let w = ward_on(spawn(kind).await).await;
    record(&w).await;
    let system = register(&w.app, "ward-ehr", &[w.centre_id], "").await;
    let mut answers: Vec<Value> = Vec::new();

    // What the server says it does, open to anyone.
    let statement: Value = reqwest::get(w.app.url("/fhir/metadata"))
        .await
        .expect("metadata")
        .json()
        .await
        .expect("JSON");
    assert_eq!(statement["fhirVersion"], "4.0.1");
    let kinds: Vec<&str> = statement["rest"][0]["resource"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["type"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["Patient", "CarePlan", "QuestionnaireResponse", "Flag", "Communication"]
    );
    answers.push(statement);
    let smart: Value = reqwest::get(w.app.url("/fhir/.well-known/smart-configuration"))
        .await
        .expect("discovery")
        .json()
        .await
        .expect("JSON");
    assert_eq!(smart["token_endpoint"], token_address(&w.app));

    let (status, granted) = system
        .ask(&w.app, &system.assertion(&w.app), "system/*.read openid")
        .await;
    assert_eq!(status, 200, "{granted}");
    assert_eq!(granted["token_type"], "bearer");
    assert_eq!(granted["expires_in"], 300);
    assert_eq!(
        granted["scope"],
        "system/Patient.rs system/CarePlan.rs system/QuestionnaireResponse.rs system/Flag.rs system/Communication.rs"
    );
    let token = granted["access_token"].as_str().expect("a token").to_string();

    // The hospital's own number finds the app's patient.
    let (status, patients) = get(
        &w.app,
        &token,
        &format!("/fhir/Patient?identifier={}", urlencode(NUMBER)),
    )
    .await;
    assert_eq!(status, 200, "{patients}");
    let found = resources(&patients);
    assert_eq!(found.len(), 1, "{patients}");
    let patient_ref = format!("Patient/{}", found[0]["id"].as_str().expect("an id"));
    assert_eq!(patient_ref, format!("Patient/patient-{}", w.patient_id));
    let system_uri = found[0]["identifier"][0]["system"]
        .as_str()
        .expect("a system")
        .to_string();
    assert_eq!(found[0]["identifier"][0]["value"], NUMBER);
    answers.push(patients);

    // The timeline as a CarePlan with its steps; by the day it starts, too.
    let year_ago = today() - chrono::Days::new(365);
    let (_, old) = get(
        &w.app,
        &token,
        &format!("/fhir/CarePlan?patient={patient_ref}&date=lt{year_ago}"),
    )
    .await;
    assert_eq!(resources(&old).len(), 0, "{old}");
    let (status, plans) = get(
        &w.app,
        &token,
        &format!("/fhir/CarePlan?patient={patient_ref}&status=active&date=ge{year_ago}"),
    )
    .await;
    assert_eq!(status, 200, "{plans}");
    let plan = &resources(&plans)[0];
    assert_eq!(plan["subject"]["reference"], patient_ref);
    assert!(plan["activity"].as_array().is_some_and(|a| a.len() > 5), "{plan}");
    answers.push(plans);

    // The answers, one a page, by the number with its system: two pages, then no more.
    let number_query = urlencode(&format!("{system_uri}|{NUMBER}"));
    let first = format!(
        "/fhir/QuestionnaireResponse?patient.identifier={number_query}&authored=ge{}&_count=1",
        today()
    );
    let (status, page) = get(&w.app, &token, &first).await;
    assert_eq!(status, 200, "{page}");
    let next = next_link(&page).expect("a next page");
    let (status, second) = get(
        &w.app,
        &token,
        next.strip_prefix(&w.app.services.public_url).expect("our address"),
    )
    .await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(next_link(&second), None, "{second}");
    let questionnaires: Vec<String> = [&page, &second]
        .iter()
        .flat_map(|p| resources(p))
        .map(|r| r["questionnaire"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(questionnaires.len(), 2, "{questionnaires:?}");
    assert!(
        questionnaires[0].contains("symptom-diary") && questionnaires[1].contains("phq-9"),
        "{questionnaires:?}"
    );
    answers.extend([page, second]);

    // The urgent flag, active, and none closed; the messages both ways.
    let (status, flags) = get(
        &w.app,
        &token,
        &format!("/fhir/Flag?patient={patient_ref}&status=active"),
    )
    .await;
    assert_eq!(status, 200, "{flags}");
    let flag = resources(&flags).into_iter().next().expect("the fever's flag");
    assert_eq!(flag["category"][0]["text"], "urgent");
    let (_, closed) = get(
        &w.app,
        &token,
        &format!("/fhir/Flag?patient={patient_ref}&status=inactive"),
    )
    .await;
    assert_eq!(resources(&closed).len(), 0, "{closed}");
    answers.extend([flags, closed]);
    let (status, messages) = get(
        &w.app,
        &token,
        &format!("/fhir/Communication?patient={patient_ref}&sent=ge{}", today()),
    )
    .await;
    assert_eq!(status, 200, "{messages}");
    let payloads: Vec<&str> = messages["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["resource"]["payload"][0]["contentString"].as_str())
        .collect();
    assert_eq!(payloads, ["May I shower with the line in?", "Yes, with the cover on."]);
    answers.push(messages.clone());

    // Each by its id, as the searches gave them.
    let flag_id = flag["id"].as_str().expect("an id");
    let (status, read) = get(&w.app, &token, &format!("/fhir/Flag/{flag_id}")).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read, flag);
    let message_id = resources(&messages)[0]["id"].as_str().expect("an id").to_string();
    let (status, read) = get(&w.app, &token, &format!("/fhir/Communication/{message_id}")).await;
    assert_eq!(status, 200, "{read}");
    answers.push(read);

    let counts = python_check("fhir_api_check.py", &serde_json::to_vec(&answers).expect("JSON"));
    for kind in [
        "CapabilityStatement",
        "Bundle",
        "Patient",
        "CarePlan",
        "QuestionnaireResponse",
        "Flag",
        "Communication",
    ] {
        assert!(counts[kind].as_i64().unwrap_or(0) >= 1, "{kind} in {counts}");
    }

    // Every page is audit-logged about the patient, in the client's name.
    let subject = format!("fhir_client:{}", client_pk(&w, &system.client_id).await);
    assert!(audited_about(&w.app, "fhir.search", w.patient_id).await >= 6);
    assert!(audited_about(&w.app, "fhir.read", w.patient_id).await >= 2);
    let named: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'fhir.%' AND (subject <> $1 OR actor_id IS NOT NULL)",
    )
    .bind(&subject)
    .fetch_one(&w.app.db.pool)
    .await
    .expect("count");
    assert_eq!(named, 0, "every FHIR entry names the client, and no person");
}

pub async fn client_pk(w: &Ward, client_id: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM fhir_clients WHERE client_id = $1")
        .bind(client_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("the client")
}

pub fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
