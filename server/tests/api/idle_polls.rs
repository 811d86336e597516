//! A workstation left open on the flag queue: the page's own timer (the fingerprint every 5
//! seconds, and the queue read again when it changes) is answered, but does not refresh the
//! session's idle clock, so the session still ends after the idle timeout. A person's request
//! does refresh it.
use crate::helpers::{call, spawn_with, Kind, TestApp};
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(a_page_s_own_timer_does_not_keep_a_session_alive);

async fn set_last_seen(app: &TestApp, at: i64) {
    sqlx::query("UPDATE sessions SET last_seen_at = $1")
        .bind(at)
        .execute(&app.db.pool)
        .await
        .expect("sessions");
}

async fn last_seen(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT last_seen_at FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .expect("one session")
}

async fn a_page_s_own_timer_does_not_keep_a_session_alive(kind: Kind) {
    let app = spawn_with(kind, |c| c.session_idle_minutes = 30).await;
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    let nurse = app.signed_in("nurse@north.example").await;
    let now = server::storage::now();
    set_last_seen(&app, now - 600).await;
    for timer in ["flags/fingerprint", "flags/queue-refresh"] {
        assert_eq!(call(&nurse, &app, timer, &[]).await.0, 200, "{timer}");
        assert_eq!(last_seen(&app).await, now - 600, "{timer} keeps nothing alive");
    }
    assert_eq!(call(&nurse, &app, "flags/queue", &[]).await.0, 200);
    assert!(last_seen(&app).await >= now, "a person's request does");
    // Left open past the idle timeout with only the timer running: signed out.
    set_last_seen(&app, server::storage::now() - 31 * 60).await;
    assert_eq!(call(&nurse, &app, "flags/fingerprint", &[]).await.0, 401);
    assert_eq!(
        call(&nurse, &app, "flags/queue", &[]).await.0,
        401,
        "the session is gone"
    );
}
