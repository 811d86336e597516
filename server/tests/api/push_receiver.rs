//! A small push receiver run by the tests: it records the headers of every push it gets and
//! answers what the test scripted per device (201 by default). It covers what the
//! `web-push-testing` service does not expose (TTL, Urgency, Topic) or never answers (429).
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Router,
};
use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
};

#[derive(Clone, Debug)]
pub struct Received {
    pub device: String,
    pub ttl: String,
    pub urgency: String,
    pub topic: String,
    pub encoding: String,
    pub authorization: String,
    pub body_len: usize,
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    /// Per device: the answers to give, in order (status, Retry-After); then 201.
    script: HashMap<String, VecDeque<(u16, Option<String>)>>,
}

#[derive(Clone, Default)]
pub struct Receiver {
    inner: Arc<Mutex<Inner>>,
    pub base: String,
}

/// A request header's value as text, empty when absent (the hospital receiver's too).
pub fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

async fn push(State(r): State<Receiver>, Path(device): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let mut inner = r.inner.lock().expect("receiver state");
    inner.received.push(Received {
        device: device.clone(),
        ttl: header(&headers, "ttl"),
        urgency: header(&headers, "urgency"),
        topic: header(&headers, "topic"),
        encoding: header(&headers, "content-encoding"),
        authorization: header(&headers, "authorization"),
        body_len: body.len(),
    });
    let (status, retry_after) = inner
        .script
        .get_mut(&device)
        .and_then(|answers| answers.pop_front())
        .unwrap_or((201, None));
    let status = StatusCode::from_u16(status).expect("a status");
    match retry_after {
        Some(after) => (status, [("retry-after", after)]).into_response(),
        None => status.into_response(),
    }
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let host_port = format!("127.0.0.1:{}", listener.local_addr().expect("address").port());
        crate::helpers::allow_test_receiver(&host_port);
        let base = format!("http://{host_port}");
        let receiver = Receiver {
            inner: Arc::default(),
            base,
        };
        let app = Router::new()
            .route("/push/{device}", post(push))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    pub fn endpoint(&self, device: &str) -> String {
        format!("{}/push/{device}", self.base)
    }

    /// The next answers this device gives, in order.
    pub fn script(&self, device: &str, answers: &[(u16, Option<&str>)]) {
        let mut inner = self.inner.lock().expect("receiver state");
        inner.script.entry(device.to_string()).or_default().extend(
            answers
                .iter()
                .map(|(status, after)| (*status, after.map(str::to_string))),
        );
    }

    pub fn received(&self, device: &str) -> Vec<Received> {
        let inner = self.inner.lock().expect("receiver state");
        inner.received.iter().filter(|r| r.device == device).cloned().collect()
    }
}
