//! The drill's push receiver: answers 201 to every push and appends `device topic` to a
//! file, one line per push, so that `verify` counts how often each reminder arrived.
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    routing::post,
    Router,
};
use std::{
    io::Write,
    path::PathBuf,
    sync::{Arc, Mutex},
};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(long)]
    out: PathBuf,
}

type Log = Arc<Mutex<std::fs::File>>;

async fn push(State(log): State<Log>, Path(device): Path<String>, headers: HeaderMap) -> StatusCode {
    let topic = headers
        .get("topic")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let written = match log.lock() {
        Ok(mut file) => writeln!(file, "{device} {topic}").is_ok(),
        Err(_) => false,
    };
    if written {
        StatusCode::CREATED
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    }
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let file = std::fs::OpenOptions::new().create(true).append(true).open(&args.out)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await?;
    println!("listening on {}", listener.local_addr()?.port());
    let router = Router::new()
        .route("/push/{device}", post(push))
        .with_state(Arc::new(Mutex::new(file)));
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
