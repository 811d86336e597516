//! Check-ins over HTTP: a red flag comes back at once with what to do, a replay stores
//! nothing new, bad answers are refused item by item, and only the patient's own people
//! may answer for them.
use crate::answers::{calm_diary, choices, send, submission};
use crate::helpers::{count, Kind};
use crate::on_both_databases;
use crate::timeline::{start, ward, Ward};
use app::domain::role::Role;
use reqwest::Client;
use serde_json::{json, Value};

on_both_databases!(
    a_fever_in_the_diary_is_flagged_urgent_and_the_patient_told_to_call_now,
    the_same_submission_sent_twice_is_stored_once,
    bad_answers_are_refused_item_by_item_and_nothing_is_stored,
    only_the_patient_and_their_caregivers_answer_and_a_caregiver_s_own_answers_stay_theirs,
    a_rise_since_the_last_score_is_flagged_for_review,
    an_answer_after_its_window_closed_is_kept_and_marked_late,
    an_answer_follows_the_timeline_as_it_is_now_not_as_this_instance_last_read_it,
);

async fn submit(client: &Client, w: &Ward, body: &Value) -> (u16, Value) {
    send(client, w, body).await
}

fn diary(w: &Ward, client_id: &str, temperature_c: f64) -> Value {
    submission(w, client_id, "symptom-diary", calm_diary(temperature_c))
}

fn phq9(w: &Ward, client_id: &str, values: [u8; 9]) -> Value {
    submission(w, client_id, "phq-9", choices("phq9", &values))
}

async fn patient(w: &Ward) -> Client {
    w.app.signed_in("ann@example.org").await
}

async fn a_fever_in_the_diary_is_flagged_urgent_and_the_patient_told_to_call_now(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-CHK-1").await.0, 200);
    let ann = patient(&w).await;
    let (status, calm) = submit(&ann, &w, &diary(&w, "c-calm", 36.9)).await;
    assert_eq!(status, 200, "{calm}");
    assert_eq!(
        (calm["flags"].as_array().map(Vec::len), &calm["advice"]),
        (Some(0), &Value::Null)
    );
    let (status, body) = submit(&ann, &w, &diary(&w, "c-fever", 38.4)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["flags"][0]["rule"], "diary.fever");
    assert_eq!(body["flags"][0]["level"], "urgent");
    assert_eq!(body["advice"], "call_care_team");
    assert_eq!(count(&w.app, "checkin_responses").await, 2);
    assert_eq!(count(&w.app, "flags").await, 1);
    let audited: i64 = {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'checkin.submitted'")
            .fetch_one(&w.app.db.pool)
            .await
            .expect("audit")
            .get("n")
    };
    assert_eq!(audited, 2);
    // A centre that flags from 37.5 °C: 37.6 is a fever there.
    sqlx::query("UPDATE centres SET fever_threshold_tenths = 375 WHERE id = $1")
        .bind(w.centre_id)
        .execute(&w.app.db.pool)
        .await
        .expect("threshold");
    let (_, body) = submit(&ann, &w, &diary(&w, "c-low-threshold", 37.6)).await;
    assert_eq!(body["flags"][0]["rule"], "diary.fever", "{body}");
}

async fn the_same_submission_sent_twice_is_stored_once(kind: Kind) {
    let w = ward(kind).await;
    let ann = patient(&w).await;
    let (status, first) = submit(&ann, &w, &phq9(&w, "c-twice", [0, 0, 0, 0, 0, 0, 0, 0, 1])).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["advice"], "crisis", "item 9 above 0");
    assert_eq!(first["replayed"], false);
    // Sent again, even with other answers: the first result, nothing new stored.
    let (status, again) = submit(&ann, &w, &phq9(&w, "c-twice", [3, 3, 3, 3, 3, 3, 3, 3, 0])).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["replayed"], true);
    for key in ["response_id", "scores", "flags", "advice"] {
        assert_eq!(first[key], again[key], "{key}");
    }
    assert_eq!(count(&w.app, "checkin_responses").await, 1);
    assert_eq!(count(&w.app, "flags").await, 1);
}

async fn bad_answers_are_refused_item_by_item_and_nothing_is_stored(kind: Kind) {
    let w = ward(kind).await;
    let ann = patient(&w).await;
    let (status, body) = submit(&ann, &w, &diary(&w, "c-hot", 55.0)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Answers"][0]["link_id"], "temperature_c");
    assert_eq!(body["Answers"][0]["kind"], "AboveMaximum");
    let mut seven = phq9(&w, "c-seven", [0; 9]);
    seven["answers"]["phq9-3"] = json!({ "choice": "7" });
    seven["answers"].as_object_mut().expect("answers").remove("phq9-5");
    let (status, body) = submit(&ann, &w, &seven).await;
    assert_eq!(status, 422, "{body}");
    let problems: Vec<(String, String)> = body["Answers"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["link_id"].as_str().unwrap_or("").to_string(),
                p["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("phq9-3".to_string(), "NotAnOption".to_string()),
            ("phq9-5".to_string(), "Required".to_string())
        ]
    );
    let mut unknown = phq9(&w, "c-unknown", [0; 9]);
    unknown["questionnaire"] = json!("eq-5d");
    assert_eq!(submit(&ann, &w, &unknown).await.0, 404);
    let malformed = ann
        .post(w.app.url("/api/checkins/submit"))
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body("{\"submission\": {\"answers\": 3}}")
        .send()
        .await
        .expect("request");
    assert_eq!(malformed.status().as_u16(), 400);
    assert_eq!(count(&w.app, "checkin_responses").await, 0);
    // Each of these answers is documented, with the API's other routes.
    let doc: Value = reqwest::get(w.app.url("/api/openapi.json"))
        .await
        .expect("openapi")
        .json()
        .await
        .expect("JSON");
    let responses = &doc["paths"]["/api/checkins/submit"]["post"]["responses"];
    for status in ["200", "400", "401", "403", "404", "422"] {
        assert!(responses[status].is_object(), "documents {status}");
    }
    assert!(doc["components"]["schemas"]["Submission"].is_object());
    // The refused ids stay free: the corrected answers are taken.
    assert_eq!(submit(&ann, &w, &diary(&w, "c-hot", 38.1)).await.0, 200);
}

async fn only_the_patient_and_their_caregivers_answer_and_a_caregiver_s_own_answers_stay_theirs(kind: Kind) {
    let w = ward(kind).await;
    let other = w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let ann = patient(&w).await;
    let mut for_bob = diary(&w, "c-bob", 36.5);
    for_bob["patient_id"] = json!(other);
    assert_eq!(submit(&ann, &w, &for_bob).await.0, 403, "not their own record");
    assert_eq!(
        submit(&w.nurse, &w, &diary(&w, "c-nurse", 36.5)).await.0,
        403,
        "nurses review, they do not answer"
    );
    assert_eq!(
        submit(&crate::helpers::client(), &w, &diary(&w, "c-anon", 36.5))
            .await
            .0,
        401
    );

    let caregiver = w.app.signed_in("carer@example.org").await;
    let (status, body) = submit(&caregiver, &w, &diary(&w, "c-carer", 36.5)).await;
    assert_eq!(status, 200, "{body}");
    let mut own = json!({ "client_id": "c-carer-self", "questionnaire": "phq-4", "patient_id": w.patient_id, "about_myself": true,
        "answers": { "phq4-1": { "choice": "3" }, "phq4-2": { "choice": "3" }, "phq4-3": { "choice": "0" }, "phq4-4": { "choice": "0" } } });
    let (status, body) = submit(&caregiver, &w, &own).await;
    assert_eq!(status, 200, "{body}");
    use sqlx::Row;
    let rows: Vec<(String, String)> = sqlx::query("SELECT subject, reported_by FROM checkin_responses ORDER BY id")
        .fetch_all(&w.app.db.pool)
        .await
        .expect("rows")
        .iter()
        .map(|r| (r.get("subject"), r.get("reported_by")))
        .collect();
    assert_eq!(
        rows,
        [
            ("patient".to_string(), "caregiver".to_string()),
            ("caregiver".to_string(), "caregiver".to_string())
        ]
    );
    // A patient cannot file answers as "about myself".
    own["client_id"] = json!("c-ann-self");
    assert_eq!(submit(&ann, &w, &own).await.0, 403);
    // Someone else's client id gives nothing of theirs away.
    assert_eq!(submit(&ann, &w, &diary(&w, "c-carer", 36.5)).await.0, 403);
}

async fn a_rise_since_the_last_score_is_flagged_for_review(kind: Kind) {
    let w = ward(kind).await;
    let ann = patient(&w).await;
    let (_, first) = submit(&ann, &w, &phq9(&w, "c-week-1", [1, 1, 1, 1, 0, 0, 0, 0, 0])).await;
    assert_eq!(
        (
            first["scores"][0]["total"].as_i64(),
            first["flags"].as_array().map(Vec::len)
        ),
        (Some(4), Some(0))
    );
    // 4 → 9: a rise of 5.
    let (_, later) = submit(&ann, &w, &phq9(&w, "c-week-2", [2, 1, 1, 1, 1, 1, 1, 1, 0])).await;
    assert_eq!(later["scores"][0]["total"].as_i64(), Some(9));
    assert_eq!(later["flags"][0]["rule"], "phq9.rise", "{later}");
    assert_eq!(later["flags"][0]["level"], "review");
    assert_eq!(
        later["advice"],
        Value::Null,
        "a nurse calls back; nothing to do this minute"
    );
}

fn phq4(w: &Ward, client_id: &str) -> Value {
    json!({ "client_id": client_id, "questionnaire": "phq-4", "patient_id": w.patient_id,
        "answers": { "phq4-1": { "choice": "1" }, "phq4-2": { "choice": "0" }, "phq4-3": { "choice": "0" }, "phq4-4": { "choice": "1" } } })
}

/// Referral, eligibility and apheresis done 20, 15 and 12 days ago (the treatment's version
/// moves by one each time).
async fn apheresis_twelve_days_ago(w: &Ward) {
    let (_, view) = crate::timeline::read(&w.nurse, w).await;
    let version = view.and_then(|v| v.treatment).map(|t| t.version).expect("treatment");
    for (n, (key, days_ago)) in [("referral", 20), ("eligibility", 15), ("apheresis", 12)]
        .into_iter()
        .enumerate()
    {
        let on = (crate::timeline::today() - chrono::Days::new(days_ago)).to_string();
        let (status, body) = crate::timeline::change(w, version + n as i64, key, "done", &on, "as it happened").await;
        assert_eq!(status, 200, "{key}: {body}");
    }
}

/// The server keeps the treatment it read for a check-in (`storage::kept_treatments`) and
/// uses it only while the database says it is current: a change made since is seen.
async fn an_answer_follows_the_timeline_as_it_is_now_not_as_this_instance_last_read_it(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-KEPT-1").await.0, 200);
    let ann = patient(&w).await;
    let kept = || w.app.services.db.kept_treatments.counts();
    // Nothing done yet, no PHQ-4 due: the answer belongs to no window.
    let (status, body) = submit(&ann, &w, &phq4(&w, "c-kept-1")).await;
    assert_eq!((status, &body["late"]), (200, &json!(false)), "{body}");
    let (_, body) = submit(&ann, &w, &phq4(&w, "c-kept-2")).await;
    assert_eq!(body["late"], false, "{body}");
    assert_eq!((kept().read, kept().used), (1, 1), "read once, then the kept copy");
    // Twelve days after apheresis, the weekly PHQ-4 due five days ago has closed unanswered.
    apheresis_twelve_days_ago(&w).await;
    let (_, body) = submit(&ann, &w, &phq4(&w, "c-kept-3")).await;
    assert_eq!(body["late"], true, "the changed timeline places the answer: {body}");
    assert_eq!((kept().read, kept().used), (2, 1), "read again after the change");
    let (_, body) = submit(&ann, &w, &phq4(&w, "c-kept-4")).await;
    assert_eq!(body["late"], false, "that window has its answer: {body}");
    assert_eq!((kept().read, kept().used), (2, 2));
}

async fn an_answer_after_its_window_closed_is_kept_and_marked_late(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-LATE-1").await.0, 200);
    // The weekly PHQ-4 while waiting was due 12 and 5 days ago; each window stays open 72
    // hours.
    apheresis_twelve_days_ago(&w).await;
    let ann = patient(&w).await;
    let (status, body) = submit(&ann, &w, &phq4(&w, "c-late")).await;
    assert_eq!((status, &body["late"]), (200, &json!(true)), "{body}");
    // That window now has its answer: another one today is extra, not late.
    let (_, body) = submit(&ann, &w, &phq4(&w, "c-extra")).await;
    assert_eq!(body["late"], false, "{body}");
    use sqlx::Row;
    let rows: Vec<(Option<String>, i64)> =
        sqlx::query("SELECT schedule_id, is_late FROM checkin_responses ORDER BY id")
            .fetch_all(&w.app.db.pool)
            .await
            .expect("rows")
            .iter()
            .map(|r| (r.get("schedule_id"), r.get("is_late")))
            .collect();
    assert_eq!(rows, [(Some("waiting-phq4".to_string()), 1), (None, 0)]);
}
