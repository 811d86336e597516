//! Configuration from the environment (or flags), with defaults that run locally.
use clap::Args;
use std::{net::SocketAddr, path::PathBuf};

#[derive(Args, Clone, Debug)]
pub struct Config {
    /// Address to listen on. cargo-leptos sets LEPTOS_SITE_ADDR.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// sqlite://path/to/file.db (created if missing) or postgres://user@host/db.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/vein-to-vein.db")]
    pub database_url: String,

    /// Seed a labelled demo centre on an empty database and let demo accounts sign in.
    /// Off by default: a real deployment never gets known logins by accident.
    #[arg(long, env = "VTV_DEMO", default_value_t = false)]
    pub demo: bool,

    /// The address people use to reach the app; https makes cookies Secure.
    #[arg(long, env = "VTV_PUBLIC_URL", default_value = "http://127.0.0.1:3000")]
    pub public_url: String,

    /// A session ends after this many minutes without a request.
    #[arg(long, env = "VTV_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,

    /// A session ends this many hours after sign-in, however active.
    #[arg(long, env = "VTV_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: i64,

    /// Where cargo-leptos put the compiled site (wasm, JS, CSS, public files).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Log lines as JSON (for log collectors) instead of text.
    #[arg(long, env = "VTV_LOG_JSON", default_value_t = false)]
    pub log_json: bool,

    /// Behind a reverse proxy: take the client address from the last X-Forwarded-For entry
    /// (the one the proxy added). Only set this when a proxy always sets that header.
    #[arg(long, env = "VTV_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

    /// The journeys catalogue (templates, products, country rules) to use instead of the
    /// built-in one; checked at start.
    #[arg(long, env = "VTV_JOURNEYS_FILE")]
    pub journeys_file: Option<PathBuf>,

    /// An urgent flag not acknowledged after this many minutes shows as overdue to every
    /// nurse of the centre.
    #[arg(long, env = "VTV_ESCALATION_MINUTES", default_value_t = 15)]
    pub escalation_minutes: u32,

    /// The VAPID private key (base64url, 32 bytes) that signs pushes. Unset: one is made on
    /// first start and kept in the database.
    #[arg(long, env = "VTV_VAPID_PRIVATE_KEY", hide_env_values = true)]
    pub vapid_private_key: Option<String>,

    /// Who runs this server, told to the push services (mailto: or https:).
    #[arg(
        long,
        env = "VTV_VAPID_CONTACT",
        default_value = "mailto:care-team@vein-to-vein.invalid"
    )]
    pub vapid_contact: String,

    /// Largest database pool per instance.
    #[arg(long, env = "VTV_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub db_max_connections: u32,

    /// Send due reminders from this instance (several instances may share the work).
    #[arg(long, env = "VTV_DISPATCHER", default_value_t = true, action = clap::ArgAction::Set)]
    pub dispatcher: bool,

    /// Push requests in flight at once, per instance.
    #[arg(long, env = "VTV_PUSH_CONCURRENCY", default_value_t = 32)]
    pub push_concurrency: u16,

    /// Seconds a push service may take to answer before the attempt counts as failed.
    #[arg(long, env = "VTV_PUSH_TIMEOUT_SECONDS", default_value_t = 10)]
    pub push_timeout_seconds: u16,

    /// A PEM certificate to trust for push services besides the public roots.
    #[arg(long, env = "VTV_PUSH_ROOT_CERTIFICATE")]
    pub push_root_certificate: Option<PathBuf>,

    /// Accept push endpoints on this machine or the internal network (test receivers only).
    #[arg(long, env = "VTV_PUSH_ALLOW_LOCAL_ENDPOINTS", default_value_t = false, action = clap::ArgAction::Set)]
    pub push_allow_local_endpoints: bool,

    /// Researcher exports: each released combination of age band, sex, product and place is
    /// shared by at least this many patients (k-anonymity). 2 or more.
    #[arg(long, env = "VTV_RESEARCH_K", default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..))]
    pub research_k: u16,

    /// Let researcher exports name the centre and filter by it (otherwise its country at most).
    #[arg(long, env = "VTV_RESEARCH_ALLOW_CENTRE", default_value_t = false, action = clap::ArgAction::Set)]
    pub research_allow_centre: bool,

    /// Hours an export can be downloaded; after that its key and member list are erased.
    #[arg(long, env = "VTV_RESEARCH_EXPORT_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u16).range(1..))]
    pub research_export_hours: u16,
}

impl Config {
    pub fn research(&self) -> crate::export::Settings {
        crate::export::Settings {
            k: usize::from(self.research_k),
            centre_allowed: self.research_allow_centre,
            lifetime_seconds: i64::from(self.research_export_hours) * 3600,
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Settings for tests and tools: defaults, a given database, any free port.
    pub fn for_database(database_url: &str) -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.to_string(),
            demo: false,
            public_url: "http://127.0.0.1".to_string(),
            session_idle_minutes: 30,
            session_max_hours: 12,
            site_root: PathBuf::from("target/site"),
            log_json: false,
            trust_proxy: false,
            db_max_connections: 5,
            journeys_file: None,
            escalation_minutes: 15,
            vapid_private_key: None,
            vapid_contact: "mailto:care-team@vein-to-vein.invalid".to_string(),
            dispatcher: true,
            push_concurrency: 32,
            push_timeout_seconds: 10,
            push_root_certificate: None,
            push_allow_local_endpoints: false,
            research_k: 5,
            research_allow_centre: false,
            research_export_hours: 24,
        }
    }
}
