//! The command line: serving (the default) and operator tasks.
use crate::{
    auth::tokens,
    config::Config,
    error::StartupError,
    storage::{self, accounts::NewUser, Db},
};
use app::{
    domain::{role::Role, validation::Email},
    i18n::Locale,
};
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "vein-to-vein",
    version,
    about = "Vein-to-Vein: a companion for people going through CAR-T cell therapy"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the app (the default).
    Serve,
    /// An online backup of a SQLite database (`VACUUM INTO`): a consistent copy while the
    /// server runs and writes. PostgreSQL is backed up with pg_dump (see the README).
    Backup {
        /// The file to write; it must not exist.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Apply the database migrations and stop: run once before starting several instances
    /// (which may then start with VTV_MIGRATE_AT_START=false).
    Migrate,
    /// Create an administrator and print a single-use code to set their password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Export an approved project's pseudonymised data (as the export page does), to a zip,
    /// one file or a folder. Audit-logged; only patients whose consent stands.
    Export(crate::export::command::ExportArgs),
    /// Approve a study project as the data steward does: its cohort is frozen at once.
    ResearchProject(crate::export::command::ProjectArgs),
    /// An aggregate table for open release (counts and mean scores per timepoint, product and
    /// region) under differential privacy, spent from the project's budget.
    Aggregate(crate::export::aggregate_command::AggregateArgs),
    /// Fill a database of its own with synthetic patients, consent, treatments and check-in
    /// answers (for tests and benchmarks). Refuses a database with real centres.
    SeedSynthetic {
        #[arg(long, default_value_t = 1000)]
        patients: usize,
        #[arg(long, default_value_t = 20)]
        responses_per_patient: usize,
        /// Each patient answers each window they are asked with an adherence of their own,
        /// drawn from this to 1.
        #[arg(long, default_value_t = 0.6)]
        lowest_adherence: f64,
        /// The same seed makes the same people and answers.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Seal the audit log's entries older than a few minutes now (each instance's
    /// housekeeping also does, every hour), and print the newest root to keep elsewhere.
    AuditSeal {
        /// Leave entries younger than this for the next seal.
        #[arg(long, default_value_t = crate::services::audit_seals::SEAL_AFTER_SECONDS)]
        older_than_seconds: i64,
    },
    /// Export the audit log of a period (UTC days, both included) as FHIR AuditEvent NDJSON
    /// or CSV, ending with the export's own entry, which names the chain's head.
    AuditExport {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// ndjson or csv.
        #[arg(long, default_value = "ndjson")]
        format: String,
        /// The file to write (written beside it, then renamed once whole).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Register a hospital system to read the FHIR API (SMART Backend Services), list them,
    /// or revoke one.
    FhirClient(crate::fhir_api::client_command::FhirClientArgs),
    /// Check the audit log against its seals, and name the first broken link: an entry
    /// changed, removed or added after its seal, a seal changed or removed.
    AuditVerify {
        /// A root kept outside the database (from the log or an audit export): a tail of
        /// seals removed since is found too.
        #[arg(long)]
        head: Option<String>,
    },
}

pub async fn create_admin(config: &Config, email: &str, name: &str) -> Result<String, StartupError> {
    let email = Email::parse(email).map_err(|_| StartupError::Other(format!("'{email}' is not an email address")))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(StartupError::Other("--name must not be empty".into()));
    }
    let db = Db::open(&config.database_url, 1).await?;
    if storage::accounts::credentials_by_email(&db, email.as_str())
        .await?
        .is_some()
    {
        return Err(StartupError::Other(format!(
            "an account with the email {} already exists",
            email.as_str()
        )));
    }
    let user_id = storage::accounts::create_user(
        &db.pool,
        &NewUser {
            role: Role::Admin,
            email: email.as_str(),
            display_name: name,
            centre_id: None,
            locale: Locale::En,
            time_zone: None,
            is_demo: false,
        },
    )
    .await?;
    let code = tokens::new_invitation_code();
    storage::invitations::issue(&db, user_id, &tokens::digest(&code), None).await?;
    db.pool.close().await;
    Ok(tokens::display_code(&code))
}

/// Writes a consistent copy of a SQLite database while it is in use; answers what to print.
pub async fn backup(config: &Config, to: &std::path::Path) -> Result<String, StartupError> {
    if to.exists() {
        return Err(StartupError::Other(format!("{} exists: give a new file", to.display())));
    }
    let Some(to_text) = to.to_str() else {
        return Err(StartupError::Other("give the backup a path in UTF-8".into()));
    };
    // An existing database only: a mistyped URL must not make, and back up, an empty one.
    let db = Db::connect(&existing_only(&config.database_url)?, 1).await?;
    if db.migrations_pending().await? > 0 {
        return Err(StartupError::Other(
            "the database is not a migrated Vein-to-Vein database: check DATABASE_URL".into(),
        ));
    }
    sqlx::query("VACUUM INTO $1").bind(to_text).execute(&db.pool).await?;
    db.pool.close().await;
    // The copy holds health data: its owner's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| StartupError::Other(format!("restricting {}: {e}", to.display())))?;
    }
    Ok(format!("Backed up to {}", to.display()))
}

/// A SQLite URL that opens the file only if it exists (`mode=rw`); PostgreSQL is refused.
fn existing_only(url: &str) -> Result<String, StartupError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(StartupError::Other(
            "backup copies a SQLite database; back PostgreSQL up with pg_dump -Fc (see the README)".into(),
        ));
    }
    if url.contains("mode=") {
        return Ok(url.to_string());
    }
    Ok(format!("{url}{}mode=rw", if url.contains('?') { '&' } else { '?' }))
}

/// Applies the migrations not yet applied; answers what to print.
pub async fn migrate(config: &Config) -> Result<String, StartupError> {
    let db = Db::connect(&config.database_url, 1).await?;
    let applied = db.migrate().await?;
    db.pool.close().await;
    Ok(match applied {
        0 => "The database is up to date: no migration to apply.".to_string(),
        n => format!("Applied {n} migration(s); the database is up to date."),
    })
}

/// Runs an operator command that needs only the database; answers what to print.
pub async fn research(config: &Config, command: Command) -> Result<String, StartupError> {
    let db = Db::open(&config.database_url, 2).await?;
    let outcome = match command {
        Command::Export(args) => crate::export::command::export(&db, config.research(), &args)
            .await
            .map_err(|e| StartupError::Other(e.to_string())),
        Command::Aggregate(args) => {
            let journeys = crate::journeys::load(config.journeys_file.as_deref())?;
            let products = journeys.products.iter().map(|p| p.id.clone()).collect();
            crate::export::aggregate_command::run(&db, &products, &args)
                .await
                .map_err(|e| StartupError::Other(e.to_string()))
        }
        Command::FhirClient(args) => crate::fhir_api::client_command::run(&db, &config.public_url, &args)
            .await
            .map_err(StartupError::Other),
        Command::ResearchProject(args) => crate::export::command::approve_project(&db, config.research(), &args)
            .await
            .map_err(|e| StartupError::Other(e.to_string())),
        Command::SeedSynthetic {
            patients,
            responses_per_patient,
            lowest_adherence,
            seed,
        } => {
            let journeys = crate::journeys::load(config.journeys_file.as_deref())?;
            let checkins = crate::services::checkins::CheckinCatalogue::builtin()?;
            let options = crate::synthetic::Options {
                patients,
                responses_per_patient,
                lowest_adherence,
                seed,
            };
            crate::synthetic::seed(&db, &journeys, &checkins, &options).await.map(|s| {
                format!(
                    "Seeded {} synthetic patients ({} consented, {} withdrew, {} never asked), {} responses, {} answers.",
                    s.patients,
                    s.consented.len(),
                    s.withdrawn.len(),
                    s.unconsented.len(),
                    s.responses,
                    s.answers
                )
            })
        }
        Command::AuditSeal { older_than_seconds } => audit_seal(&db, older_than_seconds).await,
        Command::AuditVerify { head } => audit_verify(&db, head.as_deref()).await,
        Command::AuditExport { from, to, format, out } => audit_export(&db, (&from, &to), &format, &out).await,
        Command::Serve | Command::Migrate | Command::Backup { .. } | Command::CreateAdmin { .. } => {
            Err(StartupError::Other("not a research command".into()))
        }
    };
    db.pool.close().await;
    outcome
}

async fn audit_seal(db: &Db, older_than_seconds: i64) -> Result<String, StartupError> {
    let made = crate::services::audit_seals::seal_due(db, older_than_seconds.max(0)).await?;
    let head = crate::storage::audit_seals::last(db)
        .await?
        .map_or_else(|| crate::services::audit_seals::GENESIS.to_string(), |s| s.root);
    Ok(format!(
        "Sealed {} entries in {} seal(s). Head: {head}",
        made.iter().map(|s| s.entries).sum::<i64>(),
        made.len(),
    ))
}

async fn audit_verify(db: &Db, head: Option<&str>) -> Result<String, StartupError> {
    let verdict = crate::services::audit_seals::verify(db, head).await?;
    match verdict.broken {
        Some(broken) => Err(StartupError::Other(format!(
            "the audit log is broken: {broken} ({} seals checked before it)",
            verdict.seals
        ))),
        None => Ok(format!(
            "The audit log is intact: {} entries in {} seals. Head: {}",
            verdict.entries, verdict.seals, verdict.head
        )),
    }
}

async fn audit_export(
    db: &Db,
    (from, to): (&str, &str),
    format: &str,
    out: &std::path::Path,
) -> Result<String, StartupError> {
    use crate::services::audit_export::{self, Format};
    let flag = |problem: String| StartupError::Other(format!("--{problem}"));
    let (from_at, until) = audit_export::period(from, to).map_err(flag)?;
    let format = Format::parse(format).map_err(flag)?;
    let mut partial = out.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let failed = |e: &dyn std::fmt::Display| StartupError::Other(format!("cannot write {}: {e}", out.display()));
    // Readable by its owner only, as backups are: it names who read which record.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = std::io::BufWriter::new(options.open(&partial).map_err(|e| failed(&e))?);
    let who = crate::storage::audit::Entry::new(audit_export::EXPORTED, "command line");
    let written = audit_export::write(db, (from_at, until), format, who, &mut file).await;
    let written = match written.and_then(|w| Ok(std::io::Write::flush(&mut file).map(|()| w)?)) {
        Ok(w) => w,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(failed(&error));
        }
    };
    drop(file);
    std::fs::rename(&partial, out).map_err(|e| failed(&e))?;
    Ok(format!(
        "Exported {} audit entries to {}, and the export's own. Head: {}",
        written.entries,
        out.display(),
        written.head
    ))
}
