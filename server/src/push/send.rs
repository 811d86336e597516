//! One push to one device: the message encrypted for it, the VAPID signature, the request,
//! and what the push service answered. Run by the dispatcher, one task per request.
use super::{
    delivery::{self, Outcome},
    encryption::{encrypt, DeviceKeys},
    endpoint_policy::{self, EndpointPolicy},
    vapid::Vapid,
};
use crate::storage::outbox::Device;
use std::sync::Arc;

/// One message for one device: owned, so the sends can run concurrently in a spawned task.
pub(super) struct Job {
    pub(super) reminder: i64,
    pub(super) urgent: bool,
    pub(super) expires_at: i64,
    pub(super) rounds: u32,
    pub(super) device: Device,
    pub(super) payload: Arc<Vec<u8>>,
}

/// The VAPID key a device subscribed with, as the batch found it.
#[derive(Clone)]
pub(super) enum KeyState {
    Found(Arc<Vapid>),
    /// Gone for good (deleted): the device cannot be reached with it.
    Gone,
    /// The database did not answer: try again later.
    Unavailable,
}

/// What one device's attempt came to.
pub(super) struct Sent {
    pub(super) device: i64,
    pub(super) reminder: i64,
    pub(super) status: Option<u16>,
    pub(super) outcome: Outcome,
    pub(super) detail: Option<String>,
}

/// One push to one device: encrypt, sign, send, and read what the push service answered.
pub(super) async fn deliver(
    http: &reqwest::Client,
    policy: &EndpointPolicy,
    key: KeyState,
    job: Job,
    now: i64,
) -> Sent {
    let d = &job.device;
    let give_up = |why: String| Sent {
        device: d.id,
        reminder: job.reminder,
        status: None,
        outcome: Outcome::GiveUp(why),
        detail: None,
    };
    // Checked again at every send: rows stored before a rule was added, or under another
    // configuration, never reach inside.
    if let Err(refusal) = policy.check(&d.endpoint) {
        return give_up(format!("the endpoint is refused: {refusal}"));
    }
    let vapid = match key {
        KeyState::Found(vapid) => vapid,
        KeyState::Gone => return give_up("the key this device subscribed with is gone".into()),
        KeyState::Unavailable => {
            return Sent {
                device: d.id,
                reminder: job.reminder,
                status: None,
                outcome: delivery::classify(None, None, job.rounds, now, job.expires_at),
                detail: Some("the database did not answer".into()),
            }
        }
    };
    let body = match DeviceKeys::parse(&d.p256dh, &d.auth).and_then(|keys| encrypt(&job.payload, &keys)) {
        Ok(body) => body,
        Err(e) => return give_up(e.to_string()),
    };
    let authorization = match vapid.authorization(&d.endpoint, now) {
        Ok(a) => a,
        Err(e) => return give_up(e.to_string()),
    };
    let ttl = delivery::ttl(now, job.expires_at).unwrap_or(0);
    let answer = http
        .post(&d.endpoint)
        .header("TTL", ttl.to_string())
        .header("Urgency", delivery::urgency(job.urgent))
        .header("Topic", delivery::topic(job.reminder))
        .header("Content-Encoding", "aes128gcm")
        .header("Content-Type", "application/octet-stream")
        .header("Authorization", authorization)
        .body(body)
        .send()
        .await;
    let (status, retry_after, detail) = match answer {
        Ok(response) => {
            let status = response.status().as_u16();
            // The web-push crates drop Retry-After; it is read here.
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let detail = if response.status().is_success() {
                None
            } else {
                Some(delivery::detail(&first_bytes(response, 1024).await))
            };
            (Some(status), retry_after, detail)
        }
        Err(error) if endpoint_policy::refused_by_resolver(&error) => {
            return give_up(endpoint_policy::ResolvedInside.to_string());
        }
        // Without the URL: a device's address is not kept after the device is gone.
        Err(error) => (
            None,
            None,
            Some(delivery::detail(error.without_url().to_string().as_bytes())),
        ),
    };
    let outcome = delivery::classify(status, retry_after.as_deref(), job.rounds, now, job.expires_at);
    Sent {
        device: d.id,
        reminder: job.reminder,
        status,
        outcome,
        detail,
    }
}

/// At most `limit` bytes of an answer's body: a push service's error text is kept for the
/// nurse's view, never a whole page.
async fn first_bytes(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while out.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => out.extend_from_slice(&chunk[..chunk.len().min(limit - out.len())]),
            _ => break,
        }
    }
    out
}
