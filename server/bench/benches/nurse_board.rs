//! The nurse's board of a centre with 2 000 patients, a page at a time, as it opens and
//! searched and filtered, server-rendered (target ≤ 50 ms), timed over HTTP against the real server on SQLite (and PostgreSQL when
//! VTV_TEST_POSTGRES_URL names a server). The reference, in the same run, is the sign-in
//! page: server-rendered too, but with no data behind it.
//!
//! Run: `cargo bench -p vtv-bench --bench nurse_board` (add VTV_TEST_POSTGRES_URL=… for PostgreSQL).
use app::domain::{
    desk_board::{BoardFilter, BoardQuery},
    timeline::{apply, summary, Action, Catalogue, Source, Timeline},
};
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
    let mut config = Config::for_database(url);
    // The scheduled jobs are run by hand below, to time them.
    config.dispatcher = false;
    let app = Application::build(config).await.expect("server starts");
    let base = format!("http://{}", app.local_addr());
    let db = app.db.clone();
    let services = app.services.clone();
    tokio::spawn(app.run_until(std::future::pending()));
    let seeding = Instant::now();
    let centre = seed(&db, &catalogue).await;
    common::settle(&db).await;
    println!(
        "[{label}] seeded {PATIENTS} patients with treatments in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    // The scheduled count of missed check-ins the board filters on: one run over every
    // active treatment (it runs every 5 minutes, on one instance).
    let began = Instant::now();
    server::services::desk_board::count_missed(&services)
        .await
        .expect("counted")
        .expect("its turn");
    println!(
        "[{label}] counting missed check-ins of {PATIENTS} treatments: {:.0} ms",
        began.elapsed().as_secs_f64() * 1e3
    );
    let client = common::signed_in(&base).await;
    // The first page (worst first), and a search with a stage filter sorted by name.
    let first = format!("{base}/");
    let filtered = format!("{base}/?q=bench-01&stage=close_monitoring&sort=name");
    let (_, size) = time(&client, &first).await;
    let (_, found) = common::time(&client, &filtered).await;
    assert!(found.contains("data-patient-id"), "the filter finds patients");
    let filtered_size = found.len();
    time(&client, &format!("{base}/login")).await;
    let (mut list, mut search, mut reference, mut data) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Alternated, so that noise hits every path alike.
    for _ in 0..ROUNDS {
        list.push(time(&client, &first).await.0);
        search.push(time(&client, &filtered).await.0);
        reference.push(time(&client, &format!("{base}/login")).await.0);
        let began = Instant::now();
        // As the page's own call: a form post from another site is refused (and then fast).
        let response = client
            .post(format!("{base}/api/desk/board"))
            .header("Origin", base.as_str())
            .header("Sec-Fetch-Site", "same-origin")
            .form(&[
                ("query[stage]", "close_monitoring"),
                ("query[sort]", "next"),
                ("query[page]", "1"),
            ])
            .send()
            .await
            .expect("data");
        let status = response.status();
        let body = response.bytes().await.expect("body");
        data.push(began.elapsed());
        assert!(
            status.is_success() && body.len() > 5_000,
            "POST /api/desk/board: {status}, {} bytes",
            body.len()
        );
    }
    // The query alone, called directly: a page of the whole centre, and the search.
    let (mut whole, mut found) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        for (samples, query) in [
            (&mut whole, BoardQuery::default()),
            (
                &mut found,
                BoardQuery {
                    q: "bench-01".into(),
                    stage: "close_monitoring".into(),
                    sort: "name".into(),
                    ..BoardQuery::default()
                },
            ),
        ] {
            let filter = BoardFilter::parse(&query).expect("valid");
            let began = Instant::now();
            let (rows, total) = server::storage::desk_board::page(&db, centre, 1, &filter)
                .await
                .expect("board");
            samples.push(began.elapsed());
            assert!(!rows.is_empty() && total > 0);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let r = median(reference);
    println!(
        "[{label}] board query alone: first page of {PATIENTS} median {:.1} ms; searched and filtered median {:.1} ms",
        ms(median(whole)),
        ms(median(found))
    );
    println!(
        "[{label}] a page as data only (POST /api/desk/board, JSON): median {:.1} ms",
        ms(median(data))
    );
    for (what, samples, bytes) in [
        ("GET /", list, size),
        (
            "GET /?q=bench-01&stage=close_monitoring&sort=name",
            search,
            filtered_size,
        ),
    ] {
        let l = median(samples);
        println!(
            "[{label}] nurse's board of {PATIENTS} patients ({what}, {bytes} bytes of HTML): median {:.1} ms over {ROUNDS}; reference GET /login: median {:.1} ms; ratio {:.1}",
            ms(l),
            ms(r),
            l.as_secs_f64() / r.as_secs_f64()
        );
    }
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
