//! Two instances changing the centre's instruments at once: the second change waits for the
//! first to end, then is told the rules changed meanwhile. Never two versions made on the
//! same numbers in force (PostgreSQL let that through), never a 500 (SQLite's BUSY).
use crate::helpers::*;
use crate::on_both_databases;
use crate::site_instruments::{weekly_schedule, SUPPORT_CHECK};
use app::domain::{instruments::Kind as RuleKind, role::Role};
use server::storage::{audit::Entry, instrument_versions, StorageError};
use std::time::Duration;

on_both_databases!(a_second_change_waits_for_the_first_and_is_told_it_is_stale);

async fn a_second_change_waits_for_the_first_and_is_told_it_is_stale(kind: Kind) {
    let app = spawn(kind).await;
    let admin_id = app.user(Role::Admin, "admin@example.org", None).await;
    let admin = app.signed_in("admin@example.org").await;
    let (status, body) = call(&admin, &app, "admin/questionnaires/import", &[("json", SUPPORT_CHECK)]).await;
    assert_eq!(status, 200, "{body}");
    let entry = || Entry::new("instruments.changed", "127.0.0.1");
    // Instance A is halfway through a schedule change: its version written, not yet committed.
    let mut a = app.db.pool.begin().await.expect("a transaction");
    sqlx::query(
        "INSERT INTO instrument_versions (kind, number, rules, change, proposed_by, proposed_at, in_force_at) \
         VALUES ('schedule', 1, $1, 'added', $2, 1, 1)",
    )
    .bind(serde_json::json!([weekly_schedule()]).to_string())
    .bind(admin_id)
    .execute(&mut *a)
    .await
    .expect("written");
    // Instance B adds a reminders version on the numbers in force it read: none yet.
    let db = app.db.clone();
    let b = tokio::spawn(async move {
        instrument_versions::add(
            &db,
            (RuleKind::Reminders, [0, 0, 0]),
            "[]",
            "added",
            (admin_id, false),
            entry(),
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !b.is_finished(),
        "the second change went ahead while the first was under way"
    );
    a.commit().await.expect("committed");
    let outcome = b.await.expect("the second change ran");
    assert!(matches!(outcome, Err(StorageError::Stale)), "{outcome:?}");
    // Made again on the numbers now in force, it goes through.
    let number = instrument_versions::add(
        &app.db,
        (RuleKind::Reminders, [1, 0, 0]),
        "[]",
        "added",
        (admin_id, false),
        entry(),
    )
    .await
    .expect("a version on the numbers in force");
    assert_eq!(number, 1);
}
