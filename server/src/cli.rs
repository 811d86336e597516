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
    /// Create an administrator and print a single-use code to set their password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
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
