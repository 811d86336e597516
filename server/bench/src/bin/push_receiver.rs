//! A local HTTPS push receiver for the push benchmark (`server/bench/push/run.sh`): it
//! answers 201 to every `POST /push/…` and records when each arrived, so that three senders
//! (ours, node's `web-push`, Python's `pywebpush`) are timed by the same clock.
//!
//! `POST /reset?due_ms=T` forgets what arrived and sets the due time the latencies count
//! from; `GET /stats` answers the count, latencies from due time (p50, p99, max), the
//! arrival span, and this process's CPU time since the reset, so a report can show that the
//! receiver was not the bottleneck.
//!
//! Usage: push_receiver CERT.pem KEY.pem (prints `listening on PORT`).
use http_body_util::{BodyExt, Full};
use hyper::{body::Bytes, server::conn::http1, service::service_fn, Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rustls_pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer};
use std::{
    sync::{Arc, Mutex},
    time::{SystemTime, UNIX_EPOCH},
};
use tokio::net::TcpListener;
use tokio_rustls::{rustls::ServerConfig, TlsAcceptor};

#[derive(Default)]
struct Record {
    due_ms: u64,
    arrivals_ms: Vec<u64>,
    bytes: u64,
    cpu_at_reset: f64,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// This process's user + system CPU seconds, from /proc (Linux clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the ')'.
    (ticks(11) + ticks(12)) / 100.0
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn handle(record: Arc<Mutex<Record>>, req: Request<hyper::body::Incoming>) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let method = req.method().clone();
    let body = req.into_body().collect().await.map(|b| b.to_bytes().len()).unwrap_or(0);
    let answer = |status: StatusCode, text: String| {
        let mut response = Response::new(Full::new(Bytes::from(text)));
        *response.status_mut() = status;
        response
    };
    let Ok(mut r) = record.lock() else {
        return answer(StatusCode::INTERNAL_SERVER_ERROR, String::new());
    };
    match (method, path.as_str()) {
        (Method::POST, p) if p.starts_with("/push/") => {
            r.arrivals_ms.push(now_ms());
            r.bytes += body as u64;
            answer(StatusCode::CREATED, String::new())
        }
        (Method::POST, "/reset") => {
            let due = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("due_ms="))
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(now_ms);
            *r = Record {
                due_ms: due,
                arrivals_ms: Vec::with_capacity(20_000),
                bytes: 0,
                cpu_at_reset: cpu_seconds(),
            };
            answer(StatusCode::OK, String::new())
        }
        (Method::GET, "/stats") => {
            let mut latencies: Vec<u64> = r.arrivals_ms.iter().map(|a| a.saturating_sub(r.due_ms)).collect();
            latencies.sort_unstable();
            let first = r.arrivals_ms.iter().min().copied().unwrap_or(0);
            let last = r.arrivals_ms.iter().max().copied().unwrap_or(0);
            let json = format!(
                "{{\"count\":{},\"bytes\":{},\"p50_ms\":{},\"p99_ms\":{},\"max_ms\":{},\"first_ms\":{},\"last_ms\":{},\"due_ms\":{},\"cpu_seconds\":{:.2}}}",
                latencies.len(),
                r.bytes,
                percentile(&latencies, 50.0),
                percentile(&latencies, 99.0),
                latencies.last().copied().unwrap_or(0),
                first,
                last,
                r.due_ms,
                cpu_seconds() - r.cpu_at_reset
            );
            answer(StatusCode::OK, json)
        }
        _ => answer(StatusCode::NOT_FOUND, String::new()),
    }
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(cert), Some(key)) = (args.get(1), args.get(2)) else {
        return Err("usage: push_receiver CERT.pem KEY.pem".into());
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("{cert}: {e}"))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{cert}: {e}"))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{key}: {e}"))?;
    let mut tls = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| e.to_string())?;
    // HTTP/1.1 only: what node's and Python's senders speak, so all three meet the same server.
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = TlsAcceptor::from(Arc::new(tls));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        println!("listening on {port}");
        let record = Arc::new(Mutex::new(Record {
            due_ms: now_ms(),
            cpu_at_reset: cpu_seconds(),
            ..Record::default()
        }));
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let acceptor = acceptor.clone();
            let record = record.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else { return };
                let service = service_fn(move |req| {
                    let record = record.clone();
                    async move { Ok::<_, std::convert::Infallible>(handle(record, req).await) }
                });
                let _ = http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
            });
        }
    })
}
