//! The binary as an operator meets it: clear, non-zero exits on bad configuration.
use crate::helpers::{database_url, fresh_postgres_url, Kind};
use server::storage::Db;
use sqlx::Row;
use std::{collections::BTreeSet, process::Command};

fn run(args: &[&str], database_url: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vein-to-vein"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env_remove("VTV_DEMO")
        .output()
        .expect("run the server binary");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn an_unreachable_database_stops_start_up_with_the_cause() {
    let (ok, text) = run(&[], "postgres://vtv:secret@127.0.0.1:1/vtv");
    assert!(!ok);
    assert!(
        text.contains("cannot open the database at postgres://vtv:***@127.0.0.1:1/vtv"),
        "{text}"
    );
    assert!(!text.contains("secret"), "passwords stay out of messages");
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn a_data_folder_that_cannot_be_written_stops_start_up_with_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let (ok, text) = run(&[], &format!("sqlite://{}/data/v.db", file.display()));
    assert!(!ok);
    assert!(text.contains("cannot create the data folder"), "{text}");
    let (ok, text) = run(&[], "mysql://localhost/v");
    assert!(!ok);
    assert!(
        text.contains("DATABASE_URL must start with sqlite:// or postgres://"),
        "{text}"
    );
}

#[tokio::test]
async fn create_admin_prints_a_single_use_code() {
    let (url, _dir) = database_url(Kind::Sqlite).await;
    let (ok, text) = run(
        &[
            "create-admin",
            "--email",
            "Admin@Centre.example",
            "--name",
            "First Admin",
        ],
        &url,
    );
    assert!(ok, "{text}");
    let code = text.trim().rsplit(' ').next().unwrap();
    assert_eq!(
        app::domain::validation::normalise_invitation_code(code).map(|c| c.len()),
        Ok(12)
    );
    let (ok, text) = run(
        &["create-admin", "--email", "admin@centre.example", "--name", "Again"],
        &url,
    );
    assert!(!ok);
    assert!(text.contains("already exists"), "{text}");
}

async fn columns(db: &Db, sql: &str) -> BTreeSet<(String, String)> {
    sqlx::query(sql)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get::<String, _>("t"), row.get::<String, _>("c")))
        .collect()
}

#[tokio::test]
async fn both_schemas_agree() {
    let (sqlite_url, _dir) = database_url(Kind::Sqlite).await;
    let sqlite = Db::open(&sqlite_url, 1).await.unwrap();
    let postgres = Db::open(&fresh_postgres_url().await, 1).await.unwrap();
    let in_sqlite = columns(
        &sqlite,
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .await;
    let in_postgres = columns(
        &postgres,
        "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .await;
    assert!(in_sqlite.len() > 40, "{in_sqlite:?}");
    assert_eq!(in_sqlite, in_postgres);
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let (url, _dir) = database_url(Kind::Sqlite).await;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vein-to-vein"))
        .env("DATABASE_URL", &url)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env_remove("VTV_DEMO")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the server");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).expect("the server reports its address");
    let base = line.trim().rsplit(' ').next().expect("an address").to_string();
    assert_eq!(
        reqwest::get(format!("{base}/healthz")).await.expect("health").status(),
        200
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let started = std::time::Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            started.elapsed().as_secs() < 10,
            "the server did not stop within 10 s of SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
}

/// A deployment of several instances migrates once (`migrate`), then starts them with
/// `VTV_MIGRATE_AT_START=false`: such an instance waits for the migrations before it listens.
#[tokio::test]
async fn migrate_runs_once_and_an_instance_started_without_it_waits_for_it() {
    let (url, _dir) = database_url(Kind::Sqlite).await;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vein-to-vein"))
        .env("DATABASE_URL", &url)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("VTV_MIGRATE_AT_START", "false")
        .env_remove("VTV_DEMO")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the server");
    let stdout = child.stdout.take().expect("stdout");
    let child = KilledOnDrop(child);
    let (tx, listening) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
        let _ = tx.send(line);
    });
    let waited = listening.recv_timeout(std::time::Duration::from_secs(2));
    assert!(waited.is_err(), "listening before the migrations ran: {waited:?}");

    let (ok, text) = run(&["migrate"], &url);
    assert!(ok && text.contains("Applied") && !text.contains("Applied 0"), "{text}");
    let line = listening
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("listening once migrated");
    let base = line.trim().rsplit(' ').next().expect("an address").to_string();
    assert_eq!(
        reqwest::get(format!("{base}/readyz")).await.expect("ready").status(),
        200
    );
    let (ok, text) = run(&["migrate"], &url);
    assert!(ok && text.contains("no migration to apply"), "{text}");
    drop(child);
}

/// A server started by a test, stopped however the test ends (a failed assertion too).
struct KilledOnDrop(std::process::Child);

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
