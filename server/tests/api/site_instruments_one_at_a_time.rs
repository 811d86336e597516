//! Two instances changing the centre's instruments at once: the second change waits for the
//! first to end, then is told the rules changed meanwhile. Never two versions made on the
//! same numbers in force (PostgreSQL let that through), never a 500 (SQLite's BUSY).
use crate::helpers::*;
use crate::on_both_databases;
use crate::site_instruments::{support_check_imported, weekly_schedule};
use app::domain::instruments::Kind as RuleKind;
use server::storage::{audit::Entry, instrument_versions, StorageError};
use std::time::Duration;

on_both_databases!(a_second_change_waits_for_the_first_and_is_told_it_is_stale);

async fn a_second_change_waits_for_the_first_and_is_told_it_is_stale(kind: Kind) {
    let app = spawn(kind).await;
    let (admin_id, _) = support_check_imported(&app, "admin@example.org").await;
    // A reminders version (no rule: storage checks none) made on these numbers in force.
    let reminders_on = |db: server::storage::Db, based_on: [i64; 3]| async move {
        let audit = Entry::new("instruments.changed", "127.0.0.1");
        instrument_versions::add(
            &db,
            (RuleKind::Reminders, based_on),
            "[]",
            "added",
            (admin_id, false),
            audit,
        )
        .await
    };
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
    let b = tokio::spawn(reminders_on(app.db.clone(), [0, 0, 0]));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !b.is_finished(),
        "the second change went ahead while the first was under way"
    );
    a.commit().await.expect("committed");
    let outcome = b.await.expect("the second change ran");
    assert!(matches!(outcome, Err(StorageError::Stale)), "{outcome:?}");
    // Made again on the numbers now in force, it goes through.
    let number = reminders_on(app.db.clone(), [1, 0, 0])
        .await
        .expect("a version on the numbers in force");
    assert_eq!(number, 1);
}
