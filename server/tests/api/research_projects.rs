//! Approved study projects: the data steward (an admin) approves a project and its cohort
//! is frozen; researchers see only their own; and a cohort a few patients away from one
//! released before is refused, with the same answer as any other refusal (attack: a consent
//! given between two approvals would otherwise give that one patient away).
use crate::helpers::*;
use crate::on_both_databases;
use app::domain::role::Role;
use serde_json::Value;
use server::{
    services::checkins::CheckinCatalogue,
    storage::{audit::Entry, research},
    synthetic::{self, Options},
};

on_both_databases!(
    the_steward_approves_a_project_and_only_its_researchers_see_it,
    a_cohort_a_few_patients_from_a_released_one_is_refused_like_any_other,
);

struct World {
    app: TestApp,
    researcher: i64,
}

async fn world(kind: Kind) -> World {
    let app = spawn(kind).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients: 400,
        responses_per_patient: 2,
        lowest_adherence: 1.0,
        seed: 23,
    };
    synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    let researcher = app.user(Role::Researcher, "researcher@example.org", None).await;
    app.user(Role::Researcher, "other.researcher@example.org", None).await;
    app.user(Role::Admin, "steward@example.org", None).await;
    app.user(Role::Nurse, "nurse@example.org", Some(app.centre("North").await))
        .await;
    World { app, researcher }
}

fn project(name: &str, researcher: i64, products: &[&str]) -> Vec<(String, String)> {
    let mut form = vec![
        ("form[name]".to_string(), name.to_string()),
        ("form[datasets][0]".into(), "scores".into()),
        ("form[datasets][1]".into(), "flags".into()),
        ("form[ethics_ref]".into(), "EC 2026/114".into()),
        ("form[dua_ref]".into(), "DUA-7".into()),
        ("form[researchers][0]".into(), researcher.to_string()),
        ("form[expires_on]".into(), in_a_year()),
    ];
    for (i, p) in products.iter().enumerate() {
        form.push((format!("form[products][{i}]"), p.to_string()));
    }
    form
}

fn in_a_year() -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(365)).to_string()
}

async fn approve(w: &World, browser: &reqwest::Client, form: &[(String, String)]) -> (u16, Value) {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, body) = call(browser, &w.app, "research/projects/approve", &form).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

async fn the_steward_approves_a_project_and_only_its_researchers_see_it(kind: Kind) {
    let w = world(kind).await;
    let steward = w.app.signed_in("steward@example.org").await;
    let (status, view) = approve(&w, &steward, &project("CRS outcomes", w.researcher, &[])).await;
    assert_eq!(status, 200, "{view}");
    let patients = view["patients"].as_u64().expect("a count");
    assert!(patients >= 5 && patients % 5 == 0, "rounded to 5: {patients}");
    let frozen = count(&w.app, "research_project_members").await as u64;
    assert!(frozen.abs_diff(patients) <= 2, "{frozen} frozen, {patients} shown");
    assert_eq!(view["datasets"], serde_json::json!(["scores", "flags"]));

    // Its researcher sees it; another researcher and a nurse do not.
    let researcher = w.app.signed_in("researcher@example.org").await;
    let listed = call_list(&researcher, &w.app, "research/projects").await;
    assert_eq!(listed.len(), 1);
    let other = w.app.signed_in("other.researcher@example.org").await;
    assert!(call_list(&other, &w.app, "research/projects").await.is_empty());
    let nurse = w.app.signed_in("nurse@example.org").await;
    assert_eq!(call(&nurse, &w.app, "research/projects", &[]).await.0, 403);

    // Only the steward approves; a name is one project's.
    assert_eq!(
        approve(&w, &researcher, &project("Mine", w.researcher, &[])).await.0,
        403
    );
    let (status, taken) = approve(&w, &steward, &project("CRS outcomes", w.researcher, &[])).await;
    assert_eq!(status, 422, "{taken}");
    assert!(taken.to_string().contains("NameTaken"), "{taken}");
    // A researcher that is not a researcher's account is refused.
    let nurse_id = sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = 'nurse@example.org'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("nurse");
    let (status, body) = approve(&w, &steward, &project("Nurse study", nurse_id, &[])).await;
    assert_eq!(
        (status, body.to_string().contains("researchers")),
        (422, true),
        "{body}"
    );
    let approvals =
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action = 'research.project_approved'")
            .fetch_one(&w.app.db.pool)
            .await
            .expect("audit");
    assert_eq!(approvals, 1);
}

async fn a_cohort_a_few_patients_from_a_released_one_is_refused_like_any_other(kind: Kind) {
    let w = world(kind).await;
    let steward = w.app.signed_in("steward@example.org").await;
    let (status, first) = approve(&w, &steward, &project("First", w.researcher, &[])).await;
    assert_eq!(status, 200, "{first}");

    // The very same cohort again is no new release of anyone.
    assert_eq!(
        approve(&w, &steward, &project("Same again", w.researcher, &[])).await.0,
        200
    );

    // Patients whose release group is larger than k: one of them leaving changes the cohort
    // by exactly that one patient.
    let movable = in_large_groups(&w, first["id"].as_i64().expect("id")).await;
    let nurse = w.app.user(Role::Nurse, "consent.nurse@example.org", None).await;
    let db = &w.app.db;
    let withdraw = |patient: i64| async move {
        research::record_consent(
            db,
            patient,
            false,
            "app",
            None,
            nurse,
            Entry::new("research.consent_withdrawn", "test"),
        )
        .await
        .expect("withdrawal");
    };
    withdraw(movable[0]).await;
    let (status, refusal) = approve(&w, &steward, &project("One fewer", w.researcher, &[])).await;
    assert_eq!(
        status, 422,
        "a release one patient apart from an earlier one: {refusal}"
    );
    assert!(refusal.to_string().contains("CohortRefused"), "{refusal}");
    // Too few patients reads exactly the same.
    let (status, too_few) = approve(&w, &steward, &project("Nobody", w.researcher, &["no-such-product"])).await;
    assert_eq!((status, &too_few), (422, &refusal), "one answer for every refusal");

    // Four more leave: five in all, k apart from the first two releases, and allowed.
    for patient in &movable[1..5] {
        withdraw(*patient).await;
    }
    let (status, body) = approve(&w, &steward, &project("Five fewer", w.researcher, &[])).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(count(&w.app, "research_projects").await, 3);
}

/// One member from each group of released quasi-identifiers larger than k, so that each can
/// leave without the rest of their group falling short.
async fn in_large_groups(w: &World, project_id: i64) -> Vec<i64> {
    let rows = sqlx::query(
        "SELECT patient_id, release FROM research_project_members WHERE project_id = $1 ORDER BY patient_id",
    )
    .bind(project_id)
    .fetch_all(&w.app.db.pool)
    .await
    .expect("members");
    let mut groups: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for row in &rows {
        groups
            .entry(sqlx::Row::get::<String, _>(row, "release"))
            .or_default()
            .push(sqlx::Row::get(row, "patient_id"));
    }
    let sizes: Vec<usize> = groups.values().map(Vec::len).collect();
    let movable: Vec<i64> = groups
        .into_values()
        .filter(|g| g.len() > 5)
        .map(|g| g[0])
        .take(5)
        .collect();
    assert!(movable.len() >= 5, "groups above k: too few in {sizes:?}");
    movable
}
