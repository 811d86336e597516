//! What a FHIR client may not have, it does not get: the matrix row of `/fhir/*` (a
//! session, whatever its role, is not a token), another centre's patient, a kind it was not
//! registered or granted for, a search it cannot mean, an assertion used twice or signed by
//! another key, a token past its five minutes or of a revoked client, and too many asks.
use crate::fhir_api::{client_pk, record, urlencode, NUMBER};
use crate::fhir_client::{get, register, resources, token_address, token_request};
use crate::helpers::{audited_about, spawn, Kind};
use crate::on_both_databases;
use crate::research_cli::{ok, vtv};
use crate::timeline::ward_on;
use app::domain::role::Role;
use jwt_simple::prelude::*;
use serde_json::Value;

on_both_databases!(
    a_client_reads_only_its_centres_and_kinds_with_a_live_token,
    assertions_are_checked_and_used_once
);

async fn a_client_reads_only_its_centres_and_kinds_with_a_live_token(kind: Kind) {
    let w = ward_on(spawn(kind).await).await;
    record(&w).await;
    // Another centre's patient with the same number and a flag of her own.
    let gent = w.app.centre("Gent").await;
    let bob = w.app.user(Role::Patient, "bob@example.org", Some(gent)).await;
    sqlx::query("UPDATE patients SET hospital_number = $1 WHERE user_id = $2")
        .bind(NUMBER)
        .bind(bob)
        .execute(&w.app.db.pool)
        .await
        .expect("number");
    sqlx::query(
        "INSERT INTO flags (response_id, patient_id, rule, level, raised_at) VALUES (NULL, $1, 'silence', 'high', 1)",
    )
    .bind(bob)
    .execute(&w.app.db.pool)
    .await
    .expect("bob's flag");
    let bobs_flag: i64 = sqlx::query_scalar("SELECT id FROM flags WHERE patient_id = $1")
        .bind(bob)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("id");
    let system = register(&w.app, "ward-ehr", &[w.centre_id], "").await;
    let token = system.token(&w.app, "system/*.rs").await;

    // The matrix row: no token, a garbage one, or a signed-in session of any role: 401.
    let no_token = reqwest::get(w.app.url("/fhir/Flag")).await.expect("request");
    assert_eq!(no_token.status(), 401);
    assert!(no_token.headers()["www-authenticate"]
        .to_str()
        .unwrap_or_default()
        .starts_with("Bearer"));
    assert_eq!(get(&w.app, "not-a-token", "/fhir/Flag").await.0, 401);
    w.app.user(Role::Admin, "admin@example.org", None).await;
    w.app.user(Role::Researcher, "researcher@example.org", None).await;
    for email in [
        "nurse@leuven.example",
        "ann@example.org",
        "admin@example.org",
        "researcher@example.org",
    ] {
        let session = w.app.signed_in(email).await;
        for path in [
            "/fhir/Flag",
            "/fhir/Patient?identifier=MRN-2026%2F0042",
            &format!("/fhir/Flag/flag-{bobs_flag}"),
        ] {
            let status = session.get(w.app.url(path)).send().await.expect("request").status();
            assert_eq!(status, 401, "{email} {path}");
        }
    }

    // Another centre's patient is nowhere: not by number, not in a list, not by id.
    let (_, patients) = get(
        &w.app,
        &token,
        &format!("/fhir/Patient?identifier={}", urlencode(NUMBER)),
    )
    .await;
    let ids: Vec<Value> = resources(&patients).iter().map(|p| p["id"].clone()).collect();
    assert_eq!(ids, [format!("patient-{}", w.patient_id)], "{patients}");
    let gent_number = format!("{}/fhir/sid/hospital-number/{gent}|{NUMBER}", w.app.services.public_url);
    for search in [
        format!("patient=Patient/patient-{bob}"),
        format!("patient.identifier={}", urlencode(&gent_number)),
    ] {
        let (status, found) = get(&w.app, &token, &format!("/fhir/Flag?{search}")).await;
        assert_eq!((status, resources(&found).len()), (200, 0), "{search} {found}");
    }
    let (_, flags) = get(&w.app, &token, "/fhir/Flag?_count=200").await;
    assert!(resources(&flags)
        .iter()
        .all(|f| f["subject"]["reference"] != format!("Patient/patient-{bob}")));
    assert_eq!(
        get(&w.app, &token, &format!("/fhir/Flag/flag-{bobs_flag}")).await.0,
        404
    );
    assert_eq!(
        get(&w.app, &token, &format!("/fhir/Patient/patient-{bob}")).await.0,
        404
    );
    assert_eq!(
        audited_about(&w.app, "fhir.read", bob).await + audited_about(&w.app, "fhir.search", bob).await,
        0
    );

    // What cannot be meant is refused, naming the parameter.
    for (path, status) in [
        ("/fhir/Flag?patinet=Patient/patient-1", 400),
        ("/fhir/Flag?date=ne2026-01-01", 400),
        ("/fhir/Flag?status=completed", 400),
        ("/fhir/Flag?_count=0", 400),
        ("/fhir/Flag?patient.identifier=%27%20OR%201%3D1", 400),
        ("/fhir/Observation", 404),
        ("/fhir/Flag/flag-x", 404),
        ("/fhir/Flag/treatment-1", 404),
    ] {
        let (got, outcome) = get(&w.app, &token, path).await;
        assert_eq!(got, status, "{path} {outcome}");
        assert_eq!(outcome["resourceType"], "OperationOutcome", "{path}");
    }

    // A client registered for flags alone: no CarePlan, asked or not.
    let pager = register(&w.app, "pager", &[w.centre_id], "Flag").await;
    let (status, refused) = pager
        .ask(&w.app, &pager.assertion(&w.app), "system/CarePlan.read")
        .await;
    assert_eq!((status, refused["error"].as_str()), (400, Some("invalid_scope")));
    let flags_only = pager.token(&w.app, "system/*.read").await;
    let (status, outcome) = get(&w.app, &flags_only, "/fhir/CarePlan").await;
    assert_eq!(status, 403, "{outcome}");
    assert_eq!(get(&w.app, &flags_only, "/fhir/Flag").await.0, 200);
    // A token to read by id only does not search.
    let reader = pager.token(&w.app, "system/Flag.r").await;
    assert_eq!(get(&w.app, &reader, "/fhir/Flag").await.0, 403);

    // Revoked: its tokens end at once. Five minutes on: every token has ended.
    ok(vtv(
        &w.app.database_url,
        &["fhir-client", "--revoke", "--client-id", "pager"],
    )
    .await);
    assert_eq!(get(&w.app, &flags_only, "/fhir/Flag").await.0, 401);
    assert_eq!(get(&w.app, &token, "/fhir/Flag").await.0, 200);
    w.app.clock.advance(301);
    assert_eq!(get(&w.app, &token, "/fhir/Flag").await.0, 401);
}

async fn assertions_are_checked_and_used_once(kind: Kind) {
    let w = ward_on(spawn(kind).await).await;
    let system = register(&w.app, "ward-ehr", &[w.centre_id], "").await;
    let assertion = system.assertion(&w.app);
    assert_eq!(system.ask(&w.app, &assertion, "system/Flag.rs").await.0, 200);
    let (status, again) = system.ask(&w.app, &assertion, "system/Flag.rs").await;
    assert_eq!(
        (status, again["error"].as_str()),
        (401, Some("invalid_client")),
        "used once"
    );

    let claims = || {
        Claims::create(Duration::from_secs(240))
            .with_issuer("ward-ehr")
            .with_subject("ward-ehr")
            .with_jwt_id(format!("j-{}", rand::random::<u64>()))
    };
    let impostor = ES384KeyPair::generate().with_key_id("k1");
    let cases = [
        (
            "another audience",
            system.signed(claims().with_audience("https://elsewhere.example/token")),
        ),
        (
            "another key",
            impostor
                .sign(claims().with_audience(token_address(&w.app)))
                .expect("signed"),
        ),
        ("an unknown client", {
            let c = claims()
                .with_audience(token_address(&w.app))
                .with_issuer("nobody")
                .with_subject("nobody");
            system.signed(c)
        }),
        ("an hour long", {
            let mut c = claims().with_audience(token_address(&w.app));
            c.expires_at = Some(Clock::now_since_epoch() + Duration::from_hours(1));
            system.signed(c)
        }),
    ];
    for (case, assertion) in cases {
        let (status, answer) = system.ask(&w.app, &assertion, "system/Flag.rs").await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (401, Some("invalid_client")),
            "{case}"
        );
    }
    let bad_grant = [("grant_type", "password"), ("username", "x")];
    assert_eq!(
        token_request(&w.app, &bad_grant).await.1["error"],
        "unsupported_grant_type"
    );
    let no_assertion = [("grant_type", "client_credentials")];
    assert_eq!(token_request(&w.app, &no_assertion).await.1["error"], "invalid_request");
    let tokens: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fhir_tokens")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("count");
    assert_eq!(tokens, 1, "only the first assertion got a token");
    assert!(client_pk(&w, "ward-ehr").await > 0);

    // Thirty asks a minute from one address; the next is told to slow down.
    // (Forty tries: a minute may turn meanwhile.)
    let mut throttled = false;
    for _ in 0..40 {
        if token_request(&w.app, &no_assertion).await.0 == 429 {
            throttled = true;
            break;
        }
    }
    assert!(throttled, "never told to slow down");
}
