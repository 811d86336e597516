//! After the drill: every acknowledged submission is stored, none twice; every reminder
//! due has reached the receiver; none recorded as sent was sent again; and a reminder that
//! arrived twice was claimed by an instance killed before it recorded the send (a send in
//! flight at the kill: the same Topic, so the phone shows it once). Exits non-zero
//! otherwise, with the figures.
use server::storage::Db;
use sqlx::Row;
use std::{collections::HashMap, path::PathBuf, time::Duration};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    database_url: String,
    /// `burst`'s acknowledged submissions.
    #[arg(long)]
    acked: PathBuf,
    /// `receive`'s file of pushes.
    #[arg(long)]
    received: PathBuf,
    /// Seconds to wait for due reminders to be sent: a killed instance's claims are taken
    /// again when their lease ends.
    #[arg(long, default_value_t = 180)]
    wait_seconds: u64,
}

async fn unsent_due(db: &Db) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM reminders WHERE state IN ('pending', 'sending') AND send_at <= $1")
            .bind(server::storage::now())
            .fetch_one(&db.pool)
            .await?,
    )
}

async fn stored_client_ids(db: &Db) -> anyhow::Result<HashMap<String, i64>> {
    let rows = sqlx::query("SELECT client_id, COUNT(*) AS n FROM checkin_responses GROUP BY client_id")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("client_id")?, r.try_get("n")?)))
        .collect()
}

#[derive(Default, serde::Serialize)]
struct Reminders {
    due: usize,
    received_once: usize,
    lost: Vec<i64>,
    /// Recorded as sent more than once: a send repeated after it was recorded.
    sent_again: Vec<i64>,
    /// Received more than once, each extra explained by a claim never recorded.
    in_flight_resends: usize,
    unexplained_resends: Vec<i64>,
    by_state: HashMap<String, usize>,
}

async fn reminders(db: &Db, received: &HashMap<String, usize>) -> anyhow::Result<Reminders> {
    let rows = sqlx::query(
        "SELECT r.id, r.state, r.attempts, \
                (SELECT COUNT(*) FROM push_attempts a WHERE a.reminder_id = r.id) AS rounds, \
                (SELECT COUNT(*) FROM push_attempts a WHERE a.reminder_id = r.id AND a.outcome = 'sent') AS sent \
           FROM reminders r WHERE r.send_at <= $1",
    )
    .bind(server::storage::now())
    .fetch_all(&db.pool)
    .await?;
    let mut out = Reminders::default();
    for row in rows {
        let (id, state): (i64, String) = (row.try_get("id")?, row.try_get("state")?);
        let (claims, rounds, sent): (i64, i64, i64) =
            (row.try_get("attempts")?, row.try_get("rounds")?, row.try_get("sent")?);
        *out.by_state.entry(state.clone()).or_default() += 1;
        if state == "cancelled" {
            continue;
        }
        out.due += 1;
        let got = received.get(&format!("reminder-{id}")).copied().unwrap_or(0) as i64;
        match got {
            0 => out.lost.push(id),
            1 => out.received_once += 1,
            _ if got - 1 <= claims - rounds => out.in_flight_resends += (got - 1) as usize,
            _ => out.unexplained_resends.push(id),
        }
        if sent > 1 {
            out.sent_again.push(id);
        }
    }
    Ok(out)
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let db = Db::connect(&args.database_url, 2).await?;
    let started = std::time::Instant::now();
    while unsent_due(&db).await? > 0 && started.elapsed() < Duration::from_secs(args.wait_seconds) {
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let acked: Vec<String> = std::fs::read_to_string(&args.acked)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["client_id"].as_str().map(str::to_string))
        .collect();
    let stored = stored_client_ids(&db).await?;
    let missing: Vec<&String> = acked.iter().filter(|id| !stored.contains_key(*id)).collect();
    // The schema keeps a client id unique; the side effects must be single too: one audit
    // entry per stored submission.
    let doubled = stored.values().filter(|n| **n > 1).count();
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'checkin.submitted'")
        .fetch_one(&db.pool)
        .await?;
    let mut received: HashMap<String, usize> = HashMap::new();
    for line in std::fs::read_to_string(&args.received).unwrap_or_default().lines() {
        if let Some((_, topic)) = line.split_once(' ') {
            *received.entry(topic.to_string()).or_default() += 1;
        }
    }
    let r = reminders(&db, &received).await?;
    println!(
        "{}",
        serde_json::json!({
            "acknowledged": acked.len(), "stored": stored.len(), "acknowledged_missing": missing.len(),
            "stored_twice": doubled, "audited": audited, "reminders": r,
        })
    );
    anyhow::ensure!(
        missing.is_empty(),
        "acknowledged but not stored: {:?}",
        &missing[..missing.len().min(5)]
    );
    anyhow::ensure!(doubled == 0, "{doubled} submissions stored twice");
    anyhow::ensure!(
        audited == stored.len() as i64,
        "{audited} audit entries for {} stored submissions",
        stored.len()
    );
    anyhow::ensure!(r.lost.is_empty(), "due reminders never received: {:?}", r.lost);
    anyhow::ensure!(
        r.sent_again.is_empty(),
        "reminders sent again after being recorded sent: {:?}",
        r.sent_again
    );
    anyhow::ensure!(
        r.unexplained_resends.is_empty(),
        "reminders received twice without a send in flight: {:?}",
        r.unexplained_resends
    );
    Ok(())
}
