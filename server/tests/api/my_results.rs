//! "My results" over HTTP: the patient reads their own check-ins back in plain words; an
//! alarming band comes with its context, a crisis answer is not repeated back in its own
//! words, and each answer says what the team was told and when a nurse saw it. Nobody else
//! reads the page, and each read is audit-logged.
use crate::answers::{calm_diary, choices, send, submission};
use crate::helpers::{call, Kind};
use crate::on_both_databases;
use crate::timeline::{start, ward};
use app::{api::results::ResultsView, domain::checkins::result_words::TeamTold, domain::role::Role};
use server::storage::accounts;

on_both_databases!(a_patient_reads_their_results_with_care_and_nobody_else_reads_them);

const ITEM_9: &str = "Thoughts that you would be better off dead";

async fn a_patient_reads_their_results_with_care_and_nobody_else_reads_them(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-RES-1").await.0, 200);
    let ann = w.app.signed_in("ann@example.org").await;
    // A calm diary, then a PHQ-9 of 22 with item 9 answered "several days".
    let diary = submission(&w, "res-diary", "symptom-diary", calm_diary(36.8));
    assert_eq!(send(&ann, &w, &diary).await.0, 200);
    let phq9 = submission(&w, "res-phq9", "phq-9", choices("phq9", &[3, 3, 3, 3, 2, 2, 2, 3, 1]));
    let (status, sent) = send(&ann, &w, &phq9).await;
    assert_eq!(status, 200, "{sent}");

    let read = |client: reqwest::Client| {
        let app = &w.app;
        async move {
            let (status, body) = call(&client, app, "results/mine", &[]).await;
            (status, serde_json::from_str::<ResultsView>(&body).ok())
        }
    };
    let (status, results) = read(ann.clone()).await;
    assert_eq!(status, 200);
    let results = results.expect("results");
    assert_eq!(results.answered.len(), 2);
    let (latest, calm) = (&results.answered[0], &results.answered[1]);
    assert_eq!(calm.told, TeamTold::Nothing);
    assert!(!calm.crisis && calm.scores.is_empty());
    assert!(latest.crisis, "item 9 above 0 raised crisis advice");
    assert_eq!(latest.told, TeamTold::AtOnce);
    assert_eq!(latest.seen_on, None, "no nurse has acknowledged it yet");
    assert!(
        latest.answers.iter().all(|(q, _)| !q.contains(ITEM_9)),
        "{:?}",
        latest.answers
    );
    assert_eq!(latest.answers.len(), 8, "the eight other answers are told back");
    let total = &latest.scores[0];
    assert_eq!(
        (total.total, total.band.as_deref(), total.alarming),
        (22, Some("severe"), true)
    );
    assert!(
        results.trends.iter().any(|t| t.title.starts_with("Temperature")),
        "the temperature chart"
    );

    // The page in words: the context of the severe band, the crisis numbers, not item 9.
    let page = ann
        .get(w.app.url("/results"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("It is not a diagnosis"), "{page}");
    assert!(page.contains("You told us about thoughts of harming yourself"));
    assert!(page.contains("in an emergency"));
    assert!(!page.contains(ITEM_9));

    // A nurse acknowledges the urgent flag: the patient reads when it was seen.
    let flag: i64 = sqlx::query_scalar("SELECT id FROM flags WHERE patient_id = $1 AND level = 'urgent'")
        .bind(w.patient_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("the urgent flag");
    let (status, body) = call(&w.nurse, &w.app, "flags/acknowledge", &[("id", &flag.to_string())]).await;
    assert_eq!(status, 200, "{body}");
    let seen = read(ann.clone()).await.1.expect("results");
    assert!(seen.answered[0].seen_on.is_some());

    // The caregiver, the nurse, another patient: not theirs to read.
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    for client in [w.app.signed_in("carer@example.org").await, w.nurse.clone()] {
        assert_eq!(read(client).await.0, 403);
    }
    let bob = read(w.app.signed_in("bob@example.org").await).await.1.expect("his own");
    assert!(bob.answered.is_empty(), "another patient reads only his own (none)");
    let reads: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'results.read' AND patient_id = $1")
            .bind(w.patient_id)
            .fetch_one(&w.app.db.pool)
            .await
            .expect("count");
    assert_eq!(reads, 3, "the patient's three reads (the page and two calls)");
}
