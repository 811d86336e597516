//! What the HTTP benchmarks share: a centre with its nurse, patients, the signed-in
//! client, and medians.
#![allow(dead_code)] // each bench uses its own part
use app::{domain::role::Role, i18n::Locale};
use server::{
    auth::password,
    storage::{
        accounts::{self, NewPatient, NewUser},
        centres::{self, NewCentre},
        Db,
    },
};
use std::time::{Duration, Instant};

// The server binary allocates with jemalloc (server/src/main.rs): so do the servers these
// benches start, or they would time glibc's malloc, which the deployment does not run. Until
// 2026-12-06 they did (30 % of the review queue's samples were in malloc and free).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

pub const NURSE: &str = "nurse@bench.example";
const PASSWORD: &str = "bench password 1";

/// The bench centre and its nurse (who signs in with [`signed_in`]).
pub async fn centre_with_nurse(db: &Db) -> i64 {
    let centre = centres::create(
        &db.pool,
        &NewCentre {
            name: "Bench Centre",
            country: "BE",
            time_zone: "Europe/Brussels",
            hotline: "+32 16 00 00 00",
            is_demo: false,
        },
    )
    .await
    .expect("centre");
    let hash = password::hash(PASSWORD.to_string()).await.expect("hash");
    let nurse = user(db, Role::Nurse, NURSE, centre).await;
    accounts::set_password_hash(&db.pool, nurse, &hash)
        .await
        .expect("password");
    centre
}

async fn user(db: &Db, role: Role, email: &str, centre: i64) -> i64 {
    accounts::create_user(
        &db.pool,
        &NewUser {
            role,
            email,
            display_name: email,
            centre_id: Some(centre),
            locale: Locale::En,
            time_zone: None,
            is_demo: false,
        },
    )
    .await
    .expect("user")
}

/// Patient number `n` of the centre, enrolled.
pub async fn patient(db: &Db, centre: i64, n: usize) -> i64 {
    let id = user(db, Role::Patient, &format!("p{n}@bench.example"), centre).await;
    let name = format!("Bench Patient {n:04}");
    accounts::create_patient(
        &db.pool,
        id,
        centre,
        &NewPatient {
            full_name: &name,
            date_of_birth: "1960-01-01",
            sex: "female",
            phone: "+32 400 00 00 00",
            enrolled_by: None,
        },
    )
    .await
    .expect("patient");
    id
}

/// Gives an account the benchmarks' password, so that it can sign in with [`signed_in_as`].
pub async fn with_password(db: &Db, user_id: i64) {
    let hash = password::hash(PASSWORD.to_string()).await.expect("hash");
    accounts::set_password_hash(&db.pool, user_id, &hash)
        .await
        .expect("password");
}

/// A client with the nurse's session.
pub async fn signed_in(base: &str) -> reqwest::Client {
    signed_in_as(base, NURSE).await
}

/// A client with this account's session (its password set by [`with_password`]).
pub async fn signed_in_as(base: &str, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    client
        .post(format!("{base}/auth/login"))
        .header("accept", "text/html")
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .expect("sign in");
    client
}

/// After seeding, PostgreSQL's statistics brought up to date, as autovacuum does within the
/// minute on a database in use: planned on tables it still thinks empty, the review queue's
/// query took 26 ms instead of 5 (2026-12-06), a figure no deployment would see.
pub async fn settle(db: &Db) {
    if db.kind == server::storage::DbKind::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.expect("analyze");
    }
}

/// The median time of `rounds` empty-form POSTs to a server function (a page's data only,
/// without its rendering), sent as the page's own script sends them.
pub async fn post_median(client: &reqwest::Client, base: &str, path: &str, rounds: usize) -> Duration {
    let mut samples = Vec::new();
    for _ in 0..rounds {
        let began = Instant::now();
        let response = client
            .post(format!("{base}{path}"))
            .header("Origin", base)
            .header("Sec-Fetch-Site", "same-origin")
            .form(&[("", "")])
            .send()
            .await
            .expect("data");
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.bytes().await.expect("body");
        samples.push(began.elapsed());
    }
    median(samples)
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// How long a GET takes, body included; and the body.
pub async fn time(client: &reqwest::Client, url: &str) -> (Duration, String) {
    let began = Instant::now();
    let body = client
        .get(url)
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    (began.elapsed(), body)
}

/// The medians of `rounds` GETs of `target` and of `reference`, taken in turn (one of each
/// first, unmeasured, to warm both).
pub async fn medians(client: &reqwest::Client, target: &str, reference: &str, rounds: usize) -> (Duration, Duration) {
    time(client, reference).await;
    let (mut measured, mut against) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        measured.push(time(client, target).await.0);
        against.push(time(client, reference).await.0);
    }
    (median(measured), median(against))
}

/// Runs `run` on a fresh SQLite database, then on a fresh PostgreSQL one named after `name`
/// when VTV_TEST_POSTGRES_URL names a server.
pub fn on_both_databases<F, Fut>(name: &str, run: F)
where
    F: Fn(&'static str, String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("temporary folder");
        run("SQLite", format!("sqlite://{}/bench.db", dir.path().display())).await;
        if let Ok(admin) = std::env::var("VTV_TEST_POSTGRES_URL") {
            let database = format!("vtv_{name}_{}", std::process::id());
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("postgres");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {database}").as_str())
                .await
                .expect("create database");
            let (base, _) = admin.rsplit_once('/').expect("a URL with a database");
            run("PostgreSQL", format!("{base}/{database}")).await;
        }
    });
}
