//! The dispatcher: a background task that claims due reminders under a lease, encrypts each
//! for every device of its recipient, sends it to their push service, and writes every
//! attempt's outcome. Bounded concurrency; the clock is injected.
use super::{
    delivery,
    endpoint_policy::GuardedResolver,
    round::{round_of, Pending, Plan},
    send::{deliver, Job, KeyState, Sent},
    vapid::Vapid,
};
use crate::{
    clock::Clock,
    services::Services,
    storage,
    storage::outbox::{self, Claimed},
};
use app::domain::reminders::lock_screen_words;
use app::i18n::Locale;
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};
use tokio::{
    sync::{Notify, Semaphore},
    task::JoinSet,
};

#[derive(Clone, Debug)]
pub struct DispatchSettings {
    /// Reminders claimed at once.
    pub batch: i64,
    /// Push requests in flight at once.
    pub concurrency: usize,
    /// How long a push service may take to answer.
    pub timeout: Duration,
    /// How often to look for due reminders when nothing wakes the dispatcher.
    pub interval: Duration,
    /// A PEM certificate to trust besides the public roots (a push receiver on this machine).
    pub extra_root_pem: Option<Vec<u8>>,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        DispatchSettings {
            batch: 256,
            concurrency: 32,
            timeout: Duration::from_secs(10),
            interval: Duration::from_secs(1),
            extra_root_pem: None,
        }
    }
}

/// The largest JSON a push carries: push services take 4 096 bytes of encrypted payload, and
/// the inbox keeps the whole text anyway.
const MAX_PAYLOAD: usize = 3000;

pub struct Dispatcher {
    services: Arc<Services>,
    clock: Arc<dyn Clock>,
    http: reqwest::Client,
    settings: DispatchSettings,
    /// Keys opened so far, by id: a device is signed for with the key it subscribed with,
    /// retired or not.
    opened_keys: Mutex<HashMap<i64, Arc<Vapid>>>,
    /// Wakes the loop at once (a reminder due now was just written).
    pub wake: Arc<Notify>,
    stop: AtomicBool,
}

impl Dispatcher {
    pub fn new(
        services: Arc<Services>,
        clock: Arc<dyn Clock>,
        settings: DispatchSettings,
    ) -> Result<Dispatcher, String> {
        let mut builder = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .pool_max_idle_per_host(settings.concurrency)
            .user_agent(concat!("vein-to-vein/", env!("CARGO_PKG_VERSION")))
            // A push service never redirects; a redirect could lead inside.
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(GuardedResolver(services.push_endpoints.clone())));
        if let Some(pem) = &settings.extra_root_pem {
            let cert = reqwest::Certificate::from_pem(pem).map_err(|e| format!("the push root certificate: {e}"))?;
            builder = builder.add_root_certificate(cert);
        }
        let http = builder.build().map_err(|e| format!("the push HTTP client: {e}"))?;
        Ok(Dispatcher {
            wake: services.dispatch_wake.clone(),
            services,
            clock,
            http,
            settings,
            opened_keys: Mutex::new(HashMap::new()),
            stop: AtomicBool::new(false),
        })
    }

    /// Claims one batch of due reminders, sends them and records the outcomes; answers how
    /// many it claimed.
    pub async fn run_once(&self) -> storage::Result<usize> {
        let db = &self.services.db;
        let now = self.clock.now();
        let timeout = self.settings.timeout.as_secs() as i64;
        let token: i64 = rand::random::<i64>() & i64::MAX;
        let claimed = outbox::claim(db, now, now + 2 * timeout + 60, self.settings.batch, token).await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let (plans, jobs) = self.plan(&claimed, now).await?;
        // Every request gets its time: a slow push service must not let the lease run out.
        let waves = jobs.len().div_ceil(self.settings.concurrency.max(1)) as i64;
        outbox::extend(db, token, now + (waves + 1) * timeout + 60).await?;
        let results = self.send_all(jobs, now).await;
        let round = round_of(&plans, results, now);
        outbox::record(db, self.clock.now(), token, &round).await?;
        for attempt in &round.attempts {
            self.services.metrics.count_push(attempt.outcome);
        }
        Ok(claimed.len())
    }

    /// Where each device of each claimed reminder stands, and the requests to send now.
    async fn plan<'c>(&self, claimed: &'c [Claimed], now: i64) -> storage::Result<(Vec<Plan<'c>>, Vec<Job>)> {
        let db = &self.services.db;
        let mut users: Vec<i64> = claimed.iter().map(|c| c.user_id).collect();
        users.sort_unstable();
        users.dedup();
        let (devices, people) = outbox::recipients(db, &users).await?;
        let again: Vec<i64> = claimed.iter().filter(|c| c.rounds > 1).map(|c| c.id).collect();
        let history = if again.is_empty() {
            Default::default()
        } else {
            outbox::history(db, &again).await?
        };
        // Their language, and whether their lock screen may say what a reminder is about.
        let reader = |user: i64| {
            people
                .iter()
                .find(|p| p.user_id == user)
                .map_or((Locale::default(), false), |p| {
                    (Locale::parse(&p.locale).unwrap_or_default(), p.lock_screen_detail)
                })
        };
        let mut plans: Vec<Plan<'c>> = Vec::with_capacity(claimed.len());
        let mut jobs = Vec::new();
        for c in claimed {
            let mut pending = Vec::new();
            let mut payload = None;
            for d in devices.iter().filter(|d| d.user_id == c.user_id) {
                let h = history.get(&(c.id, d.id)).copied().unwrap_or_default();
                if h.done {
                    pending.push(Pending::Done { reached: h.reached });
                    continue;
                }
                // A device whose push service asked it to wait is left until then.
                if let Some(until) = h.wait_until.filter(|u| *u > now) {
                    pending.push(Pending::Waiting(until));
                    continue;
                }
                if delivery::ttl(now, c.expires_at).is_none() {
                    continue;
                }
                let payload = payload
                    .get_or_insert_with(|| self.payload(c, reader(c.user_id)))
                    .clone();
                pending.push(Pending::Sending(d.id));
                jobs.push(Job {
                    reminder: c.id,
                    urgent: c.kind == "urgent",
                    expires_at: c.expires_at,
                    rounds: c.rounds,
                    device: d.clone(),
                    payload,
                });
            }
            plans.push((c, pending));
        }
        Ok((plans, jobs))
    }

    /// Sends every job, each in a task of its own so that encryption uses every core; at most
    /// `concurrency` at once.
    async fn send_all(&self, jobs: Vec<Job>, now: i64) -> Vec<Sent> {
        let keys = self.keys_of(&jobs).await;
        let permits = Arc::new(Semaphore::new(self.settings.concurrency.max(1)));
        let mut tasks = JoinSet::new();
        for job in jobs {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let http = self.http.clone();
            let policy = self.services.push_endpoints.clone();
            let key = keys
                .get(&job.device.vapid_key_id)
                .cloned()
                .unwrap_or(KeyState::Unavailable);
            tasks.spawn(async move {
                let sent = deliver(&http, &policy, key, job, now).await;
                drop(permit);
                sent
            });
        }
        let mut results: Vec<Sent> = Vec::new();
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(sent) => results.push(sent),
                Err(error) => tracing::error!(%error, "a push request's task failed"),
            }
        }
        results
    }

    /// The keys the batch's devices subscribed with, looked up once.
    async fn keys_of(&self, jobs: &[Job]) -> HashMap<i64, KeyState> {
        let mut keys: HashMap<i64, KeyState> = HashMap::new();
        for job in jobs {
            let id = job.device.vapid_key_id;
            if let std::collections::hash_map::Entry::Vacant(slot) = keys.entry(id) {
                slot.insert(match self.key_for(id).await {
                    Ok(Some(vapid)) => KeyState::Found(vapid),
                    Ok(None) => KeyState::Gone,
                    Err(_) => KeyState::Unavailable,
                });
            }
        }
        keys
    }

    /// Runs batches until none is left due.
    pub async fn run_until_idle(&self) -> storage::Result<usize> {
        let mut total = 0;
        loop {
            let n = self.run_once().await?;
            total += n;
            if n < self.settings.batch as usize {
                return Ok(total);
            }
        }
    }

    /// The background loop: every `interval`, or at once when woken, until `stop` is set;
    /// a batch under way is finished first, so that nothing is sent twice after a restart.
    pub async fn run(self: Arc<Self>) {
        while !self.stop.load(Ordering::SeqCst) {
            if let Err(error) = self.run_until_idle().await {
                tracing::warn!(%error, "the dispatcher could not read or write the outbox; trying again");
            }
            let _ = tokio::time::timeout(self.settings.interval, self.wake.notified()).await;
        }
    }

    /// Runs the loop in a task of its own, started again should it ever panic.
    pub fn spawn(self: Arc<Self>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                match tokio::spawn(self.clone().run()).await {
                    Err(error) if error.is_panic() => {
                        tracing::error!(%error, "the dispatcher stopped on a bug; starting it again");
                        tokio::time::sleep(self.settings.interval).await;
                    }
                    _ => return,
                }
            }
        })
    }

    /// Asks the loop to stop after the batch under way.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// What the service worker shows: the words in the reader's language (discreet unless
    /// they chose the detail on their lock screen), the page a tap opens, and the tag that
    /// makes a re-send replace the first on the device.
    fn payload(&self, c: &Claimed, (locale, detailed): (Locale, bool)) -> Arc<Vec<u8>> {
        let words = crate::services::inbox::words(&self.services, locale, &c.rule, &c.params);
        let (title, mut body) = lock_screen_words(detailed, c.kind == "urgent", locale, words);
        let make = |body: &str| {
            serde_json::json!({
                "id": c.id,
                "title": title,
                "body": body,
                "url": c.url,
                "tag": delivery::topic(c.id),
                "lang": locale.code(),
                "urgent": c.kind == "urgent",
            })
            .to_string()
        };
        let mut json = make(&body);
        while json.len() > MAX_PAYLOAD && !body.is_empty() {
            let keep = body.chars().count().saturating_sub(json.len() - MAX_PAYLOAD + 1);
            body = body.chars().take(keep).collect::<String>() + "…";
            if keep == 0 {
                body.clear();
            }
            json = make(&body);
        }
        Arc::new(json.into_bytes())
    }

    fn vapid_for(&self, key_id: i64, stored: Option<String>) -> Option<Arc<Vapid>> {
        // A key never changes once stored (only its sealing does): kept once opened.
        let mut old = self.opened_keys.lock().ok()?;
        if let Some(v) = old.get(&key_id) {
            return Some(v.clone());
        }
        let vapid = Arc::new(Vapid::from_private_key(&stored?, self.services.push.contact()).ok()?);
        old.insert(key_id, vapid.clone());
        Some(vapid)
    }

    /// The key a device subscribed with: `Err` when the database could not say (try again
    /// later), `Ok(None)` when it is gone for good.
    async fn key_for(&self, key_id: i64) -> storage::Result<Option<Arc<Vapid>>> {
        if let Some(v) = self.vapid_for(key_id, None) {
            return Ok(Some(v));
        }
        let stored = crate::storage::push::key_by_id(&self.services.db, key_id).await?;
        // A key that does not open is as good as gone: nothing can sign with it.
        let opened = stored.and_then(|s| {
            self.services
                .secrets
                .open(crate::secrets::Purpose::VapidPrivateKey, &s)
                .map_err(|error| tracing::error!(%error, key_id, "a stored VAPID key does not open"))
                .ok()
                .map(|o| o.plain)
        });
        Ok(self.vapid_for(key_id, opened))
    }
}
