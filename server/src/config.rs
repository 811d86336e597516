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

    /// The key (base64url, 32 bytes) that seals integration secrets and VAPID private keys
    /// in the database. Unset: read from VTV_SECRETS_KEY_FILE.
    #[arg(long, env = "VTV_SECRETS_KEY", hide_env_values = true)]
    pub secrets_key: Option<String>,

    /// Where the secrets key is kept when VTV_SECRETS_KEY is unset; made there if missing.
    #[arg(long, env = "VTV_SECRETS_KEY_FILE", default_value = "data/secrets.key")]
    pub secrets_key_file: PathBuf,

    /// While rotating: the previous secrets key, so that values it sealed are sealed again
    /// under the new one at start.
    #[arg(long, env = "VTV_SECRETS_KEY_PREVIOUS", hide_env_values = true)]
    pub secrets_key_previous: Option<String>,

    /// Who runs this server, told to the push services (mailto: or https:).
    #[arg(
        long,
        env = "VTV_VAPID_CONTACT",
        default_value = "mailto:care-team@vein-to-vein.invalid"
    )]
    pub vapid_contact: String,

    /// Apply the database migrations at start. A deployment of several instances may run
    /// `vein-to-vein migrate` once instead, and start them with this off: an instance then
    /// waits, not listening, until the migrations are done.
    #[arg(long, env = "VTV_MIGRATE_AT_START", default_value_t = true, action = clap::ArgAction::Set)]
    pub migrate_at_start: bool,

    /// Where to serve Prometheus metrics (`/metrics`), apart from the public address: a
    /// loopback or internal address the proxy does not forward. Unset: no metrics.
    #[arg(long, env = "VTV_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

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

    /// Push services the server sends to, as host name suffixes (comma-separated); `*` lets
    /// any public host in. Internal addresses are refused whatever this says.
    #[arg(long, env = "VTV_PUSH_SERVICE_HOSTS", default_value = crate::push::endpoint_policy::DEFAULT_SERVICE_HOSTS, value_delimiter = ',')]
    pub push_service_hosts: Vec<String>,

    /// Test receivers only: exact `host:port` push endpoints let in over http and on this
    /// machine (comma-separated). Empty in a real deployment.
    #[arg(long, env = "VTV_PUSH_TEST_RECEIVERS", value_delimiter = ',')]
    pub push_test_receivers: Vec<String>,

    /// A PEM certificate to trust for the hospital's webhook receivers (a hospital's own
    /// certificate authority) besides the public roots.
    #[arg(long, env = "VTV_HOSPITAL_WEBHOOK_ROOT_CERTIFICATE")]
    pub hospital_webhook_root_certificate: Option<PathBuf>,

    /// Tests only: origins (`http://host:port`) an admin may allow over plain http
    /// (comma-separated). Empty in a real deployment: webhooks then go over https only.
    #[arg(long, env = "VTV_HOSPITAL_WEBHOOK_TEST_ORIGINS", value_delimiter = ',')]
    pub hospital_webhook_test_origins: Vec<String>,

    /// Tests only: names the push client resolves to these addresses without DNS.
    #[arg(skip)]
    pub push_resolve_overrides: std::collections::HashMap<String, Vec<std::net::IpAddr>>,

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

    /// Exports one researcher may make in a day, counted across all instances.
    #[arg(long, env = "VTV_RESEARCH_EXPORTS_PER_DAY", default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..))]
    pub research_exports_per_day: u16,

    /// Research downloads in progress at once, across all instances.
    #[arg(long, env = "VTV_RESEARCH_DOWNLOADS_TOTAL", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub research_downloads_total: u16,

    /// Research downloads in progress at once for one researcher.
    #[arg(long, env = "VTV_RESEARCH_DOWNLOADS_PER_RESEARCHER", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    pub research_downloads_per_researcher: u16,

    /// Minutes a research download may take to be read; a slower client is cut off.
    #[arg(long, env = "VTV_RESEARCH_DOWNLOAD_MINUTES", default_value_t = 15, value_parser = clap::value_parser!(u16).range(1..))]
    pub research_download_minutes: u16,

    /// State-changing requests one signed-in person may make per minute (check-ins are
    /// always stored). Counted in the database, across instances.
    #[arg(long, env = "VTV_WRITES_PER_MINUTE", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub writes_per_minute: u32,

    /// Open connections at most; unset, what the open-file limit leaves room for.
    #[arg(long, env = "VTV_MAX_CONNECTIONS")]
    pub max_connections: Option<u32>,

    /// Seconds a client has to send a request's headers (from their first byte); a
    /// keep-alive connection idle this long is closed too.
    #[arg(long, env = "VTV_REQUEST_READ_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    pub request_read_seconds: u16,

    /// Seconds a client has to send a request's body, once its headers are in.
    #[arg(long, env = "VTV_REQUEST_BODY_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..))]
    pub request_body_seconds: u16,

    /// Seconds a client may leave an answer unread before the connection is closed.
    #[arg(long, env = "VTV_RESPONSE_STALL_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..))]
    pub response_stall_seconds: u16,

    #[command(flatten)]
    pub oidc: crate::auth::sso::settings::OidcConfig,
}

impl Config {
    pub fn research(&self) -> crate::export::Settings {
        crate::export::Settings {
            k: usize::from(self.research_k),
            centre_allowed: self.research_allow_centre,
            lifetime_seconds: i64::from(self.research_export_hours) * 3600,
            exports_per_day: i64::from(self.research_exports_per_day),
        }
    }

    pub fn download_caps(&self) -> crate::storage::download_slots::Caps {
        crate::storage::download_slots::Caps {
            total: i64::from(self.research_downloads_total),
            per_researcher: i64::from(self.research_downloads_per_researcher),
            lease_seconds: i64::from(self.research_download_minutes) * 60,
        }
    }

    pub fn push_endpoints(&self) -> crate::push::endpoint_policy::EndpointPolicy {
        let listed: Vec<String> = self
            .push_service_hosts
            .iter()
            .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        crate::push::endpoint_policy::EndpointPolicy {
            service_hosts: if listed.iter().any(|h| h == "*") {
                Vec::new()
            } else {
                listed
            },
            test_receivers: self.push_test_receivers.iter().map(|r| r.trim().to_string()).collect(),
            resolve_overrides: self.push_resolve_overrides.clone(),
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
            migrate_at_start: true,
            metrics_addr: None,
            journeys_file: None,
            escalation_minutes: 15,
            vapid_private_key: None,
            secrets_key: None,
            // One key for every test server of this machine, kept out of the repository.
            secrets_key_file: std::env::temp_dir().join("vein-to-vein-test-secrets.key"),
            secrets_key_previous: None,
            vapid_contact: "mailto:care-team@vein-to-vein.invalid".to_string(),
            dispatcher: true,
            push_concurrency: 32,
            push_timeout_seconds: 10,
            push_root_certificate: None,
            push_service_hosts: crate::push::endpoint_policy::DEFAULT_SERVICE_HOSTS
                .split(',')
                .map(str::to_string)
                .collect(),
            push_test_receivers: Vec::new(),
            hospital_webhook_root_certificate: None,
            hospital_webhook_test_origins: Vec::new(),
            push_resolve_overrides: std::collections::HashMap::new(),
            research_k: 5,
            research_allow_centre: false,
            research_export_hours: 24,
            research_exports_per_day: 20,
            research_downloads_total: 4,
            research_downloads_per_researcher: 2,
            research_download_minutes: 15,
            writes_per_minute: 60,
            max_connections: None,
            request_read_seconds: 10,
            request_body_seconds: 30,
            response_stall_seconds: 30,
            oidc: crate::auth::sso::settings::OidcConfig {
                oidc_client_id: "vein-to-vein".into(),
                oidc_role_claim: "groups".into(),
                oidc_centre_claim: "vtv_centre".into(),
                oidc_staff_passwords: true,
                ..Default::default()
            },
        }
    }
}
