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
