use clap::Parser;
use server::{
    cli::{self, Cli, Command},
    demo,
    startup::{shutdown_signal, Application},
    telemetry,
};
use std::process::ExitCode;

// Many small allocations a request (rows, JSON, headers): jemalloc spends less on them than
// glibc's malloc, which took 13 % of the server's CPU under check-in load.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.config.log_json);
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config).await,
        Command::Backup { ref to } => cli::backup(&cli.config, to).await.map(|text| println!("{text}")),
        Command::Migrate => cli::migrate(&cli.config).await.map(|text| println!("{text}")),
        Command::CreateAdmin { email, name } => cli::create_admin(&cli.config, &email, &name).await.map(|code| {
            println!("Administrator created. Open /invitation and enter this single-use code (valid 7 days) to set the password: {code}");
        }),
        command => cli::research(&cli.config, command).await.map(|text| println!("{text}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vein-to-vein: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: server::config::Config) -> Result<(), server::error::StartupError> {
    let demo_mode = config.demo;
    let app = Application::build(config).await?;
    let addr = app.local_addr();
    if demo_mode {
        demo::print_logins(&addr.to_string());
    }
    tracing::info!(%addr, "listening");
    println!("Vein-to-Vein is listening on http://{addr}");
    app.run_until(shutdown_signal())
        .await
        .map_err(|e| server::error::StartupError::Other(format!("server stopped: {e}")))
}
