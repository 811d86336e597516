//! Backup and restore as the README tells them: SQLite's online `vein-to-vein backup`
//! (VACUUM INTO) and PostgreSQL's pg_dump / pg_restore, each taken while check-ins keep
//! arriving. The restored database serves, and holds every check-in acknowledged before
//! the backup began and the audit log, consent history and reminder history as they were;
//! its append-only triggers still refuse changes.
use crate::answers::{calm_diary, send, submission};
use crate::helpers::{fresh_postgres_url, spawn_on, Kind};
use crate::on_both_databases;
use crate::push_dispatch::{subscribe, AUTH, P256DH};
use crate::push_receiver::Receiver;
use crate::timeline::{start, ward, Ward};
use server::storage::Db;
use std::sync::{
    atomic::{AtomicBool, AtomicUsize, Ordering},
    Arc,
};

on_both_databases!(a_backup_taken_under_writes_restores_everything_acknowledged_before_it);

/// The append-only histories, one text per row, up to the newest row now.
const HISTORIES: [(&str, &str); 3] = [
    (
        "audit_log",
        "CAST(at AS TEXT) || '|' || COALESCE(CAST(actor_id AS TEXT), '') || '|' || action || '|' || COALESCE(CAST(patient_id AS TEXT), '') || '|' || COALESCE(subject, '') || '|' || client_addr",
    ),
    (
        "research_consents",
        "CAST(patient_id AS TEXT) || '|' || action || '|' || via || '|' || CAST(recorded_by AS TEXT) || '|' || CAST(recorded_at AS TEXT)",
    ),
    (
        "push_attempts",
        "CAST(reminder_id AS TEXT) || '|' || CAST(at AS TEXT) || '|' || outcome || '|' || COALESCE(CAST(status AS TEXT), '')",
    ),
];

async fn rows(db: &Db, table: &str, columns: &str, up_to: i64) -> Vec<String> {
    sqlx::query_scalar(&format!(
        "SELECT CAST(id AS TEXT) || '|' || {columns} FROM {table} WHERE id <= $1 ORDER BY id"
    ))
    .bind(up_to)
    .fetch_all(&db.pool)
    .await
    .expect("history rows")
}

async fn newest(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar::<_, Option<i64>>(&format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(&db.pool)
        .await
        .expect("max id")
        .unwrap_or(0)
}

async fn reminders(db: &Db) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT CAST(id AS TEXT) || '|' || rule || '|' || subject || '|' || state || '|' || CAST(send_at AS TEXT) FROM reminders ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .expect("reminders")
}

/// History to keep: a treatment with its reminders (one sent), consent given then
/// withdrawn, and 20 diaries.
async fn history(w: &Ward, receiver: &Receiver) -> Vec<String> {
    let ann = w.app.signed_in("ann@example.org").await;
    subscribe(&ann, &w.app, &receiver.endpoint("ann"), P256DH, AUTH).await;
    assert_eq!(start(w, "axi-cel", "ORD-BACKUP-1").await.0, 200);
    let first: i64 = sqlx::query_scalar("SELECT MIN(send_at) FROM reminders WHERE state = 'pending'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("a planned reminder");
    w.app.clock.advance_to(first);
    w.app.dispatcher.run_until_idle().await.expect("dispatch");
    for given in ["true", "false"] {
        let (status, body) = crate::helpers::call(&ann, &w.app, "research/consent/set", &[("given", given)]).await;
        assert_eq!(status, 200, "{body}");
    }
    let mut acknowledged = Vec::new();
    for i in 0..20 {
        let id = format!("before-{i}");
        let (status, body) = send(&ann, w, &submission(w, &id, "symptom-diary", calm_diary(36.8))).await;
        assert_eq!(status, 200, "{body}");
        acknowledged.push(id);
    }
    acknowledged
}

/// Backs up while `writing` is set, as the README says; answers the restored database's URL.
async fn backup_and_restore(kind: Kind, url: &str, dir: &std::path::Path) -> String {
    let (url, dir) = (url.to_string(), dir.to_path_buf());
    tokio::task::spawn_blocking(move || {
        let run = |command: &mut std::process::Command| {
            let output = command.output().expect("run the backup tool");
            assert!(
                output.status.success(),
                "{:?}: {}",
                command,
                String::from_utf8_lossy(&output.stderr)
            );
        };
        match kind {
            Kind::Sqlite => {
                let copy = dir.join("backup.db");
                run(std::process::Command::new(env!("CARGO_BIN_EXE_vein-to-vein"))
                    .args(["backup", "--to"])
                    .arg(&copy)
                    .env("DATABASE_URL", &url));
                // Restoring is putting the copy where the server reads its database.
                std::fs::create_dir_all(dir.join("restored")).expect("folder");
                std::fs::copy(&copy, dir.join("restored/vein-to-vein.db")).expect("copy");
                format!("sqlite://{}/restored/vein-to-vein.db", dir.display())
            }
            Kind::Postgres => {
                let dump = dir.join("backup.dump");
                run(std::process::Command::new("pg_dump")
                    .args(["-Fc", "-f"])
                    .arg(&dump)
                    .arg(&url));
                let restored = tokio::runtime::Runtime::new()
                    .expect("runtime")
                    .block_on(fresh_postgres_url());
                run(std::process::Command::new("pg_restore")
                    .args(["--no-owner", "--exit-on-error", "-d", &restored])
                    .arg(&dump));
                restored
            }
        }
    })
    .await
    .expect("backup task")
}

async fn a_backup_taken_under_writes_restores_everything_acknowledged_before_it(kind: Kind) {
    let receiver = Receiver::start().await;
    let w = ward(kind).await;
    let acknowledged = history(&w, &receiver).await;
    let newest_before: Vec<i64> = newest_ids(&w.app.db).await;
    let histories: Vec<Vec<String>> = {
        let mut all = Vec::new();
        for ((table, columns), up_to) in HISTORIES.iter().zip(&newest_before) {
            all.push(rows(&w.app.db, table, columns, *up_to).await);
        }
        all
    };
    assert!(histories.iter().all(|h| !h.is_empty()), "{histories:?}");
    let reminders_before = reminders(&w.app.db).await;

    // Check-ins keep arriving while the backup is taken.
    let writing = Arc::new(AtomicBool::new(true));
    let written = Arc::new(AtomicUsize::new(0));
    let ann = w.app.signed_in("ann@example.org").await;
    let writer = {
        let (writing, written, ann) = (writing.clone(), written.clone(), ann.clone());
        let (base, patient_id) = (w.app.base.clone(), w.patient_id);
        tokio::spawn(async move {
            while writing.load(Ordering::SeqCst) {
                let body = serde_json::json!({ "submission": {
                "client_id": format!("during-{}", written.load(Ordering::SeqCst)), "questionnaire": "symptom-diary",
                "patient_id": patient_id, "answers": calm_diary(36.9) }});
                let answer = ann
                    .post(format!("{base}/api/checkins/submit"))
                    .header("accept", "application/json")
                    .json(&body)
                    .send()
                    .await;
                assert!(
                    answer.map(|r| r.status().is_success()).unwrap_or(false),
                    "a write during the backup failed"
                );
                written.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let dir = tempfile::tempdir().expect("folder");
    let at_start = written.load(Ordering::SeqCst);
    let restored_url = backup_and_restore(kind, &w.app.database_url, dir.path()).await;
    let at_end = written.load(Ordering::SeqCst);
    writing.store(false, Ordering::SeqCst);
    writer.await.expect("writer");
    assert!(
        at_end > at_start,
        "writes went on while the backup was taken ({at_start} → {at_end})"
    );

    // The restored database serves.
    let restored = spawn_on(&restored_url, None, |_| {}).await;
    let nurse = restored.signed_in("nurse@leuven.example").await;
    let (status, body) = crate::helpers::call(
        &nurse,
        &restored,
        "timeline/read",
        &[("patient_id", &w.patient_id.to_string())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("ORD-BACKUP-1"), "{body}");
    // Every check-in acknowledged before the backup began.
    let stored: Vec<String> = sqlx::query_scalar("SELECT client_id FROM checkin_responses")
        .fetch_all(&restored.db.pool)
        .await
        .expect("responses");
    for id in &acknowledged {
        assert!(stored.contains(id), "{id} lost");
    }
    // The histories as they were.
    for (((table, columns), up_to), before) in HISTORIES.iter().zip(&newest_before).zip(&histories) {
        assert_eq!(&rows(&restored.db, table, columns, *up_to).await, before, "{table}");
    }
    let reminders_after = reminders(&w.app.db).await;
    let reminders_restored = reminders(&restored.db).await;
    for (i, row) in reminders_before.iter().enumerate() {
        let id = row.split('|').next().unwrap_or_default();
        let now = reminders_restored.iter().find(|r| r.split('|').next() == Some(id));
        assert!(
            now == Some(row) || now == reminders_after.get(i),
            "reminder {id}: {row} became {now:?}"
        );
    }
    // The append-only triggers came back with the tables.
    for statement in [
        "UPDATE audit_log SET action = 'changed' WHERE id = 1",
        "DELETE FROM audit_log WHERE id = 1",
        "UPDATE research_consents SET action = 'given'",
        "DELETE FROM research_consents",
    ] {
        let refused = sqlx::query(statement).execute(&restored.db.pool).await;
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("append-only"),
            "the restored database let through {statement}: {message}"
        );
    }
}

async fn newest_ids(db: &Db) -> Vec<i64> {
    let mut out = Vec::new();
    for (table, _) in HISTORIES {
        out.push(newest(db, table).await);
    }
    out
}
