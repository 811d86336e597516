//! A nurse reviews one patient's check-ins: answers in words, trends with the fever line,
//! goal ratings, and the caregiver's own wellbeing apart from the patient's.
use crate::answers::{calm_diary, choices, send, submission};
use crate::helpers::{call, Kind};
use crate::on_both_databases;
use crate::timeline::{ward, Ward};
use app::domain::role::Role;
use reqwest::Client;
use serde_json::{json, Value};

on_both_databases!(a_nurse_sees_trends_answers_and_the_caregiver_s_wellbeing_apart);

async fn submit(client: &Client, w: &Ward, id: &str, questionnaire: &str, about_myself: bool, answers: Value) {
    let mut body = submission(w, id, questionnaire, answers);
    body["about_myself"] = json!(about_myself);
    let (status, answer) = send(client, w, &body).await;
    assert_eq!(status, 200, "{answer}");
}

fn diary(t: f64) -> Value {
    calm_diary(t)
}

fn phq4(values: [u8; 4]) -> Value {
    choices("phq4", &values)
}

async fn a_nurse_sees_trends_answers_and_the_caregiver_s_wellbeing_apart(kind: Kind) {
    let w = ward(kind).await;
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let ann = w.app.signed_in("ann@example.org").await;
    submit(&ann, &w, "d-1", "symptom-diary", false, diary(37.0)).await;
    submit(&ann, &w, "d-2", "symptom-diary", false, diary(38.6)).await;
    for (id, rating) in [("g-1", 4), ("g-2", 6)] {
        let goals = json!({ "goal_1": { "string": "Walk to the bakery" }, "goal_1_progress": { "integer": rating } });
        submit(&ann, &w, id, "goals", false, goals).await;
    }
    let caregiver = w.app.signed_in("carer@example.org").await;
    submit(&caregiver, &w, "c-1", "phq-4", true, phq4([2, 2, 1, 1])).await;

    let id = w.patient_id.to_string();
    let (status, body) = call(&w.nurse, &w.app, "checkins/patient", &[("patient_id", &id)]).await;
    assert_eq!(status, 200, "{body}");
    let review: Value = serde_json::from_str(&body).expect("JSON");
    let trend =
        |list: &Value, title: &str| -> Option<Value> { list.as_array()?.iter().find(|t| t["title"] == title).cloned() };
    let temperature = trend(&review["trends"], "Temperature (°C)").expect("temperature trend");
    assert_eq!(temperature["values"], json!(["37.0", "38.6"]));
    assert!(
        temperature["chart"]["threshold_y"].is_number(),
        "the fever line is drawn"
    );
    let goal = trend(&review["trends"], "Goal: Walk to the bakery").expect("goal trend");
    assert_eq!(goal["values"], json!(["4", "6"]));
    // The caregiver's PHQ-4 is theirs: apart, and not among the patient's trends.
    assert_eq!(
        trend(&review["caregiver_trends"], "PHQ-4 total").expect("caregiver")["values"],
        json!(["6"])
    );
    assert!(trend(&review["trends"], "PHQ-4 total").is_none());
    let newest = &review["answered"][0];
    assert_eq!(
        (newest["title"].as_str(), newest["reported_by"].as_str()),
        (Some("PHQ-4"), Some("caregiver"))
    );
    let fever = review["answered"]
        .as_array()
        .expect("answered")
        .iter()
        .find(|a| a["level"] == "urgent")
        .expect("the fever entry");
    assert!(fever["answers"]
        .as_array()
        .expect("answers")
        .contains(&json!(["Your temperature now, in °C", "38.6 °C"])));

    // Only the centre's nurses; and the reading is audit-logged.
    assert_eq!(
        call(&ann, &w.app, "checkins/patient", &[("patient_id", &id)]).await.0,
        403
    );
    let elsewhere = w.app.centre("Elsewhere").await;
    w.app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    let stranger = w.app.signed_in("nurse@elsewhere.example").await;
    assert_eq!(
        call(&stranger, &w.app, "checkins/patient", &[("patient_id", &id)])
            .await
            .0,
        403
    );
    use sqlx::Row;
    let audited: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'checkins.patient' AND patient_id = $1")
            .bind(w.patient_id)
            .fetch_one(&w.app.db.pool)
            .await
            .expect("audit")
            .get("n");
    assert_eq!(audited, 1);
}

on_both_databases!(last_week_s_goals_are_offered_again);

async fn last_week_s_goals_are_offered_again(kind: Kind) {
    let w = ward(kind).await;
    let ann = w.app.signed_in("ann@example.org").await;
    let id = w.patient_id.to_string();
    let form = |ann: Client| {
        let app = &w.app;
        let id = id.clone();
        async move {
            let (status, body) = call(
                &ann,
                app,
                "checkins/form",
                &[("name", "goals"), ("patient_id", &id), ("about_myself", "false")],
            )
            .await;
            assert_eq!(status, 200, "{body}");
            serde_json::from_str::<Value>(&body).expect("JSON")
        }
    };
    assert_eq!(form(ann.clone()).await["prefill"], json!({}), "nothing the first time");
    let goals = json!({ "goal_1": { "string": "Walk to the bakery" }, "goal_1_progress": { "integer": 3 },
        "goal_1_category": { "choice": "mobility" },
        "goal_2": { "string": "Hold my grandson" }, "goal_2_progress": { "integer": 8 } });
    submit(&ann, &w, "g-1", "goals", false, goals).await;
    // The names and their kinds come back; the ratings do not: they are this week's to give.
    assert_eq!(
        form(ann.clone()).await["prefill"],
        json!({ "goal_1": { "string": "Walk to the bakery" }, "goal_1_category": { "choice": "mobility" },
            "goal_2": { "string": "Hold my grandson" } })
    );
}

on_both_databases!(due_check_ins_show_in_the_reader_s_own_time_zone);

async fn due_check_ins_show_in_the_reader_s_own_time_zone(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(crate::timeline::start(&w, "axi-cel", "ORD-TZ-1").await.0, 200);
    let ann = w.app.signed_in("ann@example.org").await;
    let first_due = |ann: Client| {
        let app = &w.app;
        async move {
            let (status, body) = call(&ann, app, "home", &[]).await;
            assert_eq!(status, 200, "{body}");
            let home: Value = serde_json::from_str(&body).expect("JSON");
            let item = home["Patient"]["checkins"][0].clone();
            (
                item["due_on"].as_str().unwrap_or("").to_string(),
                item["due_time"].as_str().unwrap_or("").to_string(),
            )
        }
    };
    let (on, at) = first_due(ann.clone()).await;
    assert_eq!(at, "10:00", "in the centre's zone by default");
    sqlx::query("UPDATE users SET time_zone = 'America/New_York' WHERE id = $1")
        .bind(w.patient_id)
        .execute(&w.app.db.pool)
        .await
        .expect("zone");
    let brussels = server::zones::zone_or_utc("Europe/Brussels");
    let new_york = server::zones::zone_or_utc("America/New_York");
    let instant = server::zones::instant(
        on.parse().expect("date"),
        chrono::NaiveTime::from_hms_opt(10, 0, 0).expect("time"),
        brussels,
    )
    .expect("instant");
    let (day, time, _) = server::zones::local(instant, new_york).expect("local");
    assert_eq!(first_due(ann).await, (day.to_string(), time));
}

on_both_databases!(a_caregiver_s_own_check_in_is_theirs_alone_to_answer);

async fn a_caregiver_s_own_check_in_is_theirs_alone_to_answer(kind: Kind) {
    let w = ward(kind).await;
    // Apheresis 12 days ago: the caregivers' weekly PHQ-4 was due 5 days ago and is overdue.
    apheresis_12_days_ago(&w, "ORD-CG-1").await;
    let mut carers = Vec::new();
    for email in ["carer.a@example.org", "carer.b@example.org"] {
        let id = w.app.user(Role::Caregiver, email, None).await;
        server::storage::accounts::link_caregiver(&w.app.db.pool, id, w.patient_id, None)
            .await
            .expect("link");
        carers.push(w.app.signed_in(email).await);
    }
    let own_state = |client: Client| {
        let app = &w.app;
        async move {
            let (_, body) = call(&client, app, "home", &[]).await;
            let home: Value = serde_json::from_str(&body).expect("JSON");
            home["Caregiver"]["patients"][0][3]
                .as_array()
                .expect("due list")
                .iter()
                .find(|d| d["schedule"] == "caregiver-phq4")
                .map(|d| d["state"].as_str().unwrap_or("").to_string())
        }
    };
    assert_eq!(own_state(carers[0].clone()).await.as_deref(), Some("Overdue"));
    submit(&carers[0], &w, "cg-a", "phq-4", true, phq4([1, 1, 0, 0])).await;
    assert_eq!(
        own_state(carers[0].clone()).await.as_deref(),
        Some("Upcoming"),
        "answered by A"
    );
    assert_eq!(
        own_state(carers[1].clone()).await.as_deref(),
        Some("Overdue"),
        "still B's to answer"
    );
}

/// A treatment whose apheresis was done 12 days ago: the weekly check-ins of the wait (the
/// patient's PHQ-4, the caregivers' own) were due 5 days ago, and their windows have closed.
async fn apheresis_12_days_ago(w: &Ward, order: &str) {
    assert_eq!(crate::timeline::start(w, "axi-cel", order).await.0, 200);
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

on_both_databases!(the_nurse_sees_what_the_patient_has_due_or_missed);

async fn the_nurse_sees_what_the_patient_has_due_or_missed(kind: Kind) {
    let w = ward(kind).await;
    apheresis_12_days_ago(&w, "ORD-DUE-1").await;
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let id = w.patient_id.to_string();
    let due = |client: Client| {
        let (app, id) = (&w.app, id.clone());
        async move {
            let (status, body) = call(&client, app, "checkins/patient", &[("patient_id", &id)]).await;
            assert_eq!(status, 200, "{body}");
            let review: Value = serde_json::from_str(&body).expect("JSON");
            review["due"]
                .as_array()
                .expect("due list")
                .iter()
                .map(|d| {
                    (
                        d["schedule"].as_str().unwrap_or("").to_string(),
                        d["state"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let before = due(w.nurse.clone()).await;
    assert!(
        before.contains(&("waiting-phq4".to_string(), "Overdue".to_string())),
        "the missed PHQ-4 shows to the nurse: {before:?}"
    );
    assert!(
        !before.iter().any(|(schedule, _)| schedule == "caregiver-phq4"),
        "the caregiver's own check-in is not the patient's to do: {before:?}"
    );
    let ann = w.app.signed_in("ann@example.org").await;
    submit(&ann, &w, "late-phq4", "phq-4", false, phq4([1, 0, 1, 0])).await;
    let after = due(w.nurse.clone()).await;
    assert!(
        after.contains(&("waiting-phq4".to_string(), "Upcoming".to_string())),
        "answered late, the next one is shown: {after:?}"
    );
}
