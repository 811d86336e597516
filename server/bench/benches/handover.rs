//! The shift handover of a centre with 200 patients in days 0–14 after infusion, each with a
//! diary (for the last temperature), server-rendered (target ≤ 50 ms), timed over HTTP
//! against the real server. The reference, in the same run, is the sign-in page.
//!
//! Run: `cargo bench -p vtv-bench --bench handover` (add VTV_TEST_POSTGRES_URL=… for PostgreSQL).
use app::domain::timeline::{apply, summary, Action, Catalogue, MilestoneKind, Source, Timeline};
use chrono::Days;
use server::{
    config::Config,
    startup::Application,
    storage::{
        audit::Entry,
        timeline::{create, NewTreatment},
        Db,
    },
};

mod common;

const PATIENTS: usize = 200;
const ROUNDS: usize = 25;

/// Patients infused 0 to 14 days ago, every step until then done, one diary each.
async fn seed(db: &Db, catalogue: &Catalogue) -> i64 {
    let centre = common::centre_with_nurse(db).await;
    let today = chrono::Utc::now().date_naive();
    let product = catalogue.product("tisa-cel").expect("product");
    let plan = catalogue.plan_for("tisa-cel", "BE").expect("plan");
    // How long after the start the infusion is planned.
    let planned = Timeline::new(plan.clone(), today);
    let to_infusion = planned
        .first_of(MilestoneKind::Infusion)
        .map(|m| (m.planned_on - today).num_days())
        .expect("an infusion");
    for n in 0..PATIENTS {
        let id = common::patient(db, centre, n).await;
        let start = today - Days::new((to_infusion + (n % 15) as i64) as u64);
        let mut timeline = Timeline::new(plan.clone(), start);
        let past: Vec<(String, chrono::NaiveDate)> = timeline
            .milestones
            .iter()
            .filter(|m| m.planned_on <= today && m.kind <= MilestoneKind::Infusion)
            .map(|m| (m.key.clone(), m.planned_on))
            .collect();
        for (key, on) in past {
            if let Ok(outcome) = apply(&timeline, &key, Action::Done(on), Source::Nurse, today) {
                timeline = outcome.timeline;
            }
        }
        let reference = format!("HAND-{n:05}");
        let new = NewTreatment {
            patient_id: id,
            product_id: "tisa-cel",
            product_name: &product.name,
            template_id: &product.template,
            order_reference: &reference,
            timeline: &timeline,
            planned_at: &vec![None; timeline.milestones.len()],
            summary: &summary(&timeline),
        };
        let audit = Entry::new("treatment.started", "bench").about(id);
        create(
            db,
            &new,
            audit,
            None,
            &server::storage::reminders::ReminderPlan::default(),
        )
        .await
        .expect("treatment");
        let answers = format!(
            r#"{{"temperature_c": {{"decimal": {}}}}}"#,
            36.5 + (n % 30) as f64 / 10.0
        );
        sqlx::query("INSERT INTO checkin_responses (client_id, patient_id, subject, respondent_id, reported_by, questionnaire_name, questionnaire_version, submitted_at, answered_at, answers, scores, triage_version) VALUES ($1, $2, 'patient', $2, 'patient', 'symptom-diary', '1', $3, $3, $4, '[]', 'bench')")
            .bind(format!("bench-diary-{n}"))
            .bind(id)
            .bind(server::storage::now() - (n as i64 % 24) * 3600)
            .bind(answers)
            .execute(&db.pool)
            .await
            .expect("diary");
    }
    centre
}

async fn run(label: &'static str, url: String) {
    let catalogue = server::journeys::load(None).expect("catalogue");
    let app = Application::build(Config::for_database(&url))
        .await
        .expect("server starts");
    let base = format!("http://{}", app.local_addr());
    let db = app.db.clone();
    tokio::spawn(app.run_until(std::future::pending()));
    seed(&db, &catalogue).await;
    common::settle(&db).await;
    let client = common::signed_in(&base).await;
    let (_, page) = common::time(&client, &format!("{base}/handover")).await;
    let listed = page.matches("table class=\"dense watched\"").count();
    let rows = page.matches("Bench Patient").count();
    assert!(
        listed == 1 && rows >= PATIENTS,
        "the handover lists every watched patient ({rows})"
    );
    let (handover, reference) =
        common::medians(&client, &format!("{base}/handover"), &format!("{base}/login"), ROUNDS).await;
    let data = common::post_median(&client, &base, "/api/desk/handover", ROUNDS).await;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "[{label}] handover of {PATIENTS} patients in days 0-14 (GET /handover, {} bytes): median {:.1} ms over {ROUNDS}; data only (POST /api/desk/handover) median {:.1} ms; reference GET /login median {:.1} ms; ratio {:.1}",
        page.len(),
        ms(handover),
        ms(data),
        ms(reference),
        handover.as_secs_f64() / reference.as_secs_f64()
    );
}

fn main() {
    common::on_both_databases("handover", run);
}
