//! Attack: large request bodies. Every kind of route has its limit, answered with 413 before
//! anything else runs; only the questionnaire import takes a large body.
use crate::helpers::*;
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(bodies_over_their_route_limit_are_refused_with_413);

async fn bodies_over_their_route_limit_are_refused_with_413(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    app.user(Role::Nurse, "nurse@leuven.example", Some(centre)).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    let nurse = app.signed_in("nurse@leuven.example").await;
    let admin = app.signed_in("admin@example.org").await;
    let big = "a".repeat(100 * 1024);

    // A server function, a sign-in form, the webhook: 100 KB is over their 64 KB.
    let (status, body) = call(&nurse, &app, "timeline/change", &[("patient_id", "1"), ("note", &big)]).await;
    assert_eq!(status, 413, "{body:.200}");
    let login = client()
        .post(app.url("/auth/login"))
        .form(&[("email", big.as_str()), ("password", "x")])
        .send()
        .await
        .expect("request");
    assert_eq!(login.status().as_u16(), 413);
    let webhook = api_client()
        .post(app.url(server::http::webhook::PATH))
        .header("content-type", "application/json")
        .body(format!("{{\"pad\":\"{big}\"}}"))
        .send()
        .await
        .expect("request");
    assert_eq!(webhook.status().as_u16(), 413);

    // Without a declared length (chunked), the bytes that arrive are counted.
    let chunks = futures_util::stream::iter((0..10).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 10 * 1024])));
    let chunked = nurse
        .post(app.url("/api/timeline/change"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .expect("request");
    assert_eq!(chunked.status().as_u16(), 413);

    // The questionnaire import takes 500 KB (and refuses it for what it says), not 2 MB.
    let half_mb = "b".repeat(500 * 1024);
    let (status, _) = call(&admin, &app, "admin/questionnaires/import", &[("json", &half_mb)]).await;
    assert_eq!(status, 422, "read and refused as a questionnaire, not for its size");
    let two_mb = "b".repeat(2 * 1024 * 1024);
    let (status, _) = call(&admin, &app, "admin/questionnaires/import", &[("json", &two_mb)]).await;
    assert_eq!(status, 413);
}
