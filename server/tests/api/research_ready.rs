//! Research-ready exports on synthetic patients: every answer carries the timepoint of the
//! window it answered, the wide file is the long files reshaped (nothing added, nothing
//! lost), and each journey carries its manufacturing facts under the k check.
use crate::{
    helpers::*,
    on_both_databases,
    research_export::{ok, seeded},
    research_formats,
    research_search::{csv_rows, read_dir},
};
use app::domain::{
    checkins::{timepoint::UNSCHEDULED, CheckinSchedule},
    research::variable_names::{is_valid, item_name, name_of, prefix},
    timeline::delay_reason::DelayReason,
};
use std::collections::{BTreeMap, BTreeSet};

/// A CSV file as rows of named cells.
pub fn records(text: &str) -> Vec<BTreeMap<String, String>> {
    let rows = csv_rows(text);
    let Some((header, rows)) = rows.split_first() else {
        return Vec::new();
    };
    rows.iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// The binary, in a deployment with k = 2: on a few hundred synthetic patients, groups of
/// five sharing a whole history are too rare for the files to hold much at the default.
pub async fn vtv(database_url: &str, args: &[&str]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vein-to-vein"));
    command
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("VTV_RESEARCH_K", "2")
        .env_remove("VTV_RESEARCH_ALLOW_CENTRE");
    tokio::task::spawn_blocking(move || command.output().expect("the server binary runs"))
        .await
        .expect("the command's thread")
}

/// The steward approves the project "Ready" of everyone for these datasets.
pub async fn approve(app: &TestApp, datasets: &str) {
    app.user(app::domain::role::Role::Researcher, "ready@example.org", None)
        .await;
    let expires = (chrono::Utc::now().date_naive() + chrono::Days::new(365)).to_string();
    let project = [
        "research-project",
        "--name",
        "Ready",
        "--dataset",
        datasets,
        "--ethics",
        "EC 2026/201",
        "--dua",
        "DUA-9",
        "--researcher",
        "ready@example.org",
        "--expires",
        &expires,
    ];
    ok(vtv(&app.database_url, &project).await);
}

/// Every dataset in long and wide CSV with the syntax files, in a folder kept while the
/// test runs (R and PSPP read it).
async fn exported(app: &TestApp) -> (tempfile::TempDir, BTreeMap<String, String>) {
    approve(app, "scores,items,journeys,flags").await;
    let work = tempfile::tempdir().expect("temporary folder");
    let out = work.path().join("ready");
    let args = [
        "export",
        "--dataset",
        "scores,items,journeys,flags",
        "--format",
        "csv,csv-wide,stats-labels,redcap",
        "--project",
        "Ready",
        "--out",
        out.to_str().expect("path"),
    ];
    ok(vtv(&app.database_url, &args).await);
    let files = read_dir(&out);
    (work, files)
}

/// Keeps the answers to PHQ-9 and GAD-7 alone, as a study of those two would hold: with the
/// diary's and the weekly forms' counts in it, nearly every synthetic patient's history is
/// their own, and the k check rightly withholds it (see the note).
async fn only_phq9_and_gad7(app: &TestApp) {
    for sql in [
        "DELETE FROM flags WHERE response_id IN (SELECT id FROM checkin_responses WHERE questionnaire_name NOT IN ('phq-9', 'gad-7'))",
        "DELETE FROM checkin_responses WHERE questionnaire_name NOT IN ('phq-9', 'gad-7')",
    ] {
        sqlx::query(sql).execute(&app.db.pool).await.expect("kept PHQ-9 and GAD-7");
    }
}

async fn answers_carry_their_window_s_timepoint_and_the_wide_file_is_the_long_one_reshaped(kind: Kind) {
    let app = spawn(kind).await;
    seeded(&app, 250, 120).await;
    only_phq9_and_gad7(&app).await;
    let (folder, files) = exported(&app).await;
    let codebook: serde_json::Value = serde_json::from_str(&files["codebook.json"]).expect("codebook");
    research_formats::labels_match_the_codebook(&folder.path().join("ready"), &codebook);
    research_formats::redcap_takes_the_project_and_its_data(&folder.path().join("ready"), &files);
    let schedule = CheckinSchedule::builtin().expect("schedule");
    let named: BTreeSet<String> = schedule
        .schedules
        .iter()
        .flat_map(|r| r.timepoints.clone())
        .chain([UNSCHEDULED.to_string()])
        .collect();
    let items = records(&files["items.csv"]);
    assert!(items.len() > 1000, "{} item rows", items.len());
    let seen: BTreeSet<&str> = items.iter().map(|r| r["timepoint"].as_str()).collect();
    assert!(seen.iter().all(|t| named.contains(*t)), "{seen:?}");
    for expected in ["baseline", "D28", "D100"] {
        assert!(seen.contains(expected), "{expected} in {seen:?}");
    }
    // The weeks after due go with the week: released together (an answer comes in its
    // window or late, never before it), or neither.
    for r in &items {
        match r["week"].as_str() {
            "" => assert_eq!(r["weeks_after_due"], "", "{r:?}"),
            _ => assert!(r["weeks_after_due"].parse::<i64>().is_ok_and(|w| w >= 0), "{r:?}"),
        }
    }

    // The wide file: valid names, one row per research id and scheduled timepoint.
    let wide_text = &files["wide.csv"];
    let header: Vec<&str> = wide_text.lines().next().unwrap_or_default().split(',').collect();
    assert!(header.iter().all(|n| is_valid(n)), "{header:?}");
    assert!(header.contains(&"phq9_1") && header.contains(&"gad7_7"), "{header:?}");
    let wide = records(wide_text);
    // Enough rows to mean something. The synthetic journeys are dated from today and the
    // k check withholds small groups, so the count moves with the date (over 100 until
    // 2026-12-06, 96 on 2026-12-07): the rows are checked one by one below.
    assert!(wide.len() > 50, "{} wide rows", wide.len());
    let scheduled: BTreeSet<(String, String)> = schedule.scheduled_timepoints().into_iter().collect();
    let keys: BTreeSet<(&str, &str)> = wide
        .iter()
        .map(|r| (r["research_id"].as_str(), r["timepoint"].as_str()))
        .collect();
    assert_eq!(keys.len(), wide.len(), "one row per research id and timepoint");
    // Every scheduled answer of items.csv is in its wide cell, and no cell holds anything else.
    let mut long: BTreeMap<(String, String, String), String> = BTreeMap::new();
    for r in &items {
        if scheduled.contains(&(r["instrument"].clone(), r["timepoint"].clone())) && !r["item"].is_empty() {
            let name = item_name(&r["instrument"], &r["item"]);
            long.entry((r["research_id"].clone(), r["timepoint"].clone(), name))
                .or_insert_with(|| r["value"].clone());
        }
    }
    let mut cells = 0;
    for r in &wide {
        for (name, value) in r {
            let is_item = header.contains(&name.as_str()) && (name.starts_with("phq9_") || name.starts_with("gad7_"));
            if !is_item || value.is_empty() {
                continue;
            }
            cells += 1;
            let key = (r["research_id"].clone(), r["timepoint"].clone(), name.clone());
            assert_eq!(long.get(&key), Some(value), "{key:?}");
        }
    }
    assert_eq!(cells, long.len(), "every scheduled answer is in the wide file");
    // Scores too: the wide total is scores.csv's.
    let scores = records(&files["scores.csv"]);
    let phq9_total = scores
        .iter()
        .find(|s| s["instrument"] == "phq-9" && s["timepoint"] == "baseline" && !s["score"].is_empty())
        .expect("a PHQ-9 score at baseline");
    let row = wide
        .iter()
        .find(|r| r["research_id"] == phq9_total["research_id"] && r["timepoint"] == "baseline")
        .expect("its wide row");
    let total_column = name_of(&[&prefix("phq-9"), &phq9_total["scale"]]);
    assert_eq!(row[&total_column], phq9_total["score"]);

    // Journeys: the manufacturing model, runs again and coded reasons.
    let journeys = records(&files["journeys.csv"]);
    let models: BTreeSet<&str> = journeys.iter().map(|j| j["manufacturing"].as_str()).collect();
    assert!(
        models.is_subset(&BTreeSet::from(["centralised", "point_of_care"])),
        "{models:?}"
    );
    let codes: BTreeSet<&str> = DelayReason::ALL.iter().map(|r| r.as_str()).collect();
    let groups = BTreeSet::from(["manufacturing", "patient", "other"]);
    let reasons: BTreeSet<&str> = journeys
        .iter()
        .flat_map(|j| j["delay_reasons"].split(' ').filter(|w| !w.is_empty()))
        .collect();
    assert!(
        reasons.iter().all(|r| codes.contains(r) || groups.contains(r)),
        "{reasons:?}"
    );
    assert!(journeys
        .iter()
        .all(|j| matches!(j["remanufactures"].as_str(), "0" | "1" | "2" | "1+")));
    let csv = files.iter().filter(|(name, _)| name.ends_with(".csv"));
    assert!(
        !csv.into_iter().any(|(_, text)| text.contains("synthetic")),
        "no free text"
    );
}

/// What the k check weighs of each journey: its runs again and coded reasons, read from the
/// changes made by the cut (few journeys rows show them once the check has coarsened the
/// rare ones, so they are read here as the check reads them).
async fn journeys_are_weighed_with_their_manufacturing_facts(kind: Kind) {
    use server::{export::journeys_csv, storage::research_exports::MembersOf, storage::research_time};
    let app = spawn(kind).await;
    seeded(&app, 200, 1).await;
    approve(&app, "journeys").await;
    let project: i64 = sqlx::query_scalar("SELECT MAX(id) FROM research_projects")
        .fetch_one(&app.db.pool)
        .await
        .expect("project");
    let cut = server::storage::now();
    let rows = research_time::milestones(&app.db, MembersOf::Project, project, cut)
        .await
        .expect("milestones");
    let changes = research_time::journey_changes(&app.db, MembersOf::Project, project, cut)
        .await
        .expect("changes");
    let anchors: std::collections::HashMap<i64, chrono::NaiveDate> = rows
        .iter()
        .map(|r| (r.patient_id, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")))
        .collect();
    let facts = journeys_csv::facts(&rows, &changes, &anchors, journeys_csv::cut_day(cut)).expect("facts");
    let treatments: Vec<_> = facts.values().flatten().collect();
    assert!(treatments.len() > 60, "{} treatments", treatments.len());
    // The synthetic journeys re-manufacture 1 run in 16 and give a reason for most slips.
    assert!(treatments.iter().any(|t| t.remanufactures > 0));
    assert!(treatments.iter().any(|t| !t.delay_reasons.is_empty()));
    assert!(treatments.iter().any(|t| t.point_of_care) && treatments.iter().any(|t| !t.point_of_care));
    // Every change counted is one the database holds for these treatments by the cut.
    let recorded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM timeline_changes WHERE action = 'remanufacture' AND treatment_id IN \
         (SELECT t.id FROM treatments t JOIN research_project_members m ON m.patient_id = t.patient_id WHERE m.project_id = $1)",
    )
    .bind(project)
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    let counted: u32 = treatments.iter().map(|t| t.remanufactures).sum();
    assert_eq!(i64::from(counted), recorded);
}

/// How many research ids have a score in an export of these datasets, on a fresh copy of
/// the same synthetic centre: PHQ-9, GAD-7 and the diary, every window answered but a third of
/// the diary's, so that the diary's counts tell people apart.
async fn scored_patients(kind: Kind, datasets: &str) -> usize {
    let app = spawn(kind).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = server::services::checkins::CheckinCatalogue::builtin().expect("check-ins");
    let options = server::synthetic::Options {
        patients: 150,
        responses_per_patient: 80,
        lowest_adherence: 1.0,
        seed: 6,
    };
    server::synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    for sql in [
        "DELETE FROM flags WHERE response_id IN (SELECT id FROM checkin_responses WHERE questionnaire_name NOT IN ('phq-9', 'gad-7', 'symptom-diary'))",
        "DELETE FROM checkin_responses WHERE questionnaire_name NOT IN ('phq-9', 'gad-7', 'symptom-diary')",
        "DELETE FROM flags WHERE response_id IN (SELECT id FROM checkin_responses WHERE questionnaire_name = 'symptom-diary' AND id % 3 = 0)",
        "DELETE FROM checkin_responses WHERE questionnaire_name = 'symptom-diary' AND id % 3 = 0",
    ] {
        sqlx::query(sql).execute(&app.db.pool).await.expect("kept three instruments");
    }
    approve(&app, "scores,diary").await;
    let work = tempfile::tempdir().expect("temporary folder");
    let out = work.path().join("export");
    let args = [
        "export",
        "--dataset",
        datasets,
        "--project",
        "Ready",
        "--out",
        out.to_str().expect("path"),
    ];
    ok(vtv(&app.database_url, &args).await);
    let scores = read_dir(&out).remove("scores.csv").unwrap_or_default();
    records(&scores)
        .iter()
        .map(|r| r["research_id"].clone())
        .collect::<BTreeSet<_>>()
        .len()
}

/// The k check weighs what an export writes: the diary's twice-daily answers, which single
/// nearly everyone out by their count, withhold nobody's scores from an export without them.
async fn only_what_an_export_writes_is_weighed(kind: Kind) {
    let alone = scored_patients(kind, "scores").await;
    let with_diary = scored_patients(kind, "scores,diary").await;
    eprintln!("scores alone: {alone} patients; with the diary: {with_diary}");
    assert!(
        alone > with_diary,
        "scores alone: {alone} patients; with the diary: {with_diary}"
    );
}

on_both_databases!(
    answers_carry_their_window_s_timepoint_and_the_wide_file_is_the_long_one_reshaped,
    journeys_are_weighed_with_their_manufacturing_facts,
    only_what_an_export_writes_is_weighed
);
