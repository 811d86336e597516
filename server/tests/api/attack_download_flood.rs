//! Attack: hold the database pool with research downloads read at 1 byte a second, so that
//! nurses cannot sign in, the queue does not load and urgent alerts stall. And: a database
//! that cannot answer must never look like a signed-out nurse.
use crate::answers::{calm_diary, send, submission};
use crate::helpers::*;
use crate::on_both_databases;
use crate::push_dispatch::{subscribe, AUTH, P256DH};
use crate::push_receiver::Receiver;
use crate::timeline::Ward;
use app::domain::role::Role;
use server::{
    services::checkins::CheckinCatalogue,
    synthetic::{self, Options},
};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_databases!(
    twelve_slow_downloads_leave_sign_in_the_queue_and_alerts_their_normal_time,
    a_database_that_cannot_answer_is_not_taken_for_signed_out,
);

/// The session cookie of a fresh sign-in, as a `Cookie` header value.
async fn session_cookie(app: &TestApp, email: &str) -> String {
    let response = app.sign_in(&client(), email, PASSWORD).await;
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie");
    cookie.split(';').next().expect("name=value").to_string()
}

/// A connection that asks for `path` and then reads its answer at 1 byte a second. The
/// socket is made small (4 KB receive buffer, 536-byte segments) so that the server cannot
/// park the whole answer in the kernel: as a slow phone on a bad network would.
async fn slow_reader(base: &str, path: &str, cookie: &str) -> (u16, String, tokio::task::JoinHandle<()>) {
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().expect("address");
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("receive buffer");
    {
        use std::os::fd::AsRawFd;
        let mss: libc::c_int = 536;
        // SAFETY: a valid socket and an int option of the right size.
        unsafe {
            libc::setsockopt(
                socket.as_raw_fd(),
                libc::IPPROTO_TCP,
                libc::TCP_MAXSEG,
                (&mss as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            );
        }
    }
    let mut stream = socket.connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("request");
    // The head at full speed (to see the answer), then the body a byte a second.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match tokio::time::timeout(Duration::from_secs(30), stream.read(&mut byte)).await {
            Ok(Ok(1)) => head.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let reading = tokio::spawn(async move {
        while let Ok(1) = stream.read(&mut byte).await {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    (status, head, reading)
}

fn within(started: Instant, what: &str) {
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(3),
        "{what} took {took:?} while downloads were read slowly"
    );
}

async fn twelve_slow_downloads_leave_sign_in_the_queue_and_alerts_their_normal_time(kind: Kind) {
    let receiver = Receiver::start().await;
    let app = spawn(kind).await;
    // Synthetic patients go only into a database with no real centre yet: first them.
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients: 400,
        responses_per_patient: 60,
        lowest_adherence: 1.0,
        seed: 16,
    };
    synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    let centre_id = app.centre("Leuven").await;
    app.user(Role::Nurse, "nurse@leuven.example", Some(centre_id)).await;
    let patient_id = app.user(Role::Patient, "ann@example.org", Some(centre_id)).await;
    let nurse = app.signed_in("nurse@leuven.example").await;
    let w = Ward {
        app,
        nurse,
        patient_id,
        centre_id,
    };
    let app = &w.app;
    let researcher_id = app.user(Role::Researcher, "researcher@example.org", None).await;
    let project = crate::research_http::approved(
        app,
        "Flood",
        researcher_id,
        &app::domain::research::Dataset::ALL,
        Default::default(),
    )
    .await;
    let project = project.to_string();
    let researcher = app.signed_in("researcher@example.org").await;
    let (status, body) = call(
        &researcher,
        &app,
        "research/export",
        &[
            ("form[datasets][1]", "items"),
            ("form[formats][0]", "csv"),
            ("form[formats][1]", "fhir-ndjson"),
            ("form[project]", &project),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // This attack is on the server's resources, not on privacy: every member's answers are
    // written (level 1 of time_release::LEVELS), so the export is the ~2 MB it needs to be
    // whatever the k check on time chose.
    sqlx::query("UPDATE research_export_members SET time_level = 1")
        .execute(&app.db.pool)
        .await
        .expect("every answer written");
    let created: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let token = created["token"].as_str().expect("token").to_string();
    let cookie = session_cookie(app, "researcher@example.org").await;
    let path = format!("/research/exports/{token}/files/QuestionnaireResponse.ndjson");

    // Two more instances on the same database, as behind the deployment's proxy: the
    // researcher's slots are counted in the database, whatever instance serves a download.
    let b = spawn_on(&app.database_url, None, |_| {}).await;
    let c = spawn_on(&app.database_url, None, |_| {}).await;
    let bases = [&app.base, &b.base, &c.base];
    let mut readers = Vec::new();
    let mut answers = Vec::new();
    for n in 0..12 {
        let (status, head, reading) = slow_reader(bases[n % 3], &path, &cookie).await;
        answers.push((status, head));
        readers.push(reading);
    }
    let started: Vec<_> = answers.iter().filter(|(s, _)| *s == 200).collect();
    let refused: Vec<_> = answers.iter().filter(|(s, _)| *s == 429).collect();
    assert!(
        started.len() == 2 && refused.len() == 10,
        "two downloads at once per researcher over three instances, the others refused at once: {:?} {}",
        answers.iter().map(|(s, _)| s).collect::<Vec<_>>(),
        answers[0].1
    );
    assert!(
        refused
            .iter()
            .all(|(_, head)| head.to_ascii_lowercase().contains("retry-after:")),
        "{refused:?}"
    );

    // Meanwhile, the nurse's work and the urgent alert, each in its normal time.
    let clock = Instant::now();
    let nurse = app.signed_in("nurse@leuven.example").await;
    within(clock, "signing in");
    let clock = Instant::now();
    let (status, _) = call(&nurse, app, "flags/queue", &[]).await;
    assert_eq!(status, 200);
    let home = nurse.get(app.url("/")).send().await.expect("home");
    assert_eq!(home.status().as_u16(), 200, "the nurse is still signed in");
    within(clock, "opening the queue");
    let clock = Instant::now();
    assert_eq!(
        api_client()
            .get(app.url("/healthz"))
            .send()
            .await
            .expect("health")
            .status()
            .as_u16(),
        200
    );
    within(clock, "the health check");
    subscribe(&w.nurse, app, &receiver.endpoint("nurse"), P256DH, AUTH).await;
    let ann = app.signed_in("ann@example.org").await;
    let clock = Instant::now();
    let (status, body) = send(
        &ann,
        &w,
        &submission(&w, "fever-flood", "symptom-diary", calm_diary(39.2)),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    app.dispatcher.run_until_idle().await.expect("dispatch");
    assert_eq!(
        receiver.received("nurse").len(),
        1,
        "the urgent alert reached the nurse"
    );
    within(clock, "the urgent answer and its alert");
    for reading in readers {
        reading.abort();
    }
}

async fn a_database_that_cannot_answer_is_not_taken_for_signed_out(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    app.user(Role::Nurse, "nurse@leuven.example", Some(centre)).await;
    let nurse = app.signed_in("nurse@leuven.example").await;
    assert_eq!(
        nurse.get(app.url("/")).send().await.expect("home").status().as_u16(),
        200
    );
    // The pool is closed: every lookup of the session now fails.
    app.db.pool.close().await;
    let home = nurse.get(app.url("/")).send().await.expect("home");
    let status = home.status().as_u16();
    assert!(
        home.headers().get("set-cookie").is_none(),
        "the session cookie is left alone"
    );
    assert!(home.headers().get("retry-after").is_some());
    assert_eq!(status, 503, "not 401, not a redirect to sign in");
    // The session is still there for when the database is back.
    let db = server::storage::Db::open(&app.database_url, 1)
        .await
        .expect("the database");
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&db.pool)
        .await
        .expect("sessions");
    assert_eq!(sessions, 1);
}
