//! The rules an export lives by beyond who may make it: no project, no export; at most so
//! many a day per researcher; a project by centre only where the deployment allows it; and
//! bad requests refused with the reason, on the command line too.
use crate::research_export::{project, refused, seeded, vtv};
use crate::research_http::{approved, SCORES_AND_FLAGS};
use crate::{helpers::*, on_both_databases};
use app::domain::{research::Dataset, role::Role};
use server::{
    services::checkins::CheckinCatalogue,
    synthetic::{self, Options},
};
use std::collections::BTreeSet;

on_both_databases!(
    exports_are_limited_per_researcher_and_day,
    a_deployment_may_allow_exports_by_centre,
    bad_requests_are_refused_with_the_reason,
);

/// At most so many exports per researcher in a day, counted in the database.
async fn exports_are_limited_per_researcher_and_day(kind: Kind) {
    let app = spawn_with(kind, |config| config.research_exports_per_day = 3).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients: 400,
        responses_per_patient: 1,
        lowest_adherence: 1.0,
        seed: 9,
    };
    synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    let id = app.user(Role::Researcher, "researcher@example.org", None).await;
    approved(&app, "Study", id, &Dataset::ALL, Default::default()).await;
    let researcher = app.signed_in("researcher@example.org").await;
    for n in 0..3 {
        let (status, body) = call(&researcher, &app, "research/export", SCORES_AND_FLAGS).await;
        assert_eq!(status, 200, "export {n}: {body}");
    }
    let response = researcher
        .post(app.url("/api/research/export"))
        .header("accept", "application/json")
        .form(SCORES_AND_FLAGS)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 429);
    let wait: i64 = response.headers()["retry-after"]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(wait > 0 && wait <= 86_400, "{wait}");
}

async fn a_deployment_may_allow_exports_by_centre(kind: Kind) {
    let app = spawn_with(kind, |config| config.research_allow_centre = true).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients: 500,
        responses_per_patient: 0,
        lowest_adherence: 1.0,
        seed: 4,
    };
    synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    let id = app.user(Role::Researcher, "researcher@example.org", None).await;
    let leuven: i64 = sqlx::query_scalar("SELECT id FROM centres WHERE name LIKE '%Leuven%'")
        .fetch_one(&app.db.pool)
        .await
        .expect("Leuven");
    // The steward's project takes Leuven's patients alone.
    approved(&app, "Leuven", id, &Dataset::ALL, BTreeSet::from([leuven])).await;
    let researcher = app.signed_in("researcher@example.org").await;
    let (status, body) = call(&researcher, &app, "research/export", SCORES_AND_FLAGS).await;
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

async fn bad_requests_are_refused_with_the_reason(kind: Kind) {
    let app = spawn(kind).await;
    seeded(&app, 400, 1).await;
    project(&app, "All").await;
    let url = &app.database_url;
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("x.zip");
    let out = out.to_str().expect("path");
    let expires = (chrono::Utc::now().date_naive() + chrono::Days::new(365)).to_string();
    let approve = async |extra: &[&str]| {
        let mut args = vec![
            "research-project",
            "--name",
            "Few",
            "--dataset",
            "scores",
            "--ethics",
            "EC",
            "--dua",
            "DUA",
            "--researcher",
            "cli.researcher@example.org",
            "--expires",
            &expires,
        ];
        args.extend_from_slice(extra);
        refused(vtv(url, &args).await)
    };
    let few = approve(&["--product", "ide-cel"]).await;
    assert!(few.contains("cannot be released"), "{few}");
    let quarter = approve(&["--from-quarter", "2026-Q5"]).await;
    assert!(quarter.contains("--from-quarter:"), "{quarter}");
    let bad = refused(
        vtv(
            url,
            &["export", "--dataset", "everything", "--project", "All", "--out", out],
        )
        .await,
    );
    assert!(bad.contains("--dataset:"), "{bad}");
    assert!(
        std::fs::read_dir(dir.path()).expect("folder").next().is_none(),
        "nothing written"
    );
}
