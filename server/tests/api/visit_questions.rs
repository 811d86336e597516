//! Questions for the next visit over HTTP: the patient and their caregiver ask, the centre's
//! nurse reads them with the next visit's date and marks them discussed; nobody else reads
//! or writes them, and each read and write is audit-logged.
use crate::helpers::{call, Kind};
use crate::on_both_databases;
use crate::timeline::{read, start, ward, Ward};
use app::{
    api::questions::QuestionList,
    domain::{role::Role, timeline::MilestoneKind},
};
use server::storage::accounts;

on_both_databases!(
    the_patient_and_caregiver_ask_and_the_nurse_reads_them_before_the_visit,
    nobody_else_reads_or_writes_the_list_and_bad_questions_are_refused,
);

async fn list(client: &reqwest::Client, w: &Ward) -> (u16, Option<QuestionList>) {
    let (status, body) = call(
        client,
        &w.app,
        "questions/list",
        &[("patient_id", &w.patient_id.to_string())],
    )
    .await;
    (status, serde_json::from_str(&body).ok())
}

async fn ask(client: &reqwest::Client, w: &Ward, text: &str) -> (u16, String) {
    call(
        client,
        &w.app,
        "questions/ask",
        &[("patient_id", &w.patient_id.to_string()), ("text", text)],
    )
    .await
}

async fn on(client: &reqwest::Client, w: &Ward, endpoint: &str, id: i64) -> u16 {
    let (patient, id) = (w.patient_id.to_string(), id.to_string());
    call(client, &w.app, endpoint, &[("patient_id", &patient), ("id", &id)])
        .await
        .0
}

async fn audited(w: &Ward, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND patient_id = $2")
        .bind(action)
        .bind(w.patient_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("count")
}

async fn the_patient_and_caregiver_ask_and_the_nurse_reads_them_before_the_visit(kind: Kind) {
    let w = ward(kind).await;
    let (status, body) = start(&w, "axi-cel", "ORD-Q-1").await;
    assert_eq!(status, 200, "{body}");
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let patient = w.app.signed_in("ann@example.org").await;
    let caregiver = w.app.signed_in("carer@example.org").await;

    assert_eq!(
        ask(&patient, &w, "  Can I take the train home after discharge?  ")
            .await
            .0,
        200
    );
    assert_eq!(ask(&caregiver, &w, "Where do I park on infusion day?").await.0, 200);
    let (status, seen) = list(&w.nurse, &w).await;
    assert_eq!(status, 200);
    let seen = seen.expect("the list");
    assert!(
        seen.can_mark && !seen.can_ask,
        "the nurse marks, and does not write in the list"
    );
    let texts: Vec<&str> = seen.questions.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Can I take the train home after discharge?",
            "Where do I park on infusion day?"
        ]
    );
    // The next visit: the eligibility visit of a treatment just started.
    let (_, view) = read(&w.nurse, &w).await;
    let eligibility = crate::timeline::date_of(&view.expect("timeline"), MilestoneKind::Eligibility);
    assert_eq!(seen.next_visit, Some(eligibility.to_string()));

    // The caregiver cannot take back the patient's question; the patient can not the
    // caregiver's; each takes back their own while it is open.
    let (first, second) = (seen.questions[0].id, seen.questions[1].id);
    assert_eq!(on(&caregiver, &w, "questions/take-back", first).await, 404);
    let (_, mine) = list(&patient, &w).await;
    let mine = mine.expect("list");
    assert!(mine.questions[0].mine && !mine.questions[1].mine && mine.can_ask && !mine.can_mark);
    // Patients and caregivers do not mark questions discussed.
    assert_eq!(on(&patient, &w, "questions/discussed", first).await, 403);
    assert_eq!(on(&w.nurse, &w, "questions/discussed", first).await, 200);
    assert_eq!(on(&w.nurse, &w, "questions/discussed", first).await, 404, "once");
    assert_eq!(
        on(&patient, &w, "questions/take-back", first).await,
        404,
        "discussed: kept"
    );
    assert_eq!(on(&caregiver, &w, "questions/take-back", second).await, 200);
    let (_, after) = list(&patient, &w).await;
    let after = after.expect("list");
    assert_eq!(after.questions.len(), 1);
    assert!(after.questions[0].discussed_on.is_some());
    assert_eq!(audited(&w, "questions.ask").await, 2);
    assert_eq!(audited(&w, "questions.discussed").await, 1);
    assert_eq!(audited(&w, "questions.take_back").await, 1);
    assert!(audited(&w, "questions.read").await >= 3, "every read is logged");
}

async fn nobody_else_reads_or_writes_the_list_and_bad_questions_are_refused(kind: Kind) {
    let w = ward(kind).await;
    let patient = w.app.signed_in("ann@example.org").await;
    assert_eq!(ask(&patient, &w, "Will I lose my hair?").await.0, 200);
    // Another patient of the same centre, a nurse of another centre, a researcher.
    w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    let elsewhere = w.app.centre("Elsewhere").await;
    w.app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    w.app.user(Role::Researcher, "res@example.org", None).await;
    for email in ["bob@example.org", "nurse@elsewhere.example", "res@example.org"] {
        let other = w.app.signed_in(email).await;
        assert_eq!(list(&other, &w).await.0, 403, "{email} reads");
        assert_eq!(ask(&other, &w, "x").await.0, 403, "{email} writes");
    }
    assert_eq!(
        ask(&w.nurse, &w, "x").await.0,
        403,
        "the nurse does not write in the list"
    );
    // Empty, too long: refused with the problem; nothing stored.
    assert_eq!(ask(&patient, &w, "   ").await.0, 422);
    assert_eq!(ask(&patient, &w, &"?".repeat(501)).await.0, 422);
    let (_, seen) = list(&patient, &w).await;
    assert_eq!(seen.expect("list").questions.len(), 1);
    // No treatment yet: no next visit, and the list still works.
    assert_eq!(list(&w.nurse, &w).await.1.expect("list").next_visit, None);
}
