//! Sends the hospital webhooks: claims due deliveries under a lease (any instance may), fixes
//! each message at its first attempt, signs it (Standard Webhooks), posts it, and records the
//! outcome. The schedule goes by the injected clock; the signature's timestamp is the
//! machine's, since the receiver checks it against its own.
use super::{
    delivery::{self, classify, Outcome},
    origins::check_target,
};
use crate::{
    clock::Clock,
    secrets::Purpose,
    services::Services,
    storage::{
        self,
        hospital_deliveries::{self, Attempt, Claimed, Next},
        hospital_webhooks,
    },
    webhook_signatures,
};
use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

/// Deliveries claimed at once; each is one request, sent one after another: red flags are
/// few, and a slow receiver must not hold many leases.
const BATCH: i64 = 16;
const TIMEOUT: Duration = Duration::from_secs(10);
/// How often to look for due deliveries when nothing wakes the dispatcher.
const INTERVAL: Duration = Duration::from_secs(2);

pub struct HospitalDispatcher {
    services: Arc<Services>,
    clock: Arc<dyn Clock>,
    http: reqwest::Client,
    stop: AtomicBool,
}

/// An attempt's result before it is recorded.
struct Sent {
    status: Option<u16>,
    retry_after: Option<String>,
    detail: String,
}

impl HospitalDispatcher {
    pub fn new(services: Arc<Services>, clock: Arc<dyn Clock>, extra_root_pem: Option<&[u8]>) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .user_agent(concat!("vein-to-vein/", env!("CARGO_PKG_VERSION")))
            // A redirect would leave the allowed origin.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(pem) = extra_root_pem {
            let cert = reqwest::Certificate::from_pem(pem)
                .map_err(|e| format!("the hospital webhook root certificate: {e}"))?;
            builder = builder.add_root_certificate(cert);
        }
        let http = builder
            .build()
            .map_err(|e| format!("the hospital webhook client: {e}"))?;
        Ok(HospitalDispatcher {
            services,
            clock,
            http,
            stop: AtomicBool::new(false),
        })
    }

    /// The sender the configuration asks for: trusting the hospital's own certificate
    /// authority (`VTV_HOSPITAL_WEBHOOK_ROOT_CERTIFICATE`) if one is set.
    pub fn from_config(config: &crate::config::Config, services: &Arc<Services>) -> Result<Self, String> {
        let pem = match &config.hospital_webhook_root_certificate {
            Some(path) => Some(
                std::fs::read(path)
                    .map_err(|e| format!("reading VTV_HOSPITAL_WEBHOOK_ROOT_CERTIFICATE {}: {e}", path.display()))?,
            ),
            None => None,
        };
        HospitalDispatcher::new(services.clone(), services.clock.clone(), pem.as_deref())
    }

    /// Claims one batch of due deliveries, makes each attempt and records it; answers how
    /// many it claimed.
    pub async fn run_once(&self) -> storage::Result<usize> {
        let db = &self.services.db;
        let now = self.clock.now();
        let token: i64 = rand::random::<i64>() & i64::MAX;
        let lease = now + (BATCH + 1) * TIMEOUT.as_secs() as i64 + 60;
        let claimed = hospital_deliveries::claim(db, now, lease, BATCH, token).await?;
        for delivery in &claimed {
            if self.stop.load(Ordering::SeqCst) {
                // Stopping: what is left goes back at once, for whichever instance runs next.
                hospital_deliveries::release(db, token).await?;
                break;
            }
            self.attempt(delivery, token).await?;
        }
        Ok(claimed.len())
    }

    /// Runs batches until none is due (tests, and a dispatcher catching up).
    pub async fn run_until_idle(&self) -> storage::Result<usize> {
        let mut total = 0;
        loop {
            if self.stop.load(Ordering::SeqCst) {
                return Ok(total);
            }
            match self.run_once().await? {
                0 => return Ok(total),
                n => total += n,
            }
        }
    }

    async fn attempt(&self, delivery: &Claimed, token: i64) -> storage::Result<()> {
        let started = Instant::now();
        let outcome = match self.refusal(delivery).await? {
            Some(reason) => Err(reason),
            None => Ok(self.send(delivery).await?),
        };
        let now = self.clock.now();
        let (status, outcome, detail) = match outcome {
            Err(reason) => (None, Outcome::GiveUp(reason.clone()), reason),
            Ok(sent) => {
                let outcome = classify(
                    sent.status,
                    sent.retry_after.as_deref(),
                    delivery.attempts,
                    now,
                    delivery.created_at,
                );
                (sent.status, outcome, sent.detail)
            }
        };
        let next = match &outcome {
            Outcome::Sent => Next::Sent,
            Outcome::Retry { at } => Next::RetryAt(*at),
            Outcome::GiveUp(_) => Next::Failed,
        };
        let detail = match &outcome {
            Outcome::GiveUp(reason) if *reason != detail && !detail.is_empty() => format!("{reason}: {detail}"),
            Outcome::GiveUp(reason) => reason.clone(),
            _ => detail,
        };
        let attempt = Attempt {
            at: now,
            status,
            outcome: outcome.word(),
            detail: &detail,
            millis: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
            next,
        };
        if let Outcome::GiveUp(_) = outcome {
            tracing::warn!(delivery = delivery.id, flag = delivery.flag_id, %detail, "a hospital webhook was given up");
        }
        hospital_deliveries::record(&self.services.db, delivery, token, &attempt).await?;
        Ok(())
    }

    /// Why this delivery may not be sent at all: its webhook stopped, or its address no
    /// longer on an allowed origin (checked again at every send).
    async fn refusal(&self, delivery: &Claimed) -> storage::Result<Option<String>> {
        if delivery.webhook_revoked {
            return Ok(Some("the webhook was stopped".into()));
        }
        let allowed = hospital_webhooks::allowed_origins(&self.services.db).await?;
        Ok(check_target(&delivery.url, &allowed, &self.services.plain_http_origins)
            .err()
            .map(|_| "the address is no longer on an allowed origin".into()))
    }

    /// One signed POST; the message is fixed at the first attempt and sent alike after.
    async fn send(&self, delivery: &Claimed) -> storage::Result<Sent> {
        let db = &self.services.db;
        let body = match &delivery.body {
            Some(body) => body.clone(),
            None => {
                let Some(flag) = hospital_deliveries::flag_facts(db, delivery.flag_id).await? else {
                    return Ok(no_answer("the flag is gone"));
                };
                hospital_deliveries::fix_body(db, delivery.id, &delivery::body(&flag, &self.services.public_url))
                    .await?
            }
        };
        let secret = match self
            .services
            .secrets
            .open(Purpose::HospitalWebhookSecret, &delivery.secret)
        {
            Ok(opened) => opened.plain,
            Err(error) => return Ok(no_answer(&error.to_string())),
        };
        let timestamp = crate::storage::now();
        let signature = webhook_signatures::sign(&secret, &delivery.message_id, timestamp, body.as_bytes());
        let answer = self
            .http
            .post(&delivery.url)
            .header("content-type", "application/json")
            .header("webhook-id", &delivery.message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await;
        Ok(match answer {
            Ok(response) => Sent {
                status: Some(response.status().as_u16()),
                retry_after: response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
                detail: String::new(),
            },
            Err(error) => no_answer(&crate::push::delivery::detail(error.to_string().as_bytes())),
        })
    }

    /// The background loop, until `stop`.
    pub fn spawn(self: Arc<Self>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            while !self.stop.load(Ordering::SeqCst) {
                if let Err(error) = self.run_until_idle().await {
                    tracing::warn!(%error, "sending hospital webhooks failed; trying again shortly");
                }
                tokio::time::sleep(INTERVAL).await;
            }
        })
    }

    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn no_answer(detail: &str) -> Sent {
    Sent {
        status: None,
        retry_after: None,
        detail: detail.to_string(),
    }
}
