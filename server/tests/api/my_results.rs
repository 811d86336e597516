//! "My results" over HTTP: the patient reads their own check-ins back in plain words; an
//! alarming band comes with its context, a crisis answer is not repeated back in its own
//! words, and each answer says what the team was told and when a nurse saw it. Nobody else
//! reads the page, and each read is audit-logged.
use crate::answers::{calm_diary, choices, send, submission};
use crate::helpers::{call, page_text, Kind};
use crate::on_both_databases;
use crate::timeline::{start, ward};
use app::{api::results::ResultsView, domain::checkins::result_words::TeamTold, domain::role::Role};
use server::storage::accounts;

on_both_databases!(
    a_patient_reads_their_results_with_care_and_nobody_else_reads_them,
    answers_come_a_page_at_a_time_newest_first_and_the_charts_keep_them_all,
);

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
    let page = page_text(&ann, &w.app, "/results").await;
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

async fn answers_come_a_page_at_a_time_newest_first_and_the_charts_keep_them_all(kind: Kind) {
    use app::domain::checkins::results_page::PAGE;
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-RES-PAGES").await.0, 200);
    let ann = w.app.signed_in("ann@example.org").await;
    let sent = PAGE + 2;
    for n in 0..sent {
        let diary = submission(
            &w,
            &format!("page-{n}"),
            "symptom-diary",
            calm_diary(36.0 + n as f64 / 100.0),
        );
        assert_eq!(send(&ann, &w, &diary).await.0, 200);
    }
    let page = |from: Option<usize>| {
        let (client, app) = (ann.clone(), &w.app);
        async move {
            let from = from.map(|f| f.to_string());
            let form: Vec<(&str, &str)> = from.iter().map(|f| ("from", f.as_str())).collect();
            let (status, body) = call(&client, app, "results/mine", &form).await;
            assert_eq!(status, 200, "{body}");
            serde_json::from_str::<ResultsView>(&body).expect("results")
        }
    };
    let first = page(None).await;
    assert_eq!(first.answered.len(), PAGE);
    assert_eq!(
        (first.page.total, first.page.older_from, first.page.newer_from),
        (sent, Some(PAGE), None)
    );
    let older = page(first.page.older_from).await;
    assert_eq!(older.answered.len(), 2);
    assert_eq!((older.page.older_from, older.page.newer_from), (None, Some(0)));
    let mut ids: Vec<i64> = first.answered.iter().chain(&older.answered).map(|a| a.id).collect();
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "newest first, one page after the other"
    );
    ids.dedup();
    assert_eq!(ids.len(), sent);
    // The temperature chart still draws every answer, on either page.
    let points = |r: &ResultsView| {
        r.trends
            .iter()
            .find(|t| t.title.contains("Temperature"))
            .map_or(0, |t| t.values.len())
    };
    assert_eq!((points(&first), points(&older)), (sent, sent));
    // As plain links on the page.
    let html = page_text(&ann, &w.app, &format!("/results?from={PAGE}")).await;
    assert!(
        html.contains(&format!("Answers {} to {sent} of {sent}, newest first.", PAGE + 1)),
        "{html}"
    );
    assert!(html.contains("href=\"/results?from=0#results-answers\""), "{html}");
    assert!(!html.contains(">Older answers<"));
}
