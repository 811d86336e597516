//! Wiring: database, state, router, listener. Used by `main` and by the tests.
use crate::{
    clock::{Clock, SystemClock},
    config::Config,
    demo,
    error::StartupError,
    http,
    push::dispatcher::{DispatchSettings, Dispatcher},
    services::Services,
    storage::{sessions::SessionLimits, Db},
};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::{future::Future, net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    pub backend: Arc<Services>,
    /// Research exports being written at once on this instance: fewer than the pool's
    /// connections, so that sessions, pages and the dispatcher always find one.
    pub download_writers: Arc<tokio::sync::Semaphore>,
    /// The files the service worker keeps for offline use, listed at start-up.
    pub shell: Arc<crate::http::app_shell::AppShell>,
    /// Passkeys' relying party: none when the public address cannot be one (an IP address).
    pub webauthn: Option<Arc<webauthn_rs::Webauthn>>,
    /// The hospital's OpenID provider, where staff sign-in through it is set up.
    pub sso: Option<Arc<crate::auth::sso::provider::Provider>>,
}

impl AppState {
    pub fn session_limits(&self) -> SessionLimits {
        SessionLimits {
            idle_seconds: self.config.session_idle_minutes * 60,
            absolute_seconds: self.config.session_max_hours * 3600,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    session_limits: SessionLimits,
    pub db: Db,
    /// Sends due reminders; runs in the background when the configuration says so.
    pub dispatcher: Arc<Dispatcher>,
    /// Tells the hospital's systems of red flags; in the background alongside `dispatcher`.
    pub hospital_dispatcher: Arc<crate::hospital_webhooks::dispatcher::HospitalDispatcher>,
    /// What server functions call; tests run scheduled jobs through it.
    pub services: Arc<Services>,
    dispatch_in_background: bool,
    limits: crate::serve::Limits,
    /// Prometheus' own address, when configured.
    metrics_listener: Option<TcpListener>,
}

impl Application {
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        Application::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// As `build`, with a clock the caller controls (tests move it forward).
    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Application, StartupError> {
        let catalogue = Arc::new(crate::journeys::load(config.journeys_file.as_deref())?);
        let instruments = Arc::new(crate::services::instruments::Instruments::builtin()?);
        let db = Db::connect(&config.database_url, config.db_max_connections).await?;
        if config.migrate_at_start {
            db.migrate().await?;
        } else {
            wait_for_migrations(&db).await?;
        }
        instruments
            .refresh(&db, true)
            .await
            .map_err(|e| StartupError::Other(format!("reading the check-in instruments in force: {e}")))?;
        let secrets = Arc::new(
            crate::secrets::Sealer::load(
                config.secrets_key.as_deref(),
                &config.secrets_key_file,
                config.secrets_key_previous.as_deref(),
            )
            .map_err(|e| StartupError::Other(e.to_string()))?,
        );
        let resealed = crate::secrets::reseal_stored(&db, &secrets)
            .await
            .map_err(|e| StartupError::Other(format!("sealing stored secrets: {e}")))?;
        if resealed > 0 {
            tracing::info!(resealed, "sealed stored secrets under the current key");
        }
        let push = Arc::new(
            crate::services::push::PushKeys::load(
                &db,
                secrets.clone(),
                config.vapid_private_key.as_deref(),
                &config.vapid_contact,
            )
            .await
            .map_err(StartupError::Other)?,
        );
        let seeded = config.demo && demo::seed_if_empty(&db, &catalogue).await?;
        if seeded {
            tracing::info!("seeded the demo centre");
        }
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| StartupError::Listen {
                addr: config.addr.to_string(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartupError::Listen {
            addr: config.addr.to_string(),
            source,
        })?;
        let metrics_listener = match config.metrics_addr {
            Some(addr) => Some(TcpListener::bind(addr).await.map_err(|source| StartupError::Listen {
                addr: addr.to_string(),
                source,
            })?),
            None => None,
        };
        let hash_file = crate::http::asset_caching::hash_file();
        let leptos_options = LeptosOptions::builder()
            .output_name("vein-to-vein")
            .site_root(config.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .hash_files(hash_file.is_some())
            .hash_file(
                hash_file
                    .map(|path| path.display().to_string())
                    .unwrap_or_else(|| "hash.txt".into())
                    .into(),
            )
            .build();
        let webauthn = crate::auth::relying_party::from_public_url(&config.public_url).map(Arc::new);
        let sso = crate::auth::sso::from_config(&config).map_err(StartupError::Other)?;
        let backend = Arc::new(Services {
            db: db.clone(),
            passkeys: webauthn.is_some(),
            sso: sso.is_some(),
            demo: config.demo,
            catalogue,
            instruments,
            push,
            metrics: Arc::new(crate::metrics::Metrics::new()),
            escalation_minutes: i64::from(config.escalation_minutes),
            clock,
            push_endpoints: Arc::new(config.push_endpoints()),
            secrets,
            dispatch_wake: Arc::new(tokio::sync::Notify::new()),
            research: config.research(),
            public_url: config.public_url.trim_end_matches('/').to_string(),
            plain_http_origins: config.hospital_webhook_test_origins.clone(),
        });
        let extra_root_pem = match &config.push_root_certificate {
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                StartupError::Other(format!("reading VTV_PUSH_ROOT_CERTIFICATE {}: {e}", path.display()))
            })?),
            None => None,
        };
        let dispatcher = Arc::new(
            Dispatcher::new(
                backend.clone(),
                backend.clock.clone(),
                DispatchSettings {
                    concurrency: usize::from(config.push_concurrency.max(1)),
                    timeout: std::time::Duration::from_secs(u64::from(config.push_timeout_seconds.max(1))),
                    extra_root_pem,
                    ..DispatchSettings::default()
                },
            )
            .map_err(StartupError::Other)?,
        );
        let hospital_dispatcher = Arc::new(
            crate::hospital_webhooks::dispatcher::HospitalDispatcher::from_config(&config, &backend)
                .map_err(StartupError::Other)?,
        );
        let dispatch_in_background = config.dispatcher;
        if seeded {
            // The demo's treatments were made before the services existed: plan their
            // reminders now, as a nurse's start would have.
            for patient_id in crate::storage::timeline::active_patients(&db).await? {
                crate::services::reminders::replan(&backend, patient_id)
                    .await
                    .map_err(|e| StartupError::Other(format!("planning the demo's reminders: {e}")))?;
            }
        }
        crate::storage::download_slots::ensure(&db, config.download_caps().total).await?;
        let download_writers = Arc::new(tokio::sync::Semaphore::new(writers_for(&config)));
        let shell = Arc::new(crate::http::app_shell::AppShell::load(&config.site_root));
        let services = backend.clone();
        let state = AppState {
            download_writers,
            shell,
            webauthn,
            sso,
            db: db.clone(),
            config: Arc::new(config),
            leptos_options,
            backend,
        };
        let session_limits = state.session_limits();
        let limits = connection_limits(&state.config);
        Ok(Application {
            listener,
            router: http::router(state),
            session_limits,
            db,
            dispatcher,
            hospital_dispatcher,
            services,
            dispatch_in_background,
            limits,
            metrics_listener,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Where `/metrics` is served, when it is.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener.as_ref().and_then(|l| l.local_addr().ok())
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let housekeeping = tokio::spawn(housekeeping(self.db.clone(), self.session_limits));
        // Every instance, dispatching or not, answers with the instruments in force.
        let instruments = self.services.instruments.clone().spawn_poll(self.db.clone());
        let dispatcher = self.dispatch_in_background.then(|| self.dispatcher.clone().spawn());
        let hospital = self
            .dispatch_in_background
            .then(|| self.hospital_dispatcher.clone().spawn());
        // Background jobs run where reminders are sent; each claims its turn in the database.
        let silence_watch = self
            .dispatch_in_background
            .then(|| crate::services::desk_jobs::spawn(self.services.clone()));
        let metrics = self.metrics_listener.map(|listener| {
            let router = http::metrics_endpoint::router(self.services.clone());
            tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, router).await {
                    tracing::error!(%error, "the metrics listener stopped");
                }
            })
        });
        crate::serve::serve(self.listener, self.router, self.limits, shutdown).await?;
        housekeeping.abort();
        instruments.abort();
        if let Some(task) = metrics {
            task.abort();
        }
        if let Some(task) = silence_watch {
            task.abort();
        }
        if let Some(mut task) = hospital {
            // The attempt under way finishes and the rest of its batch goes back, within a
            // deadline; past it, the lease (a few minutes) gives them to another instance.
            self.hospital_dispatcher.stop();
            if tokio::time::timeout(std::time::Duration::from_secs(15), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
        if let Some(mut task) = dispatcher {
            // The batch under way finishes (its sends are recorded), within a deadline.
            self.dispatcher.stop();
            if tokio::time::timeout(std::time::Duration::from_secs(30), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
        self.db.pool.close().await;
        Ok(())
    }
}

/// Started with migrations left to `vein-to-vein migrate`: waits (up to 10 minutes) until
/// it has run, since nothing below works on tables not made yet.
async fn wait_for_migrations(db: &Db) -> Result<(), StartupError> {
    for attempt in 0..600 {
        // A database that does not answer yet is waited for too.
        match db.migrations_pending().await {
            Ok(0) => return Ok(()),
            Ok(pending) if attempt % 30 == 0 => {
                tracing::warn!(
                    pending,
                    "waiting for `vein-to-vein migrate` to apply the database migrations"
                )
            }
            Err(error) if attempt % 30 == 0 => tracing::warn!(%error, "waiting for the database"),
            _ => {}
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    Err(StartupError::Other(
        "the database migrations were not applied within 10 minutes: run `vein-to-vein migrate`".into(),
    ))
}

fn connection_limits(config: &Config) -> crate::serve::Limits {
    let seconds = |s: u16| std::time::Duration::from_secs(u64::from(s));
    crate::serve::Limits {
        max_connections: config.max_connections.map_or_else(
            || crate::serve::default_max_connections(config.db_max_connections, config.push_concurrency),
            |n| usize::try_from(n).unwrap_or(usize::MAX),
        ),
        header: seconds(config.request_read_seconds),
        body: seconds(config.request_body_seconds),
        stall: seconds(config.response_stall_seconds),
    }
}

/// Half the pool at most, and never more than the downloads allowed.
fn writers_for(config: &Config) -> usize {
    let half_pool = usize::try_from(config.db_max_connections / 2).unwrap_or(1).max(1);
    half_pool.min(usize::from(config.research_downloads_total))
}

/// Every hour (and at start), ended sessions and old sign-in attempts are removed,
/// researcher exports past their time lose their key and member list, and the audit log's
/// entries older than a few minutes are sealed.
async fn housekeeping(db: Db, limits: SessionLimits) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match crate::storage::housekeeping::prune(&db, &limits).await {
            Ok((sessions, attempts)) => tracing::debug!(
                sessions,
                attempts,
                "housekeeping removed ended sessions and old attempts"
            ),
            Err(error) => tracing::warn!(%error, "housekeeping failed; will try again in an hour"),
        }
        match crate::storage::research_exports::expire_due(&db, crate::storage::now()).await {
            Ok(expired) => tracing::debug!(expired, "housekeeping expired researcher exports"),
            Err(error) => tracing::warn!(%error, "expiring exports failed; will try again in an hour"),
        }
        // Each seal logs its root: the head kept outside the database.
        let seal_after = crate::services::audit_seals::SEAL_AFTER_SECONDS;
        if let Err(error) = crate::services::audit_seals::seal_due(&db, seal_after).await {
            tracing::warn!(%error, "sealing the audit log failed; will try again in an hour");
        }
    }
}

/// Completes on SIGTERM (what service managers send) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
