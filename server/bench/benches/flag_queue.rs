//! The nurse's review queue with 500 open flags, its first page of 50 server-rendered
//! (target ≤ 50 ms), timed over HTTP against the real server on SQLite (and PostgreSQL when
//! VTV_TEST_POSTGRES_URL names a server). The reference, in the same run, is the sign-in page.
//!
//! Run: `cargo bench -p vtv-bench --bench flag_queue`.
use app::domain::{
    checkins::{builtin, score_all, Answer, Answers},
    flag_queue::PAGE_SIZE,
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

const FLAGS: usize = 500;
const ROUNDS: usize = 25;
use app::domain::checkins::builtin::DIARY_SIGNS as SIGNS;

async fn seed(db: &Db) {
    let centre = common::centre_with_nurse(db).await;
    let diary = builtin::all()
        .expect("built-ins")
        .into_iter()
        .find(|q| q.id.ends_with("/symptom-diary"))
        .expect("diary");
    let rules = TriageRules::builtin().expect("rules");
    // 500 flags: one diary entry per patient, each with one sign (or a fever) reported.
    for n in 0..FLAGS {
        let id = common::patient(db, centre, n).await;
        let mut answers: Answers = SIGNS.iter().map(|s| (s.to_string(), Answer::Boolean(false))).collect();
        answers.insert("temperature_unit".into(), Answer::Choice("C".into()));
        answers.insert(
            "temperature_c".into(),
            Answer::Decimal(if n % 11 == 0 { 38.7 } else { 37.0 }),
        );
        if n % 11 != 0 {
            answers.insert(SIGNS[n % SIGNS.len()].to_string(), Answer::Boolean(true));
        }
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
        let answers_json = serde_json::to_string(&answers).expect("json");
        let client_id = format!("bench-{n}");
        insert(
            db,
            &NewResponse {
                client_id: &client_id,
                patient_id: id,
                subject: "patient",
                respondent_id: id,
                reported_by: "patient",
                questionnaire: "symptom-diary",
                version: &diary.version,
                schedule_id: None,
                due_at: None,
                timepoint: "unscheduled",
                answered_at: server::storage::now(),
                submitted_at: server::storage::now(),
                is_late: false,
                answers_json: &answers_json,
                scores: &scores,
                triage_version: &outcome.rules_version,
                schedule_version: "bench",
                flags: &outcome.flags,
                urgent_alert: None,
            },
            Entry::new("bench", "bench").about(id),
        )
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
    let client = common::signed_in(&base).await;
    let (_, page) = time(&client, &format!("{base}/flags")).await;
    let rows = page.matches("data-flag=").count();
    assert_eq!(rows, PAGE_SIZE as usize, "a page of the queue");
    assert!(page.contains(&format!("of {FLAGS}")), "the page counts every flag");
    // To see where the page's bytes go (BENCHMARKS.md breaks them down by part).
    if let Ok(path) = std::env::var("VTV_BENCH_PAGE_OUT") {
        std::fs::write(format!("{path}.{label}.html"), &page).expect("write the page");
    }
    let (target, reference) = (format!("{base}/flags"), format!("{base}/login"));
    let (q, r) = common::medians(&client, &target, &reference, ROUNDS).await;
    // The data without the page, to tell the database's part from the rendering's.
    let data = common::post_median(&client, &base, "/api/flags/queue", ROUNDS).await;
    // The last page sorted by name: every flag sorted, the last 50 shown.
    let last = format!("{base}/flags?sort=patient&page={}", FLAGS as i64 / PAGE_SIZE - 1);
    let (sorted, _) = common::medians(&client, &last, &reference, ROUNDS).await;
    println!(
        "[{label}] review queue with {FLAGS} open flags, a page of {rows} (GET /flags, {} bytes): median {:.1} ms over {ROUNDS}; last page sorted by name {:.1} ms; data only (POST /api/flags/queue) median {:.1} ms; reference GET /login: median {:.1} ms; ratio {:.1}",
        page.len(),
        q.as_secs_f64() * 1e3,
        sorted.as_secs_f64() * 1e3,
        data.as_secs_f64() * 1e3,
        r.as_secs_f64() * 1e3,
        q.as_secs_f64() / r.as_secs_f64()
    );
}

fn main() {
    common::on_both_databases("flags", |label, url| async move { run(label, &url).await });
}
