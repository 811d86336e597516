//! Attack: slow clients (slowloris). Connections that send one header byte a second, more of
//! them than the server has file descriptors, to keep everyone else out; and a body sent a
//! byte a second. The server is the real binary with its open-file limit set to 256
//! (`prlimit`): with the usual limit of thousands, such a flood does no visible harm, and a
//! test without the low limit could not fail.
use crate::helpers::*;
use std::{
    io::BufRead,
    process::{Command, Stdio},
    time::{Duration, Instant},
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const HEADER_SECONDS: u64 = 10;

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server binary under `prlimit --nofile=256`, and its address.
fn start_with_256_files(database_url: &str) -> (Child, String) {
    let mut child = Command::new("prlimit")
        .args(["--nofile=256:256", "--"])
        .arg(env!("CARGO_BIN_EXE_vein-to-vein"))
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("VTV_REQUEST_READ_SECONDS", HEADER_SECONDS.to_string())
        .env_remove("VTV_DEMO")
        .env_remove("VTV_MAX_CONNECTIONS")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("prlimit starts the server (util-linux)");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the server reports its address");
    let base = line.trim().rsplit(' ').next().expect("an address").to_string();
    (Child(child), base)
}

/// This test process opens 400 sockets and more: raise its own soft limit if it is low.
fn allow_many_files() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain reads and writes of the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < 2048 {
            limit.rlim_cur = limit.rlim_max.min(4096);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Opens a connection and sends a request head one byte a second; answers how long the
/// server kept it open (`None` if it was still open after `give_up`).
async fn one_byte_a_second(addr: std::net::SocketAddr, give_up: Duration) -> Option<Duration> {
    let started = Instant::now();
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
        return Some(Duration::ZERO);
    };
    let head =
        b"GET /healthz HTTP/1.1\r\nHost: slow\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let mut buffer = [0u8; 256];
    for byte in head.iter().cycle() {
        if started.elapsed() > give_up {
            return None;
        }
        if stream.write_all(&[*byte]).await.is_err() {
            return Some(started.elapsed());
        }
        // A closed connection reads as 0 bytes (or an error) within the second.
        match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) | Err(_) => {}
        }
    }
    None
}

#[tokio::test]
async fn four_hundred_slow_connections_are_dropped_and_health_answers_throughout() {
    allow_many_files();
    let (url, _dir) = database_url(Kind::Sqlite).await;
    let (_server, base) = start_with_256_files(&url);
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().expect("address");
    let give_up = Duration::from_secs(HEADER_SECONDS + 8);
    let slow: Vec<_> = (0..400)
        .map(|_| tokio::spawn(one_byte_a_second(addr, give_up)))
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;

    // GET /healthz on a new connection every half second, while the flood lasts.
    let health = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(1))
        .build()
        .expect("client");
    let flood_started = Instant::now();
    let mut slowest = Duration::ZERO;
    while flood_started.elapsed() < Duration::from_secs(HEADER_SECONDS + 3) {
        let asked = Instant::now();
        let answer = health.get(format!("{base}/healthz")).send().await;
        let took = asked.elapsed();
        let status = answer.as_ref().map(|r| r.status().as_u16()).ok();
        assert_eq!(
            status,
            Some(200),
            "/healthz after {:?} of the flood: {answer:?}",
            flood_started.elapsed()
        );
        slowest = slowest.max(took);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(slowest < Duration::from_secs(1), "{slowest:?}");

    let mut held = Vec::new();
    for task in slow {
        held.push(task.await.expect("a slow client"));
    }
    let still_open = held.iter().filter(|h| h.is_none()).count();
    assert_eq!(still_open, 0, "every slow connection is dropped");
    let longest = held.iter().flatten().max().copied().unwrap_or_default();
    assert!(
        longest <= Duration::from_secs(HEADER_SECONDS + 2),
        "none outlives the header timeout ({HEADER_SECONDS} s): {longest:?}"
    );
}

/// A body sent a byte a second is cut off after the body timeout (2 s here), with an answer.
/// Before, the server waited for it as long as the client liked.
async fn a_body_sent_a_byte_a_second_is_cut_off(kind: Kind) {
    let app = spawn_with(kind, |c| c.request_body_seconds = 2).await;
    let addr: std::net::SocketAddr = app.base.trim_start_matches("http://").parse().expect("address");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while started.elapsed() < Duration::from_secs(10) {
        if stream.write_all(b"a").await.is_err() {
            break;
        }
        match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buffer[..n]),
            Err(_) => {}
        }
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "the slow body was held {took:?}");
    let answer = String::from_utf8_lossy(&answer);
    // Refused: the form is unread (sign-in sends back to its page with "required"), and no
    // session is made.
    assert!(
        answer.starts_with("HTTP/1.1 4") || answer.starts_with("HTTP/1.1 303"),
        "a refusal: {answer:.200}"
    );
    assert!(
        !answer.to_ascii_lowercase().contains("set-cookie: vtv_session"),
        "{answer:.400}"
    );
}

crate::on_both_databases!(a_body_sent_a_byte_a_second_is_cut_off);
