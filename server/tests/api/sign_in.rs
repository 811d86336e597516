use crate::helpers::{client, location, spawn, spawn_with, Kind, PASSWORD};
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(
    signing_in_sets_a_strict_http_only_cookie_and_a_fresh_session_each_time,
    wrong_password_and_unknown_account_answer_alike,
    repeated_failures_are_throttled_per_account,
    signing_out_ends_the_session_on_the_server,
    idle_and_absolute_expiry_end_sessions,
    demo_accounts_cannot_sign_in_outside_demo_mode,
    a_malformed_form_gets_a_message_and_changes_nothing,
);

async fn signing_in_sets_a_strict_http_only_cookie_and_a_fresh_session_each_time(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    let browser = client();

    let first = app.sign_in(&browser, "Nurse@North.example ", PASSWORD).await;
    assert_eq!(first.status(), 303);
    assert_eq!(location(&first), "/");
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http on localhost cannot use Secure cookies"
    );
    let first_token = cookie.split(';').next().unwrap().to_string();

    let home = browser.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("Signed in as nurse@north.example"));

    // Signing in again rotates the id and ends the session the browser had.
    let second = app.sign_in(&browser, "nurse@north.example", PASSWORD).await;
    let second_token = second.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(first_token, second_token);
    let sessions: i64 = sqlx::Row::get(
        &sqlx::query("SELECT COUNT(*) AS n FROM sessions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap(),
        "n",
    );
    assert_eq!(sessions, 1, "the first session was ended");
    let replay = client()
        .get(app.url("/"))
        .header("cookie", first_token)
        .send()
        .await
        .unwrap();
    let status = replay.status();
    assert_eq!(status, 302, "{}", replay.text().await.unwrap());
    assert_eq!(location(&replay), "/login?error=ended");
}

async fn wrong_password_and_unknown_account_answer_alike(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;

    let wrong = app.sign_in(&client(), "nurse@north.example", "not the password").await;
    let unknown = app.sign_in(&client(), "nobody@north.example", "not the password").await;
    assert_eq!(wrong.status(), 303);
    assert_eq!(location(&wrong), "/login?error=failed");
    assert_eq!(location(&unknown), location(&wrong));
    assert!(wrong.headers().get("set-cookie").is_none());

    let page = client()
        .get(app.url("/login?error=failed"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("do not match an account that can sign in"),
        "the page explains the error"
    );
}

async fn repeated_failures_are_throttled_per_account(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    for _ in 0..5 {
        let response = app.sign_in(&client(), "nurse@north.example", "guess").await;
        assert_eq!(location(&response), "/login?error=failed");
    }
    // Even the right password is refused while throttled, and says why.
    let response = app.sign_in(&client(), "nurse@north.example", PASSWORD).await;
    assert_eq!(location(&response), "/login?error=throttled");
    // Unknown accounts are throttled the same way: throttling reveals nothing either.
    for _ in 0..5 {
        app.sign_in(&client(), "ghost@north.example", "guess").await;
    }
    let response = app.sign_in(&client(), "ghost@north.example", "guess").await;
    assert_eq!(location(&response), "/login?error=throttled");
}

async fn signing_out_ends_the_session_on_the_server(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    let browser = client();
    let response = app.sign_in(&browser, "nurse@north.example", PASSWORD).await;
    let token = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();

    let out = browser.post(app.url("/auth/logout")).send().await.unwrap();
    assert_eq!(location(&out), "/login?notice=signed-out");
    assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    // A copy of the old cookie is worthless: the session is gone from the database.
    let replay = client().get(app.url("/")).header("cookie", token).send().await.unwrap();
    assert_eq!(location(&replay), "/login?error=ended");
}

async fn idle_and_absolute_expiry_end_sessions(kind: Kind) {
    for (idle_minutes, max_hours) in [(0, 12), (30, 0)] {
        let app = spawn_with(kind, |c| {
            c.session_idle_minutes = idle_minutes;
            c.session_max_hours = max_hours;
        })
        .await;
        let centre = app.centre("North").await;
        app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
        let response = app.sign_in(&client(), "nurse@north.example", PASSWORD).await;
        assert_eq!(location(&response), "/", "the sign-in itself succeeds");
        // Sent by hand: a browser would drop a Max-Age=0 cookie, but the server must not
        // rely on that.
        let token = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let home = client().get(app.url("/")).header("cookie", token).send().await.unwrap();
        assert_eq!(
            location(&home),
            "/login?error=ended",
            "idle {idle_minutes} min, max {max_hours} h"
        );
    }
}

async fn demo_accounts_cannot_sign_in_outside_demo_mode(kind: Kind) {
    let app = spawn_with(kind, |c| c.demo = true).await;
    let browser = app.signed_in_demo().await;
    let home = browser.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(
        home.contains("Demo centre: synthetic people only"),
        "the demo is labelled"
    );

    // The same database served without demo mode: the known logins are inert.
    let url = app.database_url.clone();
    let real = spawn_with(kind, |c| c.database_url = url).await;
    let response = real
        .sign_in(&client(), "nurse@demo.example", server::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(location(&response), "/login?error=failed");
    let page = client()
        .get(real.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Demo centre"), "no demo label outside demo mode");
}

async fn a_malformed_form_gets_a_message_and_changes_nothing(kind: Kind) {
    let app = spawn(kind).await;
    let response = client()
        .post(app.url("/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=only")
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/login?error=required");
    let response = app.sign_in(&client(), "not-an-email", "whatever").await;
    assert_eq!(location(&response), "/login?error=email");
    let page = client()
        .get(app.url("/login?error=email"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Enter an email address like name@example.org."));
}

on_both_databases!(housekeeping_removes_ended_sessions_and_old_attempts_only);

async fn housekeeping_removes_ended_sessions_and_old_attempts_only(kind: Kind) {
    use server::storage::{housekeeping, sessions::SessionLimits};
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    let live = app.signed_in("nurse@north.example").await;
    app.sign_in(&client(), "nurse@north.example", "wrong").await;
    let now = chrono::Utc::now().timestamp();
    for (hash, last_seen, expires) in [("idle", now - 7200, now + 3600), ("expired", now - 10, now - 1)] {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, 1, $2, $3, $4)")
            .bind(hash)
            .bind(now - 7200)
            .bind(last_seen)
            .bind(expires)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    sqlx::query("INSERT INTO sign_in_failures (scope, key, at) VALUES ('address', 'old', $1)")
        .bind(now - 2 * 24 * 3600)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let limits = SessionLimits {
        idle_seconds: 1800,
        absolute_seconds: 12 * 3600,
    };
    assert_eq!(housekeeping::prune(&app.db, &limits).await.unwrap(), (2, 1));
    // The live session and the recent failed attempts stay.
    assert_eq!(crate::helpers::count(&app, "sessions").await, 1);
    assert_eq!(crate::helpers::count(&app, "sign_in_failures").await, 2);
    assert_eq!(live.get(app.url("/")).send().await.unwrap().status(), 200);
}
