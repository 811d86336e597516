//! Staff's two-step sign-in (TOTP, RFC 6238) over HTTP, with codes made by PyPI `pyotp`
//! from the `otpauth://` address the server gave: set up by a first code; then a password
//! alone gives no session, only the second step; a code is good once; a recovery code
//! stands in for the phone, once; wrong codes are throttled across sign-ins; turned off
//! with a code; never offered to patients.
use crate::helpers::{audited, call, client, python_check, spawn, Kind, TestApp, PASSWORD};
use crate::on_both_databases;
use app::domain::role::Role;
use reqwest::Client;
use serde_json::{json, Value};
use server::clock::Clock;

on_both_databases!(
    a_nurse_turns_on_two_step_sign_in_and_signs_in_with_codes_good_once,
    wrong_second_step_codes_are_throttled_across_sign_ins,
    once_an_admin_requires_it_staff_without_it_may_only_set_it_up
);

const NURSE: &str = "nurse@leuven.example";

/// pyotp's code of the account's authenticator at each of `times`.
fn codes_at(uri: &str, times: &[i64]) -> Vec<String> {
    let made = python_check(
        "totp_check.py",
        json!({ "uri": uri, "times": times }).to_string().as_bytes(),
    );
    assert_eq!(
        (made["digits"].as_i64(), made["interval"].as_i64()),
        (Some(6), Some(30)),
        "{made}"
    );
    assert_eq!(made["issuer"], "Vein-to-Vein");
    made["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().unwrap_or_default().to_string())
        .collect()
}

/// The nurse's authenticator set up and on: its address, and the recovery codes.
async fn turn_on(app: &TestApp, nurse: &Client) -> (String, Vec<String>) {
    let (status, body) = call(nurse, app, "account/second-factor/begin", &[]).await;
    assert_eq!(status, 200, "{body}");
    let setup: Value = serde_json::from_str(&body).expect("setup");
    let uri = setup["uri"].as_str().expect("uri").to_string();
    let (status, body) = call(nurse, app, "account/second-factor/confirm", &[("code", "000000")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("SecondFactorCodeWrong"), "{body}");
    let code = &codes_at(&uri, &[app.clock.now()])[0];
    let (status, body) = call(nurse, app, "account/second-factor/confirm", &[("code", code)]).await;
    assert_eq!(status, 200, "{body}");
    let recovery: Vec<String> = serde_json::from_str(&body).expect("recovery codes");
    assert_eq!(recovery.len(), 10);
    (uri, recovery)
}

/// The password step: answers where it leads, on a fresh browser.
async fn password_step(app: &TestApp) -> (Client, String) {
    let browser = client();
    let response = app.sign_in(&browser, NURSE, PASSWORD).await;
    (browser, crate::helpers::location(&response))
}

async fn second_step(app: &TestApp, browser: &Client, code: &str) -> String {
    let response = browser
        .post(app.url("/auth/second-step"))
        .form(&[("code", code)])
        .send()
        .await
        .expect("second step");
    assert_eq!(response.status().as_u16(), 303);
    crate::helpers::location(&response)
}

async fn signed_in(app: &TestApp, browser: &Client) -> bool {
    call(browser, app, "account/second-factor", &[]).await.0 == 200
}

async fn a_nurse_turns_on_two_step_sign_in_and_signs_in_with_codes_good_once(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    app.user(Role::Nurse, NURSE, Some(centre)).await;
    app.user(Role::Patient, "ann@example.org", Some(centre)).await;
    let nurse = app.signed_in(NURSE).await;
    let (uri, recovery) = turn_on(&app, &nurse).await;
    assert!(uri.starts_with("otpauth://totp/Vein-to-Vein"), "{uri}");
    assert_eq!(audited(&app, "second_factor.created").await, 1);

    // A password alone: no session, the second step.
    let (browser, next) = password_step(&app).await;
    assert_eq!(next, "/login/second-step");
    assert!(!signed_in(&app, &browser).await);
    let page = crate::helpers::page_text(&browser, &app, "/login/second-step").await;
    assert!(page.contains("action=\"/auth/second-step\""), "{page}");
    // The code just used to turn it on is not taken again; the next step's is.
    let now = app.clock.now();
    let used = &codes_at(&uri, &[now])[0];
    assert_eq!(
        second_step(&app, &browser, used).await,
        "/login/second-step?error=second-step-refused"
    );
    app.clock.advance(30);
    let fresh = &codes_at(&uri, &[app.clock.now()])[0];
    assert_eq!(second_step(&app, &browser, fresh).await, "/");
    assert!(signed_in(&app, &browser).await);
    assert_eq!(audited(&app, "sign_in.second_step").await, 1);
    // The same code on another browser: refused (the challenge is new, the code is not).
    let (other, _) = password_step(&app).await;
    assert_eq!(
        second_step(&app, &other, fresh).await,
        "/login/second-step?error=second-step-refused"
    );

    // A recovery code, typed loosely, once.
    let loose = recovery[0].to_lowercase().replace('-', " ");
    assert_eq!(second_step(&app, &other, &loose).await, "/");
    let (third, _) = password_step(&app).await;
    assert_eq!(
        second_step(&app, &third, &recovery[0]).await,
        "/login/second-step?error=second-step-refused"
    );
    let (status, body) = call(&nurse, &app, "account/second-factor", &[]).await;
    assert_eq!(status, 200);
    let view: Value = serde_json::from_str(&body).expect("view");
    assert_eq!(
        (view["on"].as_bool(), view["recovery_codes_left"].as_i64()),
        (Some(true), Some(9))
    );

    // New recovery codes need a code too (a session left open cannot make its own).
    assert_eq!(
        call(
            &nurse,
            &app,
            "account/second-factor/recovery-codes",
            &[("code", "000000")]
        )
        .await
        .0,
        422
    );
    let (status, body) = call(
        &nurse,
        &app,
        "account/second-factor/recovery-codes",
        &[("code", &recovery[1])],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains('-') && !body.contains(&recovery[2]),
        "ten new codes: {body}"
    );

    // Turned off with a code; then the password alone signs in again.
    app.clock.advance(30);
    let code = &codes_at(&uri, &[app.clock.now()])[0];
    assert_eq!(
        call(&nurse, &app, "account/second-factor/remove", &[("code", "123")])
            .await
            .0,
        422
    );
    assert_eq!(
        call(&nurse, &app, "account/second-factor/remove", &[("code", code)])
            .await
            .0,
        200
    );
    assert_eq!(password_step(&app).await.1, "/");
    // Not offered to patients.
    let ann = app.signed_in("ann@example.org").await;
    assert_eq!(call(&ann, &app, "account/second-factor", &[]).await.0, 403);
    assert_eq!(call(&ann, &app, "account/second-factor/begin", &[]).await.0, 403);
}

async fn wrong_second_step_codes_are_throttled_across_sign_ins(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    app.user(Role::Nurse, NURSE, Some(centre)).await;
    let nurse = app.signed_in(NURSE).await;
    let (uri, _) = turn_on(&app, &nurse).await;
    // Five wrong codes over two sign-ins: the password does not buy five more.
    let (browser, _) = password_step(&app).await;
    for _ in 0..3 {
        assert_eq!(
            second_step(&app, &browser, "111111").await,
            "/login/second-step?error=second-step-refused"
        );
    }
    let (browser, _) = password_step(&app).await;
    for _ in 0..2 {
        assert_eq!(
            second_step(&app, &browser, "111111").await,
            "/login/second-step?error=second-step-refused"
        );
    }
    app.clock.advance(30);
    let right = &codes_at(&uri, &[app.clock.now()])[0];
    assert_eq!(second_step(&app, &browser, right).await, "/login?error=throttled");
    assert!(!signed_in(&app, &browser).await);
    // The challenge is gone with it: the right code cannot be tried on it again.
    assert_eq!(second_step(&app, &browser, right).await, "/login?error=ended");
}

async fn once_an_admin_requires_it_staff_without_it_may_only_set_it_up(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    let nurse_id = app.user(Role::Nurse, NURSE, Some(centre)).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    app.user(Role::Patient, "ann@example.org", Some(centre)).await;
    let admin = app.signed_in("admin@example.org").await;
    let nurse = app.signed_in(NURSE).await;
    let required = [("required", "true")];
    assert_eq!(
        call(&nurse, &app, "admin/second-factor/require", &required).await.0,
        403
    );
    assert_eq!(
        call(&admin, &app, "admin/second-factor/require", &required).await.0,
        200
    );
    assert_eq!(audited(&app, "second_factor.required").await, 1);

    // The nurse, signed in with a password only, may set it up and nothing else.
    let (status, body) = call(&nurse, &app, "flags/queue", &[]).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("SecondStepNeeded"), "{body}");
    // Nor change how they sign in: a stolen password must not add a passkey.
    for path in ["/auth/passkey/register/options", "/auth/password", "/auth/own-device"] {
        let refused = nurse
            .post(app.url(path))
            .form(&[("own", "true")])
            .send()
            .await
            .expect("post");
        assert_eq!(refused.status().as_u16(), 403, "{path}");
    }
    let home = crate::helpers::page_text(&nurse, &app, "/").await;
    assert!(home.contains("Set it up first"), "the home page says what to do");
    let (status, body) = call(&nurse, &app, "account/second-factor", &[]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"site_requires\":true"), "{body}");
    let (uri, _) = turn_on(&app, &nurse).await;
    assert_eq!(call(&nurse, &app, "flags/queue", &[]).await.0, 200);
    // While required, nobody turns theirs off.
    app.clock.advance(30);
    let code = &codes_at(&uri, &[app.clock.now()])[0];
    assert_eq!(
        call(&nurse, &app, "account/second-factor/remove", &[("code", code)])
            .await
            .0,
        403
    );
    // Patients are not concerned; the admin is, as any staff, even for the audit export.
    let ann = app.signed_in("ann@example.org").await;
    assert_eq!(call(&ann, &app, "home", &[]).await.0, 200);
    assert_eq!(call(&admin, &app, "admin/hospital/view", &[]).await.0, 403);
    let export = admin
        .get(app.url("/admin/audit/export?from=2026-01-01&to=2026-01-02&format=csv"))
        .send()
        .await;
    assert_eq!(export.expect("export").status().as_u16(), 403);
    let (admin_uri, _) = turn_on(&app, &admin).await;
    assert!(!admin_uri.is_empty());
    assert_eq!(call(&admin, &app, "admin/hospital/view", &[]).await.0, 200);
    // A new sign-in code for someone who lost access resets the second step too.
    let (status, body) = call(&admin, &app, "codes/reissue", &[("user_id", &nurse_id.to_string())]).await;
    assert_eq!(status, 200, "{body}");
    assert!(server::storage::second_factor::factor(&app.db, nurse_id)
        .await
        .expect("factor")
        .is_none());
    assert_eq!(audited(&app, "second_factor.reset").await, 1);
    assert_eq!(
        call(&admin, &app, "admin/second-factor/require", &[("required", "false")])
            .await
            .0,
        200
    );
}
