//! The research command line as the operator runs it, for the tests: the binary itself,
//! its answers, a database of synthetic patients and an approved project.
use crate::helpers::*;
use server::{
    services::checkins::CheckinCatalogue,
    synthetic::{self, Options, Seeded},
};
use std::process::Output;

/// Runs the binary off the runtime's thread: the test server's tasks run on it, and one
/// frozen inside a write would hold SQLite's lock while the command waits for it.
pub async fn vtv(database_url: &str, args: &[&str]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vein-to-vein"));
    command
        .args(args)
        .env("DATABASE_URL", database_url)
        .env_remove("VTV_RESEARCH_ALLOW_CENTRE")
        .env_remove("VTV_RESEARCH_K");
    tokio::task::spawn_blocking(move || command.output().expect("the server binary runs"))
        .await
        .expect("the command's thread")
}

pub fn ok(out: Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    text
}

pub fn refused(out: Output) -> String {
    assert!(
        !out.status.success(),
        "expected a refusal: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).to_string()
}

pub async fn seeded(app: &TestApp, patients: usize, per_patient: usize) -> Seeded {
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients,
        responses_per_patient: per_patient,
        lowest_adherence: 1.0,
        seed: 6,
    };
    synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded")
}

/// The operator approves a project of everyone, every dataset, for a researcher.
pub async fn project(app: &TestApp, name: &str) {
    let email = "cli.researcher@example.org";
    if server::storage::accounts::credentials_by_email(&app.db, email)
        .await
        .expect("lookup")
        .is_none()
    {
        app.user(app::domain::role::Role::Researcher, email, None).await;
    }
    let expires = (chrono::Utc::now().date_naive() + chrono::Days::new(365)).to_string();
    let said = ok(vtv(
        &app.database_url,
        &[
            "research-project",
            "--name",
            name,
            "--dataset",
            "scores,items,diary,flags,journeys",
            "--ethics",
            "EC 2026/114",
            "--dua",
            "DUA-7",
            "--researcher",
            email,
            "--expires",
            &expires,
        ],
    )
    .await);
    assert!(said.contains("approved"), "{said}");
}
