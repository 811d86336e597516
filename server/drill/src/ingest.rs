//! The ingest reference for `deploy/local/load.sh`: what a check-in submission does in the
//! database (the session's lookup, then the response, its answers and its audit entry in
//! one transaction, through the server's own storage functions and sqlx), with no HTTP,
//! by as many workers as the HTTP load has connections, as the same patients. The HTTP
//! figures are compared with these, measured in the same run on the same database.
use serde_json::json;
use server::storage::{
    audit::Entry,
    checkins::{self, NewResponse},
    sessions::{self, SessionLimits},
    Db,
};
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use tokio::task::JoinSet;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    database_url: String,
    /// `seed`'s people: their patients answer.
    #[arg(long)]
    people: std::path::PathBuf,
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// How many of the patients answer, the workers shared among them: as many as the HTTP
    /// load sends as (oha sends one cookie: one), since rows of one patient are written
    /// under one patient's row locks (PostgreSQL's foreign-key checks).
    #[arg(long)]
    patients: Option<usize>,
}

const LIMITS: SessionLimits = SessionLimits {
    idle_seconds: 1800,
    absolute_seconds: 43_200,
};

async fn one(db: &Db, token: &str, patient_id: i64, answers: &str) -> anyhow::Result<()> {
    let user = sessions::resolve(db, token, &LIMITS, false).await?;
    anyhow::ensure!(user == Some(patient_id), "the session did not resolve");
    let client_id = uuid::Uuid::new_v4().to_string();
    let new = NewResponse {
        client_id: &client_id,
        patient_id,
        subject: "patient",
        respondent_id: patient_id,
        reported_by: "patient",
        questionnaire: "symptom-diary",
        version: "reference",
        schedule_id: None,
        due_at: None,
        timepoint: "unscheduled",
        answered_at: server::storage::now(),
        submitted_at: server::storage::now(),
        is_late: false,
        answers_json: answers,
        scores: &[],
        triage_version: "reference",
        schedule_version: "reference",
        flags: &[],
        urgent_alert: None,
    };
    checkins::insert(db, &new, Entry::new("checkin.submitted", "127.0.0.1").about(patient_id)).await?;
    Ok(())
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let people: crate::People = serde_json::from_slice(&std::fs::read(&args.people)?)?;
    anyhow::ensure!(!people.patients.is_empty(), "no patients: seed some first");
    let db = Db::connect(&args.database_url, args.concurrency as u32 + 2).await?;
    let answers = Arc::new(crate::burst::diary(false).to_string());
    let mut sessions_of = Vec::new();
    for p in people.patients.iter().take(args.patients.unwrap_or(usize::MAX).max(1)) {
        let token = format!("reference-{}-{}", p.id, uuid::Uuid::new_v4());
        sessions::create(&db, &token, p.id, &LIMITS).await?;
        sessions_of.push((token, p.id));
    }
    let until = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut workers = JoinSet::new();
    for w in 0..args.concurrency {
        let (db, answers) = (db.clone(), answers.clone());
        let (token, patient_id) = sessions_of[w % sessions_of.len()].clone();
        workers.spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < until {
                let t = Instant::now();
                one(&db, &token, patient_id, &answers).await?;
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(latencies)
        });
    }
    let mut all: Vec<f64> = Vec::new();
    for latencies in workers.join_all().await {
        all.extend(latencies?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let at = |q: f64| {
        all.get(((all.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "{}",
        json!({ "ops": all.len(), "seconds": elapsed, "per_second": all.len() as f64 / elapsed,
                "p50_ms": at(0.5), "p99_ms": at(0.99), "concurrency": args.concurrency })
    );
    Ok(())
}
