//! The crash drill's own parts, run by `deploy/local/crash-drill.sh` around a real
//! deployment (nginx, three instances, PostgreSQL; or one instance on SQLite):
//!
//! - `seed`: a centre, nurses and patients who can sign in, each with a push device at the
//!   drill's receiver, and reminders falling due over the drill;
//! - `receive`: the push receiver, writing the Topic of every push it gets to a file;
//! - `burst`: check-in submissions through the proxy at a fixed rate, each retried with its
//!   own client id until acknowledged (as the app's offline queue does);
//! - `verify`: every acknowledged submission stored once, every due reminder received,
//!   and any second receipt explained by a send in flight at a kill.
use clap::{Parser, Subcommand};

// The server's allocator: the ingest reference must not be slowed by another.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

mod burst;
mod ingest;
mod receive;
mod seed;
mod verify;

#[derive(Parser)]
#[command(name = "vtv-drill")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Seed(seed::Args),
    Receive(receive::Args),
    Burst(burst::Args),
    Verify(verify::Args),
    /// The ingest reference: a submission's statements through sqlx, with no HTTP.
    IngestReference(ingest::Args),
    /// Prints a calm diary's answers (JSON), for load scripts that build submissions.
    Diary,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match Cli::parse().command {
        Command::Seed(args) => seed::run(args).await,
        Command::Receive(args) => receive::run(args).await,
        Command::Burst(args) => burst::run(args).await,
        Command::Verify(args) => verify::run(args).await,
        Command::IngestReference(args) => ingest::run(args).await,
        Command::Diary => {
            println!("{}", burst::diary(false));
            Ok(())
        }
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vtv-drill: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The password every drill account signs in with.
pub const PASSWORD: &str = "drill horse battery staple";

/// What `seed` writes for `burst`: who signs in.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct People {
    pub patients: Vec<Person>,
    pub nurses: Vec<Person>,
}

#[derive(serde::Serialize, serde::Deserialize, Clone)]
pub struct Person {
    pub id: i64,
    pub email: String,
}
