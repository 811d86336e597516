//! The nurse's list of a centre with 2 000 patients, server-rendered (target ≤ 50 ms),
//! timed over HTTP against the real server on SQLite (and PostgreSQL when
//! VTV_TEST_POSTGRES_URL names a server). The reference, in the same run, is the sign-in
//! page: server-rendered too, but with no data behind it.
//!
//! Run: `cargo bench -p vtv-bench --bench nurse_board` (add VTV_TEST_POSTGRES_URL=… for PostgreSQL).
use app::domain::timeline::{apply, summary, Action, Catalogue, Source, Timeline};
use chrono::{Days, NaiveDate};
use common::median;
use server::{
    config::Config,
    startup::Application,
    storage::{
        audit::Entry,
        timeline::{create, NewTreatment},
        Db,
    },
};
use std::time::{Duration, Instant};

mod common;

const PATIENTS: usize = 2_000;
const ROUNDS: usize = 25;
const PRODUCTS: [&str; 4] = ["axi-cel", "tisa-cel", "cilta-cel", "academic-cd19-poc"];

async fn seed(db: &Db, catalogue: &Catalogue) -> i64 {
    let centre = common::centre_with_nurse(db).await;
    let today = chrono::Utc::now().date_naive();
    for n in 0..PATIENTS {
        let id = common::patient(db, centre, n).await;
        // Patients spread over the whole journey: started 0 to 400 days ago, the past done.
        let product = PRODUCTS[n % PRODUCTS.len()];
        let start = today.checked_sub_days(Days::new((n % 400) as u64)).unwrap_or(today);
        let mut timeline = Timeline::new(catalogue.plan_for(product, "BE").expect("plan"), start);
        let past: Vec<(String, NaiveDate)> = timeline
            .milestones
            .iter()
            .filter(|m| m.planned_on < today)
            .map(|m| (m.key.clone(), m.planned_on))
            .collect();
        for (key, on) in past {
            if let Ok(outcome) = apply(&timeline, &key, Action::Done(on), Source::Nurse, today) {
                timeline = outcome.timeline;
            }
        }
        let reference = format!("BENCH-{n:05}");
        let p = catalogue.product(product).expect("product");
        let new = NewTreatment {
            patient_id: id,
            product_id: product,
            product_name: &p.name,
            template_id: &p.template,
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
    }
    centre
}

async fn time(client: &reqwest::Client, url: &str) -> (Duration, usize) {
    let (took, body) = common::time(client, url).await;
    (took, body.len())
}

async fn run(label: &str, url: &str) {
    let catalogue = server::journeys::load(None).expect("catalogue");
    let app = Application::build(Config::for_database(url))
        .await
        .expect("server starts");
    let base = format!("http://{}", app.local_addr());
    let db = app.db.clone();
    tokio::spawn(app.run_until(std::future::pending()));
    let seeding = Instant::now();
    let centre = seed(&db, &catalogue).await;
    println!(
        "[{label}] seeded {PATIENTS} patients with treatments in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    let client = common::signed_in(&base).await;
    // Warm both paths once, then alternate them so that noise hits both alike.
    let (_, size) = time(&client, &format!("{base}/")).await;
    time(&client, &format!("{base}/login")).await;
    let (mut list, mut reference, mut data) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        list.push(time(&client, &format!("{base}/")).await.0);
        reference.push(time(&client, &format!("{base}/login")).await.0);
        let began = Instant::now();
        // As the page's own call: a form post from another site is refused (and then fast).
        let response = client
            .post(format!("{base}/api/home"))
            .header("Origin", base.as_str())
            .header("Sec-Fetch-Site", "same-origin")
            .form(&[("", "")])
            .send()
            .await
            .expect("data");
        let status = response.status();
        let body = response.bytes().await.expect("body");
        data.push(began.elapsed());
        assert!(
            status.is_success() && body.len() > 100_000,
            "POST /api/home: {status}, {} bytes",
            body.len()
        );
    }
    println!(
        "[{label}] the same list as data only (POST /api/home, JSON): median {:.1} ms",
        median(data).as_secs_f64() * 1e3
    );
    // Its parts, called directly: the one query, and the audit entries (one per patient).
    let today = chrono::Utc::now().date_naive();
    let actor = app::domain::access::Actor {
        user_id: 1,
        role: app::domain::role::Role::Nurse,
        centre_id: Some(centre),
        linked_patient_ids: Vec::new(),
    };
    let (mut query, mut audit_writes) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let began = Instant::now();
        let rows = server::storage::timeline_board::board(&db, centre, today)
            .await
            .expect("board");
        query.push(began.elapsed());
        assert_eq!(rows.len(), PATIENTS);
        let began = Instant::now();
        server::storage::audit::record_centre_reads(&db, &actor, "bench", centre, "bench")
            .await
            .expect("audit");
        audit_writes.push(began.elapsed());
    }
    // How much of the query is moving rows out of the driver: the same rows, one column.
    let mut ids_only = Vec::new();
    for _ in 0..ROUNDS {
        let began = Instant::now();
        let rows = sqlx::query("SELECT p.user_id FROM patients p LEFT JOIN treatments t ON t.patient_id = p.user_id AND t.status = 'active' WHERE p.centre_id = $1 ORDER BY p.full_name, p.user_id")
            .bind(centre)
            .fetch_all(&db.pool)
            .await
            .expect("ids");
        assert_eq!(rows.len(), PATIENTS);
        ids_only.push(began.elapsed());
    }
    println!(
        "[{label}] the same query, one column: median {:.1} ms",
        median(ids_only).as_secs_f64() * 1e3
    );
    println!(
        "[{label}] parts: board query median {:.1} ms; {PATIENTS} audit entries median {:.1} ms",
        median(query).as_secs_f64() * 1e3,
        median(audit_writes).as_secs_f64() * 1e3
    );
    let (l, r) = (median(list), median(reference));
    println!(
        "[{label}] nurse's list of {PATIENTS} patients (GET /, {size} bytes of HTML): median {:.1} ms over {ROUNDS}; reference GET /login: median {:.1} ms; ratio {:.1}",
        l.as_secs_f64() * 1e3,
        r.as_secs_f64() * 1e3,
        l.as_secs_f64() / r.as_secs_f64()
    );
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("temporary folder");
        run("SQLite", &format!("sqlite://{}/bench.db", dir.path().display())).await;
        if let Ok(admin) = std::env::var("VTV_TEST_POSTGRES_URL") {
            let name = format!("vtv_bench_{}", std::process::id());
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("postgres");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create database");
            let (base, _) = admin.rsplit_once('/').expect("a URL with a database");
            run("PostgreSQL", &format!("{base}/{name}")).await;
        }
    });
}
