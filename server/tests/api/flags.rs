//! The nurses' review queue over HTTP: worst first, acknowledged and resolved with a note,
//! overdue when nobody acknowledged an urgent flag in time, and only for the centre's nurses.
use crate::answers::{calm_diary, choices, send, submission};
use crate::helpers::{audited_about, call, Kind};
use crate::on_both_databases;
use crate::timeline::{ward, Ward};
use app::domain::role::Role;
use reqwest::Client;
use serde_json::{json, Value};

on_both_databases!(
    the_queue_puts_urgent_first_and_nurses_acknowledge_then_resolve,
    an_urgent_flag_nobody_acknowledged_in_time_is_overdue,
    a_note_in_the_diary_and_a_positive_phq4_subscale_reach_the_queue_for_review,
    sixty_flags_come_fifty_to_a_page_sorted_on_the_server_and_only_those_shown_are_audited
);

async fn submit(client: &Client, w: &Ward, questionnaire: &str, id: &str, answers: Value) {
    let (status, body) = send(client, w, &submission(w, id, questionnaire, answers)).await;
    assert_eq!(status, 200, "{body}");
}

fn phq9(values: [u8; 9]) -> Value {
    choices("phq9", &values)
}

fn fever_diary() -> Value {
    calm_diary(38.6)
}

async fn queue(client: &Client, w: &Ward) -> (u16, Value) {
    let (status, body) = call(client, &w.app, "flags/queue", &[]).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

async fn raise_three(w: &Ward) {
    let ann = w.app.signed_in("ann@example.org").await;
    submit(&ann, w, "phq-9", "q-1", phq9([1, 1, 1, 1, 0, 0, 0, 0, 0])).await; // 4: nothing
    submit(&ann, w, "phq-9", "q-2", phq9([3, 3, 3, 3, 3, 3, 2, 0, 0])).await; // 20: high, and a rise of 16
    submit(&ann, w, "symptom-diary", "d-1", fever_diary()).await; // urgent
}

async fn the_queue_puts_urgent_first_and_nurses_acknowledge_then_resolve(kind: Kind) {
    let w = ward(kind).await;
    raise_three(&w).await;
    let (status, body) = queue(&w.nurse, &w).await;
    assert_eq!(status, 200, "{body}");
    let rows = body["rows"].as_array().expect("rows").clone();
    let summary: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["level"].as_str().unwrap_or("").to_string(),
                r["what"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("urgent".to_string(), "38.6 °C".to_string()),
            ("high".to_string(), "PHQ-9 total: 20 (severe)".to_string()),
            ("review".to_string(), "PHQ-9 total: 4 → 20".to_string()),
        ]
    );
    assert_eq!(rows[0]["patient_name"], "Patient ann@example.org");
    assert_eq!(rows[0]["overdue"], false);

    // Only this centre's nurses: not the patient, not another centre's nurse.
    let ann = w.app.signed_in("ann@example.org").await;
    assert_eq!(queue(&ann, &w).await.0, 403);
    let elsewhere = w.app.centre("Elsewhere").await;
    w.app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    let stranger = w.app.signed_in("nurse@elsewhere.example").await;
    assert_eq!(queue(&stranger, &w).await.1["rows"], json!([]));
    let urgent = rows[0]["id"].to_string();
    assert_eq!(
        call(&stranger, &w.app, "flags/acknowledge", &[("id", &urgent)]).await.0,
        404
    );

    // The page's cheap question, "did anything change?", names no one and is not audited.
    let fingerprint = |client: Client| {
        let app = &w.app;
        async move { call(&client, app, "flags/fingerprint", &[]).await }
    };
    let audit_rows = || async {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log")
            .fetch_one(&w.app.db.pool)
            .await
            .expect("count")
            .get::<i64, _>("n")
    };
    let before = audit_rows().await;
    let (status, first) = fingerprint(w.nurse.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(fingerprint(w.nurse.clone()).await.1, first, "nothing changed");
    assert_eq!(audit_rows().await, before, "no audit entry for the fingerprint");
    assert!(!first.contains("ann"), "{first}");
    assert_eq!(fingerprint(ann.clone()).await.0, 403);
    let (status, body) = call(&w.nurse, &w.app, "flags/acknowledge", &[("id", &urgent)]).await;
    assert_eq!(status, 200, "{body}");
    assert_ne!(
        fingerprint(w.nurse.clone()).await.1,
        first,
        "an acknowledgement changes it"
    );
    assert_eq!(
        queue(&w.nurse, &w).await.1["rows"][0]["acknowledged_by"],
        "nurse@leuven.example"
    );
    let (status, _) = call(&w.nurse, &w.app, "flags/resolve", &[("id", &urgent), ("note", "  ")]).await;
    assert_eq!(status, 422, "a resolution says what was done");
    let (status, body) = call(
        &w.nurse,
        &w.app,
        "flags/resolve",
        &[("id", &urgent), ("note", "Called; coming in to the day unit")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let left = queue(&w.nurse, &w).await.1["rows"].as_array().map(Vec::len);
    assert_eq!(left, Some(2));
    let (status, _) = call(&w.nurse, &w.app, "flags/resolve", &[("id", &urgent), ("note", "again")]).await;
    assert_eq!(status, 409, "already resolved");
    use sqlx::Row;
    let actions: Vec<String> = sqlx::query("SELECT action FROM audit_log WHERE action LIKE 'flag%' ORDER BY id")
        .fetch_all(&w.app.db.pool)
        .await
        .expect("audit")
        .iter()
        .map(|r| r.get("action"))
        .collect();
    assert!(
        actions.iter().filter(|a| *a == "flags.queue").count() >= 3,
        "{actions:?}"
    );
    assert!(actions.contains(&"flag.acknowledged".to_string()) && actions.contains(&"flag.resolved".to_string()));
}

async fn an_urgent_flag_nobody_acknowledged_in_time_is_overdue(kind: Kind) {
    let w = ward(kind).await;
    raise_three(&w).await;
    // Raised 16 minutes ago (escalation after 15).
    sqlx::query("UPDATE flags SET raised_at = raised_at - 960")
        .execute(&w.app.db.pool)
        .await
        .expect("age the flags");
    let rows = queue(&w.nurse, &w).await.1["rows"].clone();
    let overdue: Vec<(String, bool)> = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["level"].as_str().unwrap_or("").to_string(),
                r["overdue"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        overdue,
        [
            ("urgent".to_string(), true),
            ("high".to_string(), false),
            ("review".to_string(), false)
        ]
    );
    // Every nurse of the centre sees it.
    w.app
        .user(Role::Nurse, "nurse2@leuven.example", Some(w.centre_id))
        .await;
    let colleague = w.app.signed_in("nurse2@leuven.example").await;
    assert_eq!(queue(&colleague, &w).await.1["rows"][0]["overdue"], true);
    let id = rows[0]["id"].to_string();
    assert_eq!(
        call(&colleague, &w.app, "flags/acknowledge", &[("id", &id)]).await.0,
        200
    );
    assert_eq!(queue(&w.nurse, &w).await.1["rows"][0]["overdue"], false);
}

async fn a_note_in_the_diary_and_a_positive_phq4_subscale_reach_the_queue_for_review(kind: Kind) {
    let w = ward(kind).await;
    let ann = w.app.signed_in("ann@example.org").await;
    let mut diary = calm_diary(36.7);
    diary["notes"] = json!({ "string": "Slept badly, feeling low since Sunday" });
    submit(&ann, &w, "symptom-diary", "note-1", diary).await;
    submit(&ann, &w, "phq-4", "phq4-1", choices("phq4", &[2, 1, 0, 0])).await;
    let (status, queue) = queue(&w.nurse, &w).await;
    assert_eq!(status, 200, "{queue}");
    let rows = queue["rows"].as_array().cloned().unwrap_or_default();
    let review: Vec<&str> = rows
        .iter()
        .filter(|r| r["level"] == "review")
        .filter_map(|r| r["what"].as_str())
        .collect();
    assert_eq!(review.len(), 2, "{rows:?}");
    assert!(
        review
            .iter()
            .any(|w| w.contains("Slept badly, feeling low since Sunday")),
        "{review:?}"
    );
    assert!(review.iter().any(|w| w.contains("PHQ-4")), "{review:?}");
}

/// The queue with these query parameters (`query[sort]`, `query[desc]`, `query[page]`).
async fn queue_page(w: &Ward, asked: &[(&str, &str)]) -> Value {
    let (status, body) = call(&w.nurse, &w.app, "flags/queue", asked).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

fn column(page: &Value, key: &str) -> Vec<String> {
    page["rows"]
        .as_array()
        .map(|rows| rows.iter().map(|r| r[key].to_string()).collect())
        .unwrap_or_default()
}

async fn sixty_flags_come_fifty_to_a_page_sorted_on_the_server_and_only_those_shown_are_audited(kind: Kind) {
    let w = ward(kind).await;
    raise_three(&w).await;
    let bob = w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    let cy = w.app.user(Role::Patient, "cy@example.org", Some(w.centre_id)).await;
    // 19 copies of the three flags, older than the escalation time: ann 21, bob 21, cy 18.
    for k in 1..20i64 {
        let patient = [w.patient_id, bob, cy][(k % 3) as usize];
        sqlx::query(
            "INSERT INTO flags (response_id, patient_id, rule, level, advice, raised_at) \
             SELECT response_id, $1, rule, level, advice, raised_at - 960 - $2 FROM flags WHERE patient_id = $3 AND raised_at > $4",
        )
        .bind(patient)
        .bind(k)
        .bind(w.patient_id)
        .bind(server::storage::now() - 600)
        .execute(&w.app.db.pool)
        .await
        .expect("copy the flags");
    }

    let first = queue_page(&w, &[]).await;
    assert_eq!(
        (&first["total"], &first["page"], &first["pages"]),
        (&json!(60), &json!(0), &json!(2))
    );
    assert_eq!(first["overdue"], 19, "overdue counted on every page");
    let levels = column(&first, "level");
    assert_eq!(levels.len(), 50);
    assert!(levels[..20].iter().all(|l| l == "\"urgent\""), "{levels:?}");
    assert!(levels[20..40].iter().all(|l| l == "\"high\""), "{levels:?}");
    assert!(levels[40..].iter().all(|l| l == "\"review\""), "{levels:?}");
    let second = queue_page(&w, &[("query[page]", "1")]).await;
    assert_eq!(second["overdue"], 19, "and on a page of review flags alone");
    let mut ids = column(&first, "id");
    ids.extend(column(&second, "id"));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "every flag on one page or the other");
    let past = queue_page(&w, &[("query[page]", "9")]).await;
    assert_eq!(
        (&past["page"], column(&past, "id").len()),
        (&json!(1), 10),
        "the last page"
    );

    // Sorted on the server: the last page by name is cy's alone, and only cy's read is logged.
    let (ann_before, cy_before) = (
        audited_about(&w.app, "flags.queue", w.patient_id).await,
        audited_about(&w.app, "flags.queue", cy).await,
    );
    let last = queue_page(&w, &[("query[sort]", "patient"), ("query[page]", "1")]).await;
    assert_eq!(
        column(&last, "patient_name"),
        vec!["\"Patient cy@example.org\"".to_string(); 10]
    );
    assert_eq!(audited_about(&w.app, "flags.queue", w.patient_id).await, ann_before);
    assert_eq!(audited_about(&w.app, "flags.queue", cy).await, cy_before + 1);
    let reversed = queue_page(&w, &[("query[sort]", "level"), ("query[desc]", "true")]).await;
    assert_eq!(column(&reversed, "level")[0], "\"review\"");

    for bad in [[("query[sort]", "level; DROP TABLE flags")], [("query[page]", "-1")]] {
        let (status, body) = call(&w.nurse, &w.app, "flags/queue", &bad).await;
        assert_eq!(status, 422, "{bad:?}: {body}");
    }
    let (status, _) = call(&w.nurse, &w.app, "flags/queue", &[("query[page]", "two")]).await;
    assert_eq!(status, 400);
}
