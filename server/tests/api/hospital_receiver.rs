//! A hospital system's webhook receiver, run by the tests: it keeps every message as it came
//! (headers and raw body, for the Standard Webhooks library to verify) and answers what the
//! test scripted, then 200.
use crate::push_receiver::header;
use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::post,
    Router,
};
use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
};

#[derive(Clone, Debug)]
pub struct Message {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub content_type: String,
    pub body: String,
}

#[derive(Default)]
struct Inner {
    received: Vec<Message>,
    script: VecDeque<u16>,
}

#[derive(Clone, Default)]
pub struct HospitalReceiver {
    inner: Arc<Mutex<Inner>>,
    /// `http://127.0.0.1:port`: the origin an admin allows.
    pub origin: String,
}

async fn take(State(r): State<HospitalReceiver>, headers: HeaderMap, body: Bytes) -> impl IntoResponse {
    let mut inner = r.inner.lock().expect("receiver state");
    inner.received.push(Message {
        id: header(&headers, "webhook-id"),
        timestamp: header(&headers, "webhook-timestamp"),
        signature: header(&headers, "webhook-signature"),
        content_type: header(&headers, "content-type"),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let status = inner.script.pop_front().unwrap_or(200);
    StatusCode::from_u16(status).expect("a status")
}

impl HospitalReceiver {
    pub async fn start() -> HospitalReceiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let origin = format!("http://127.0.0.1:{}", listener.local_addr().expect("address").port());
        let receiver = HospitalReceiver {
            inner: Arc::default(),
            origin,
        };
        let app = Router::new().route("/flags", post(take)).with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    pub fn url(&self) -> String {
        format!("{}/flags", self.origin)
    }

    /// The next answers, in order; then 200.
    pub fn script(&self, statuses: &[u16]) {
        self.inner.lock().expect("receiver state").script.extend(statuses);
    }

    pub fn received(&self) -> Vec<Message> {
        self.inner.lock().expect("receiver state").received.clone()
    }
}
