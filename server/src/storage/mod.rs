//! The database: one set of portable SQL (`$1` placeholders, `RETURNING`) run through
//! sqlx's `Any` driver against SQLite or PostgreSQL, chosen by DATABASE_URL.
pub mod account_controls;
pub mod accounts;
pub mod audit;
pub mod audit_seals;
pub mod calendar_feeds;
pub mod caregiver_invitations;
pub mod centres;
pub mod checkin_reads;
pub mod checkins;
pub mod desk_board;
pub mod download_slots;
pub mod enrolment;
mod error;
pub mod fhir_clients;
pub mod fhir_reads;
pub mod flags;
pub mod handover;
pub mod hospital_deliveries;
pub mod hospital_webhooks;
pub mod housekeeping;
pub mod instrument_versions;
pub mod integrations;
pub mod invitations;
pub mod kept_treatments;
pub mod known_devices;
mod member_responses;
pub mod monitoring;
pub mod nursing;
pub mod outbox;
pub mod passkeys;
pub mod practical_help;
pub mod push;
pub mod questionnaires;
pub mod rate_counters;
pub mod release_lock;
pub mod reminders;
pub mod research;
pub mod research_exports;
pub mod research_projects;
pub mod research_rows;
pub mod research_time;
pub mod scheduled_jobs;
pub mod second_factor;
pub mod sessions;
pub mod silence;
pub mod sso;
pub mod team_messages;
pub mod throttle;
pub mod timeline;
pub mod timeline_board;
mod timeline_changes;
pub mod turnaround;
pub mod visit_questions;
pub mod wait_times;

pub use error::{is_unique_violation, Result, StorageError};

use crate::error::StartupError;
use sqlx::{any::AnyPoolOptions, migrate::Migrator, AnyPool, Executor};
use std::{path::Path, time::Duration};

/// How long a pooled connection may sit idle before it is checked on its next use.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(1);

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    /// What an outbox's claim subquery ends with, so that instances claiming at once skip
    /// each other's rows (PostgreSQL); SQLite writes one at a time anyway.
    pub(crate) fn skip_locked(self) -> &'static str {
        match self {
            DbKind::Postgres => "FOR UPDATE SKIP LOCKED",
            DbKind::Sqlite => "",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub kind: DbKind,
    /// Treatments as this instance last read them for check-ins, checked against the
    /// database at each use (`kept_treatments`).
    pub kept_treatments: std::sync::Arc<kept_treatments::KeptTreatments>,
}

/// Seconds since the Unix epoch, UTC: how every time is stored.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Db {
    /// Opens (creating a SQLite file if needed) and migrates the database.
    pub async fn open(url: &str, max_connections: u32) -> Result<Db, StartupError> {
        let db = Db::connect(url, max_connections).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// One connection from the pool, for work that makes several queries in a row (a
    /// check-in's): taken from the pool and given back once, not once per query (sqlx
    /// pings a connection given back: a round trip on PostgreSQL). Nothing else may be
    /// taken from the pool while it is held.
    pub async fn connection(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// Opens without migrating: an instance started with `VTV_MIGRATE_AT_START=false`
    /// listens only once `vein-to-vein migrate` has run.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, StartupError> {
        sqlx::any::install_default_drivers();
        let (kind, url) = prepare_url(url)?;
        let options = AnyPoolOptions::new()
            .max_connections(if kind == DbKind::Sqlite {
                max_connections.max(1)
            } else {
                max_connections
            })
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings every connection it hands out, by default: on PostgreSQL a round
            // trip before each query (and it pings again when the connection comes back).
            // Only a connection left idle a while is checked (the database may have
            // restarted meanwhile); one in steady use is not.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(
                    async move { Ok(meta.idle_for < IDLE_BEFORE_PING || sqlx::Connection::ping(conn).await.is_ok()) },
                )
            });
        let options = if kind == DbKind::Sqlite {
            options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers work while one writer writes; the busy timeout makes a
                    // second writer wait instead of failing at once.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;")
                        .await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options.connect(&url).await.map_err(|source| StartupError::Connect {
            url: redact(&url),
            source,
        })?;
        Ok(Db {
            pool,
            kind,
            kept_treatments: Default::default(),
        })
    }

    fn migrator(&self) -> &'static Migrator {
        match self.kind {
            DbKind::Sqlite => &SQLITE_MIGRATIONS,
            DbKind::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// Applies the migrations not yet applied; answers how many it applied. Several
    /// instances may run it at once: on PostgreSQL sqlx holds an advisory lock meanwhile.
    pub async fn migrate(&self) -> Result<usize, StartupError> {
        let before = self.migrations_pending().await.unwrap_or(0);
        self.migrator().run(&self.pool).await?;
        Ok(before)
    }

    /// Migrations this build has that the database has not applied (all of them on a
    /// database never migrated).
    pub async fn migrations_pending(&self) -> Result<usize> {
        let applied: Vec<i64> = match sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_all(&self.pool)
            .await
        {
            Ok(applied) => applied,
            // Never migrated: the table does not exist yet (SQLite says so in words).
            Err(sqlx::Error::Database(e))
                if e.code().as_deref() == Some("42P01") || e.message().contains("no such table") =>
            {
                Vec::new()
            }
            Err(error) => return Err(error.into()),
        };
        Ok(self
            .migrator()
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .count())
    }
}

/// Checks the scheme and, for SQLite, makes sure the file's folder exists and is writable.
fn prepare_url(url: &str) -> Result<(DbKind, String), StartupError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((DbKind::Postgres, url.to_string()));
    }
    let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        return Err(StartupError::UnsupportedDatabaseUrl(redact(url)));
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err(StartupError::Other(
            "DATABASE_URL must name a SQLite file (an in-memory database would lose everything at restart)".into(),
        ));
    }
    if let Some(folder) = Path::new(path).parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|source| StartupError::DataFolder {
            path: folder.display().to_string(),
            source,
        })?;
        let probe = folder.join(".write-check");
        std::fs::write(&probe, b"").map_err(|source| StartupError::DataFolder {
            path: folder.display().to_string(),
            source,
        })?;
        let _ = std::fs::remove_file(probe);
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".into()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok((DbKind::Sqlite, format!("sqlite://{path}?{query}")))
}

/// Hides a password in a database URL before it reaches a log or an error message.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://vtv:s3cret@db:5432/vtv"),
            "postgres://vtv:***@db:5432/vtv"
        );
        assert_eq!(redact("postgres://vtv@db/vtv"), "postgres://vtv@db/vtv");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[test]
    fn sqlite_urls_are_created_on_first_use_and_other_schemes_refused() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/nested/v.db", dir.path().display());
        let (kind, prepared) = prepare_url(&url).unwrap();
        assert_eq!(kind, DbKind::Sqlite);
        assert!(prepared.ends_with("?mode=rwc"));
        assert!(dir.path().join("nested").is_dir());
        assert!(matches!(
            prepare_url("mysql://x"),
            Err(StartupError::UnsupportedDatabaseUrl(_))
        ));
        assert!(prepare_url("sqlite://:memory:").is_err());
    }
}
