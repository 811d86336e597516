//! "My results" for a patient with a year of twice-daily diaries (730 answers, a fever in
//! one of 30), server-rendered, and the FHIR Bundle of that year ("Download my data"), each
//! with a target of ≤ 50 ms, timed over HTTP against the real server on SQLite (and
//! PostgreSQL when VTV_TEST_POSTGRES_URL names a server). The reference, in the same run,
//! is the sign-in page.
//!
//! Run: `cargo bench -p vtv-bench --bench my_results`.
use app::domain::{
    checkins::{builtin, builtin::DIARY_SIGNS, results_page::PAGE, score_all, Answer, Answers},
    triage::{triage, Response, TriageRules},
};
use common::time;
use server::{
    config::Config,
    startup::Application,
    storage::{
        audit::Entry,
        checkins::{insert, NewResponse},
        Db,
    },
};

mod common;

const DIARIES: i64 = 730;
/// At most 29: downloads beyond 30 an hour are refused.
const ROUNDS: usize = 25;

async fn seed(db: &Db) {
    let centre = common::centre_with_nurse(db).await;
    let patient = common::patient(db, centre, 0).await;
    common::with_password(db, patient).await;
    let diary = builtin::all()
        .expect("built-ins")
        .into_iter()
        .find(|q| q.id.ends_with("/symptom-diary"))
        .expect("diary");
    let rules = TriageRules::builtin().expect("rules");
    let now = server::storage::now();
    for n in 0..DIARIES {
        let mut answers: Answers = DIARY_SIGNS
            .iter()
            .map(|s| (s.to_string(), Answer::Boolean(false)))
            .collect();
        answers.insert("temperature_unit".into(), Answer::Choice("C".into()));
        let fever = n % 30 == 0;
        let temperature = if fever { 38.4 } else { 36.5 + (n % 9) as f64 / 10.0 };
        answers.insert("temperature_c".into(), Answer::Decimal(temperature));
        let scores = score_all(&diary, &answers);
        let outcome = triage(
            &rules,
            &Response {
                questionnaire: &diary,
                answers: &answers,
                scores: &scores,
                previous: &[],
                fever_threshold_c: None,
            },
        );
        // Twice a day, going back a year.
        let at = now - (DIARIES - n) * 12 * 3600;
        let (answers_json, client_id) = (serde_json::to_string(&answers).expect("json"), format!("bench-{n}"));
        let response = NewResponse {
            client_id: &client_id,
            patient_id: patient,
            subject: "patient",
            respondent_id: patient,
            reported_by: "patient",
            questionnaire: "symptom-diary",
            version: &diary.version,
            schedule_id: None,
            due_at: None,
            timepoint: "unscheduled",
            answered_at: at,
            submitted_at: at,
            is_late: false,
            answers_json: &answers_json,
            scores: &scores,
            triage_version: &outcome.rules_version,
            schedule_version: "bench",
            flags: &outcome.flags,
            urgent_alert: None,
        };
        insert(db, &response, Entry::new("bench", "bench").about(patient))
            .await
            .expect("response");
    }
}

async fn run(label: &str, url: &str) {
    let app = Application::build(Config::for_database(url))
        .await
        .expect("server starts");
    let base = format!("http://{}", app.local_addr());
    let db = app.db.clone();
    tokio::spawn(app.run_until(std::future::pending()));
    seed(&db).await;
    common::settle(&db).await;
    let client = common::signed_in_as(&base, "p0@bench.example").await;
    let (_, page) = time(&client, &format!("{base}/results")).await;
    // The charts draw every answer; the words come a page at a time, newest first.
    let answers = page.matches("data-response=").count();
    assert_eq!(answers, PAGE, "the newest page of answers");
    let shown = DIARIES - PAGE as i64..DIARIES;
    assert_eq!(
        page.matches("data-told=\"AtOnce\"").count(),
        shown.filter(|n| n % 30 == 0).count(),
        "each fever on the page told"
    );
    assert!(
        page.contains(&format!("of {DIARIES}, newest first")),
        "all {DIARIES} counted"
    );
    let (target, reference) = (format!("{base}/results"), format!("{base}/login"));
    let (m, r) = common::medians(&client, &target, &reference, ROUNDS).await;
    println!(
        "[{label}] my results with {DIARIES} diaries, {answers} in words (GET /results, {} bytes): median {:.1} ms over {ROUNDS}; reference GET /login: median {:.1} ms; ratio {:.1}",
        page.len(),
        m.as_secs_f64() * 1e3,
        r.as_secs_f64() * 1e3,
        m.as_secs_f64() / r.as_secs_f64()
    );
    bundle(label, &client, &base).await;
}

/// The year's FHIR Bundle. Downloads are counted (30 an hour per person): one, then
/// `ROUNDS` timed, stay within the count.
async fn bundle(label: &str, client: &reqwest::Client, base: &str) {
    let target = format!("{base}/my-data/record.fhir.json");
    let (_, body) = time(client, &target).await;
    let bundle: serde_json::Value = serde_json::from_str(&body).expect("a FHIR Bundle");
    let entries = bundle["entry"].as_array().map_or(0, Vec::len);
    assert!(
        entries as i64 > DIARIES,
        "every answer, the patient and the flags: {entries}"
    );
    let (m, r) = common::medians(client, &target, &format!("{base}/login"), ROUNDS).await;
    println!(
        "[{label}] FHIR Bundle of {entries} entries (GET /my-data/record.fhir.json, {} bytes): median {:.1} ms over {ROUNDS}; reference GET /login: median {:.1} ms; ratio {:.1}",
        body.len(),
        m.as_secs_f64() * 1e3,
        r.as_secs_f64() * 1e3,
        m.as_secs_f64() / r.as_secs_f64()
    );
}

fn main() {
    common::on_both_databases("results", |label, url| async move { run(label, &url).await });
}
