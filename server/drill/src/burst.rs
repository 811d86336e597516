//! Check-in submissions through the proxy at a fixed rate, while the script kills instances
//! and the database. Each submission keeps its client id across retries, as the app's
//! offline queue does, so a retry after a lost answer cannot store it twice; it is retried
//! on a 5xx, a 429 or a broken connection until acknowledged, or given up after a while.
use crate::{People, Person, PASSWORD};
use serde_json::{json, Value};
use std::{
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};
use tokio::{sync::Semaphore, task::JoinSet};

#[derive(clap::Args)]
pub struct Args {
    /// The proxy's address, e.g. https://127.0.0.1:8443.
    #[arg(long)]
    base: String,
    #[arg(long)]
    people: PathBuf,
    #[arg(long, default_value_t = 10_000)]
    submissions: usize,
    /// Submissions started per second.
    #[arg(long, default_value_t = 200.0)]
    rate: f64,
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// One submission in this many reports a fever: an urgent flag and an alert to the nurses.
    #[arg(long, default_value_t = 25)]
    fever_every: usize,
    /// The proxy's certificate (self-signed), trusted for this run.
    #[arg(long)]
    ca: Option<PathBuf>,
    /// Where to write the acknowledged submissions (JSON lines).
    #[arg(long)]
    acked: PathBuf,
    /// Made once every patient has signed in, as the submissions start (the kills wait for it).
    #[arg(long)]
    started_file: Option<PathBuf>,
    /// Seconds a submission is retried before it is given up.
    #[arg(long, default_value_t = 180)]
    give_up_seconds: u64,
}

enum Outcome {
    Acked {
        client_id: String,
        patient_id: i64,
        fever: bool,
        attempts: u32,
        seconds: f64,
    },
    Refused {
        status: u16,
        body: String,
    },
    GivenUp {
        attempts: u32,
    },
}

fn client(ca: Option<&reqwest::Certificate>) -> anyhow::Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "sec-fetch-site",
        reqwest::header::HeaderValue::from_static("same-origin"),
    );
    let mut builder = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .default_headers(headers);
    if let Some(ca) = ca {
        builder = builder.add_root_certificate(ca.clone());
    }
    Ok(builder.build()?)
}

/// Signs in, retrying while the deployment is being killed.
async fn signed_in(base: &str, person: &Person, ca: Option<&reqwest::Certificate>) -> anyhow::Result<reqwest::Client> {
    let client = client(ca)?;
    let started = Instant::now();
    loop {
        let answer = client
            .post(format!("{base}/auth/login"))
            .form(&[("email", person.email.as_str()), ("password", PASSWORD)])
            .send()
            .await;
        if let Ok(response) = &answer {
            if response.headers().get("location").and_then(|l| l.to_str().ok()) == Some("/") {
                return Ok(client);
            }
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(120),
            "{} could not sign in: {answer:?}",
            person.email
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

pub fn diary(fever: bool) -> Value {
    let mut answers = json!({
        "temperature_unit": { "choice": "C" },
        "temperature_c": { "decimal": if fever { 38.9 } else { 36.8 } },
    });
    for sign in app::domain::checkins::builtin::DIARY_SIGNS {
        answers[sign] = json!({ "boolean": false });
    }
    answers
}

async fn submit(client: reqwest::Client, base: String, patient_id: i64, fever: bool, give_up: Duration) -> Outcome {
    let client_id = uuid::Uuid::new_v4().to_string();
    let body = json!({ "submission": {
        "client_id": client_id, "questionnaire": "symptom-diary", "patient_id": patient_id, "answers": diary(fever),
    }});
    let started = Instant::now();
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let answer = client
            .post(format!("{base}/api/checkins/submit"))
            .header("accept", "application/json")
            .json(&body)
            .send()
            .await;
        match answer {
            Ok(r) if r.status().is_success() => {
                let seconds = started.elapsed().as_secs_f64();
                return Outcome::Acked {
                    client_id,
                    patient_id,
                    fever,
                    attempts,
                    seconds,
                };
            }
            Ok(r) if r.status().is_client_error() && r.status() != 429 => {
                let status = r.status().as_u16();
                let body = r.text().await.unwrap_or_default().chars().take(300).collect();
                return Outcome::Refused { status, body };
            }
            // A 5xx, a 429 or no answer: the same submission again, a little later.
            _ => {}
        }
        if started.elapsed() > give_up {
            return Outcome::GivenUp { attempts };
        }
        let wait = 100u64.saturating_mul(1 << attempts.min(5)).min(2000);
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let people: People = serde_json::from_slice(&std::fs::read(&args.people)?)?;
    anyhow::ensure!(!people.patients.is_empty(), "no patients to sign in: seed some first");
    let ca = match &args.ca {
        Some(path) => Some(reqwest::Certificate::from_pem(&std::fs::read(path)?)?),
        None => None,
    };
    let mut signing_in = JoinSet::new();
    for person in people.patients.clone() {
        let (base, ca) = (args.base.clone(), ca.clone());
        signing_in.spawn(async move { signed_in(&base, &person, ca.as_ref()).await.map(|c| (c, person.id)) });
    }
    let clients: Vec<(reqwest::Client, i64)> =
        signing_in.join_all().await.into_iter().collect::<anyhow::Result<_>>()?;
    if let Some(path) = &args.started_file {
        std::fs::write(path, b"started\n")?;
    }
    let permits = Arc::new(Semaphore::new(args.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let started = Instant::now();
    for i in 0..args.submissions {
        let due = Duration::from_secs_f64(i as f64 / args.rate.max(0.1));
        if let Some(wait) = due.checked_sub(started.elapsed()) {
            tokio::time::sleep(wait).await;
        }
        let permit = permits.clone().acquire_owned().await?;
        let (client, patient_id) = clients[i % clients.len()].clone();
        let fever = args.fever_every > 0 && i % args.fever_every == 0;
        let (base, give_up) = (args.base.clone(), Duration::from_secs(args.give_up_seconds));
        tasks.spawn(async move {
            let outcome = submit(client, base, patient_id, fever, give_up).await;
            drop(permit);
            outcome
        });
    }
    let outcomes: Vec<Outcome> = tasks.join_all().await;
    report(&args, outcomes, started.elapsed().as_secs_f64())
}

fn report(args: &Args, outcomes: Vec<Outcome>, elapsed: f64) -> anyhow::Result<()> {
    let mut acked = String::new();
    let (mut latencies, mut retried, mut attempts_total, mut refused, mut given_up) =
        (Vec::new(), 0, 0u64, Vec::new(), 0);
    for outcome in outcomes {
        match outcome {
            Outcome::Acked {
                client_id,
                patient_id,
                fever,
                attempts,
                seconds,
            } => {
                acked
                    .push_str(&json!({ "client_id": client_id, "patient_id": patient_id, "fever": fever }).to_string());
                acked.push('\n');
                latencies.push(seconds);
                retried += usize::from(attempts > 1);
                attempts_total += u64::from(attempts);
            }
            Outcome::Refused { status, body } => refused.push(format!("{status}: {body}")),
            Outcome::GivenUp { attempts } => {
                given_up += 1;
                attempts_total += u64::from(attempts);
            }
        }
    }
    std::fs::write(&args.acked, acked)?;
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "{}",
        json!({
            "submissions": args.submissions, "acknowledged": latencies.len(), "retried": retried,
            "requests": attempts_total, "refused": refused.len(), "given_up": given_up,
            "seconds": (elapsed * 10.0).round() / 10.0,
            "ack_seconds_p50": at(0.5), "ack_seconds_p99": at(0.99), "ack_seconds_max": at(1.0),
        })
    );
    anyhow::ensure!(
        refused.is_empty(),
        "submissions refused: {:?}",
        &refused[..refused.len().min(5)]
    );
    anyhow::ensure!(given_up == 0, "{given_up} submissions were never acknowledged");
    Ok(())
}
