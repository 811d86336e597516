//! The audit log is tamper-evident: sealed entries changed, removed or put back, and seals
//! removed from the end, are found by `vein-to-vein audit-verify`, which names the first
//! broken link. The database's append-only triggers are taken off first, as someone with
//! the database's owner rights could.
use crate::research_cli::{ok, refused, vtv};
use crate::{helpers::*, on_both_databases};
use server::storage::audit::{self, Entry};

async fn entries(app: &TestApp, how_many: usize) {
    for i in 0..how_many {
        let subject = format!("test:{i}");
        audit::record(
            &app.db,
            Entry::new("test.read", "192.0.2.7")
                .about(i64::try_from(i).ok())
                .subject(subject.as_str()),
        )
        .await
        .expect("recorded");
    }
}

/// The head printed by `audit-seal` or `audit-verify`.
fn head_of(text: &str) -> String {
    text.rsplit("Head: ").next().unwrap_or_default().trim().to_string()
}

/// Takes the append-only triggers off the log and its seals, as the database's owner could.
async fn triggers_off(app: &TestApp, kind: Kind) {
    let statements = match kind {
        Kind::Sqlite => [
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
            "DROP TRIGGER audit_seals_no_update",
            "DROP TRIGGER audit_seals_no_delete",
            "DROP TRIGGER audit_digests_no_update",
            "DROP TRIGGER audit_digests_no_delete",
        ]
        .as_slice(),
        Kind::Postgres => [
            "ALTER TABLE audit_log DISABLE TRIGGER USER",
            "ALTER TABLE audit_seals DISABLE TRIGGER USER",
            "ALTER TABLE audit_digests DISABLE TRIGGER USER",
        ]
        .as_slice(),
    };
    for statement in statements {
        sql(app, statement).await;
    }
}

async fn sql(app: &TestApp, statement: &str) {
    sqlx::raw_sql(statement).execute(&app.db.pool).await.expect(statement);
}

async fn seal_and_verify_name_the_first_broken_link(kind: Kind) {
    let app = spawn(kind).await;
    let url = app.database_url.clone();
    entries(&app, 6).await;
    let first = ok(vtv(&url, &["audit-seal", "--older-than-seconds", "0"]).await);
    assert!(first.contains("seal(s)"), "{first}");
    entries(&app, 4).await;
    let second = ok(vtv(&url, &["audit-seal", "--older-than-seconds", "0"]).await);
    let head = head_of(&second);
    assert_eq!(head.len(), 64, "{second}");
    assert_ne!(head, head_of(&first));
    let intact = ok(vtv(&url, &["audit-verify", "--head", &head]).await);
    assert!(intact.contains("intact"), "{intact}");
    // Younger entries wait for the next seal.
    entries(&app, 1).await;
    let waiting = ok(vtv(&url, &["audit-seal"]).await);
    assert!(waiting.starts_with("Sealed 0 entries in 0 seal(s)"), "{waiting}");
    // On PostgreSQL, ids show when their transaction commits: while one is open, nothing is
    // sealed (an id below the seal's could still come).
    if kind == Kind::Postgres {
        let mut open = app.db.pool.begin().await.expect("a transaction");
        sqlx::query("SELECT 1").execute(&mut *open).await.expect("begun");
        let held = ok(vtv(&url, &["audit-seal", "--older-than-seconds", "0"]).await);
        assert!(held.starts_with("Sealed 0 entries"), "{held}");
        open.rollback().await.expect("ended");
    }
    let sealed = ok(vtv(&url, &["audit-seal", "--older-than-seconds", "0"]).await);
    assert!(sealed.starts_with("Sealed 1 entries in 1 seal(s)"), "{sealed}");

    // Someone with the owner's rights takes the append-only triggers off.
    triggers_off(&app, kind).await;
    let (id, action): (i64, String) =
        sqlx::query_as("SELECT id, action FROM audit_log WHERE subject = 'test:2' ORDER BY id LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("an entry of the first seal");
    let verify = || {
        let (url, head) = (url.clone(), head.clone());
        async move { vtv(&url, &["audit-verify", "--head", &head]).await }
    };

    // One entry changed: named.
    sql(
        &app,
        &format!("UPDATE audit_log SET action = 'nothing.happened' WHERE id = {id}"),
    )
    .await;
    let changed = refused(verify().await);
    assert!(
        changed.contains(&format!("audit entry {id} was changed after seal 1")),
        "{changed}"
    );
    sql(
        &app,
        &format!("UPDATE audit_log SET action = '{action}' WHERE id = {id}"),
    )
    .await;
    ok(verify().await);

    // Removed: named. Put back as it was: intact again.
    let at: i64 = sqlx::query_scalar(&format!("SELECT at FROM audit_log WHERE id = {id}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("its time");
    sql(&app, &format!("DELETE FROM audit_log WHERE id = {id}")).await;
    let removed = refused(verify().await);
    assert!(
        removed.contains(&format!("audit entry {id} of seal 1 was removed")),
        "{removed}"
    );
    let put_back = |action: &str| {
        format!("INSERT INTO audit_log (id, at, action, patient_id, subject, client_addr) VALUES ({id}, {at}, '{action}', 2, 'test:2', '192.0.2.7')")
    };
    sql(&app, &put_back(&action)).await;
    ok(verify().await);
    sql(&app, &format!("DELETE FROM audit_log WHERE id = {id}")).await;

    // A digest rewritten to match a changed entry: the seal's root no longer covers it.
    sql(&app, &put_back("nothing.happened")).await;
    let digest = entry_digest_of(&app, id).await;
    sql(
        &app,
        &format!("UPDATE audit_digests SET digest = '{digest}' WHERE entry_id = {id}"),
    )
    .await;
    let resealed = refused(verify().await);
    assert!(resealed.contains("seal 1 was changed"), "{resealed}");
}

async fn entry_digest_of(app: &TestApp, id: i64) -> String {
    let row: (
        i64,
        i64,
        Option<i64>,
        Option<String>,
        String,
        Option<i64>,
        Option<String>,
        String,
    ) = sqlx::query_as(
        "SELECT id, at, actor_id, actor_role, action, patient_id, subject, client_addr FROM audit_log WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .expect("the entry");
    server::services::audit_seals::entry_digest(&server::storage::audit_seals::LogRow {
        id: row.0,
        at: row.1,
        actor_id: row.2,
        actor_role: row.3,
        action: row.4,
        patient_id: row.5,
        subject: row.6,
        client_addr: row.7,
    })
}

async fn a_removed_tail_of_seals_is_found_from_the_head_kept(kind: Kind) {
    let app = spawn(kind).await;
    let url = app.database_url.clone();
    entries(&app, 3).await;
    ok(vtv(&url, &["audit-seal", "--older-than-seconds", "0"]).await);
    entries(&app, 3).await;
    let head = head_of(&ok(vtv(&url, &["audit-seal", "--older-than-seconds", "0"]).await));
    // The seals are append-only too: taken off first.
    let refused_delete = sqlx::query("DELETE FROM audit_seals WHERE number = 2")
        .execute(&app.db.pool)
        .await;
    assert!(refused_delete.is_err(), "the database refuses to remove a seal");
    triggers_off(&app, kind).await;
    sql(&app, "DELETE FROM audit_digests WHERE seal = 2").await;
    sql(&app, "DELETE FROM audit_seals WHERE number = 2").await;
    // Without the head kept outside, what is left is a whole chain.
    ok(vtv(&url, &["audit-verify"]).await);
    let missing = refused(vtv(&url, &["audit-verify", "--head", &head]).await);
    assert!(
        missing.contains(&format!("the head {head} is not among the seals")),
        "{missing}"
    );
    // A seal taken out of the middle breaks the chain.
    entries(&app, 2).await;
    ok(vtv(&url, &["audit-seal", "--older-than-seconds", "0"]).await);
    entries(&app, 2).await;
    ok(vtv(&url, &["audit-seal", "--older-than-seconds", "0"]).await);
    sql(&app, "DELETE FROM audit_digests WHERE seal = 2").await;
    sql(&app, "DELETE FROM audit_seals WHERE number = 2").await;
    let broken = refused(vtv(&url, &["audit-verify"]).await);
    assert!(broken.contains("seal 3 does not follow the seal before it"), "{broken}");
}

on_both_databases!(
    seal_and_verify_name_the_first_broken_link,
    a_removed_tail_of_seals_is_found_from_the_head_kept
);
