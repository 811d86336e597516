//! One research release checked at a time: two exports made at once, of two projects of the
//! same patients, must each be checked against the other (the later one's keys hold the
//! earlier one's), and a check whose lease ran out cannot commit.
use crate::helpers::*;
use crate::reidentification_world::*;
use server::{
    export::cohort,
    storage::{audit::Entry, release_lock, research_projects, StorageError},
};
use std::{collections::BTreeMap, time::Duration};

async fn make(w: &World, project: i64) -> i64 {
    let request = every_dataset(project);
    cohort::create(
        &w.app.db,
        w.settings,
        &request,
        None,
        Entry::new("research.export_created", "test"),
    )
    .await
    .expect("export made")
    .id
}

async fn keys(w: &World, export_id: i64) -> BTreeMap<i64, String> {
    sqlx::query_as("SELECT patient_id, time_key FROM research_export_members WHERE export_id = $1")
        .bind(export_id)
        .fetch_all(&w.app.db.pool)
        .await
        .expect("members")
        .into_iter()
        .collect()
}

crate::on_both_databases!(two_exports_at_once_are_checked_one_after_the_other);

async fn two_exports_at_once_are_checked_one_after_the_other(kind: Kind) {
    let w = world(kind, 300).await;
    let a = approve(&w, "first", None).await.expect("approved");
    let b = approve(&w, "same patients", None)
        .await
        .expect("the same cohort is allowed");
    let (one, two) = tokio::join!(make(&w, a), make(&w, b));
    let (earlier, later) = (one.min(two), one.max(two));
    let (earlier, later) = (keys(&w, earlier).await, keys(&w, later).await);
    let shared: Vec<i64> = earlier.keys().filter(|p| later.contains_key(p)).copied().collect();
    assert!(shared.len() > 50, "{} patients in both", shared.len());
    // Checked at the same time, both would read the same history and give the same keys.
    let same = shared.iter().filter(|p| earlier[p] == later[p]).count();
    assert_eq!(
        same,
        0,
        "{same} of {} keys not checked against the other export",
        shared.len()
    );
    // Keys are digests, whatever the number of exports before.
    assert!(later.values().all(|k| k.len() == 64), "{:?}", later.values().next());
}

crate::on_both_databases!(a_lease_taken_over_cannot_commit);

async fn a_lease_taken_over_cannot_commit(kind: Kind) {
    let app = spawn(kind).await;
    let db = &app.db;
    let wait = Duration::from_millis(300);
    let first = release_lock::acquire(db, "first", 300, wait).await.expect("free");
    let busy = release_lock::acquire(db, "second", 300, wait).await;
    assert!(matches!(busy, Err(StorageError::Busy)), "{busy:?}");
    // The first holder stalls past its lease; a second one takes over.
    sqlx::query("UPDATE release_locks SET lease_until = 0")
        .execute(&db.pool)
        .await
        .expect("lease run out");
    let second = release_lock::acquire(db, "second", 300, wait)
        .await
        .expect("taken over");
    let new = research_projects::NewProject {
        name: "stalled",
        study_key: "key",
        definition: "{}",
        ethics_ref: "EC",
        dua_ref: "DUA",
        expires_on: "2099-01-01",
        k: 5,
        summary: "{}",
        approved_by: None,
        researchers: &[],
        epsilon_budget: 1.0,
    };
    let stalled =
        research_projects::approve(db, &first, &new, &[], Entry::new("research.project_approved", "test")).await;
    assert!(matches!(stalled, Err(StorageError::Busy)), "{stalled:?}");
    research_projects::approve(db, &second, &new, &[], Entry::new("research.project_approved", "test"))
        .await
        .expect("the holder commits");
    // Giving back a lease someone else holds leaves theirs alone.
    release_lock::release(db, first).await.expect("released");
    let still = release_lock::acquire(db, "third", 300, wait).await;
    assert!(matches!(still, Err(StorageError::Busy)), "{still:?}");
    release_lock::release(db, second).await.expect("released");
    release_lock::acquire(db, "third", 300, wait).await.expect("free again");
}
