//! A centre's own instrument, set at run time: an admin imports a questionnaire, schedules
//! it weekly, adds a triage rule (in force only once a nurse approves it) and a reminder;
//! two patients follow its first week: the window, the reminder, the answer, the flag and
//! the research export. An answer given before a change keeps the versions it met, and an
//! instance picks up a version another one wrote, without a restart.
use crate::helpers::*;
use crate::on_both_databases;
use crate::timeline::{today, ward, Ward};
use app::domain::{instruments::Kind as RuleKind, role::Role};
use serde_json::{json, Value};
use sqlx::Row;

on_both_databases!(
    a_site_instrument_runs_from_import_to_export,
    an_instance_picks_up_a_version_another_one_wrote
);

pub const SUPPORT_CHECK: &str = include_str!("../../../app/questionnaires/examples/support-check.json");

/// An admin (made now) imports the example form; answers their id and signed-in client.
pub async fn support_check_imported(app: &TestApp, email: &str) -> (i64, reqwest::Client) {
    let id = app.user(Role::Admin, email, None).await;
    let admin = app.signed_in(email).await;
    let (status, body) = call(&admin, app, "admin/questionnaires/import", &[("json", SUPPORT_CHECK)]).await;
    assert_eq!(status, 200, "{body}");
    (id, admin)
}

/// Weekly from the referral (the day the treatment starts), open all week.
pub fn weekly_schedule() -> Value {
    json!({
        "id": "site-support-weekly", "questionnaire": "support-check", "respondent": "patient",
        "from": {"milestone": "referral", "days": 0}, "until": {"milestone": "referral", "days": 90},
        "repeat": {"every": {"days": 7, "time": "00:00"}}, "open_hours": 168, "timepoints": ["W0-W12"]
    })
}

fn alone_tonight_rule() -> Value {
    json!({
        "id": "site-support-alone", "questionnaire": "support-check", "level": "high",
        "advice": "call_care_team", "when": {"yes": {"item": "alone-tonight"}}
    })
}

fn opens_reminder() -> Value {
    let body = json!({
        "en": "A few questions about who is with you this week.", "fr": "Quelques questions sur qui est avec vous cette semaine.",
        "nl": "Enkele vragen over wie er deze week bij u is.", "de": "Einige Fragen dazu, wer diese Woche bei Ihnen ist."
    });
    json!({
        "id": "site-support-reminder", "kind": "checkins", "audience": ["patient"],
        "when": {"window_opens": {"only_schedules": ["site-support-weekly"]}}, "useful_hours": 48,
        "title": {"en": "{checkin}", "fr": "{checkin}", "nl": "{checkin}", "de": "{checkin}"}, "body": body
    })
}

async fn json_call(client: &reqwest::Client, app: &TestApp, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let (status, body) = call(client, app, endpoint, form).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

async fn add(client: &reqwest::Client, app: &TestApp, kind: &str, rule: &Value) -> (u16, Value) {
    json_call(
        client,
        app,
        "admin/instruments/add",
        &[("kind", kind), ("rule", &rule.to_string())],
    )
    .await
}

async fn start_for(w: &Ward, patient_id: i64, reference: &str) {
    let (id, on) = (patient_id.to_string(), today().to_string());
    let form = [
        ("patient_id", id.as_str()),
        ("form[product_id]", "axi-cel"),
        ("form[order_reference]", reference),
        ("form[start_on]", on.as_str()),
    ];
    let (status, body) = call(&w.nurse, &w.app, "timeline/start", &form).await;
    assert_eq!(status, 200, "{body}");
    // Referral, eligibility and collection done today: collection is the day research
    // exports count from, without which nobody is released.
    let (_, view) = json_call(&w.nurse, &w.app, "timeline/read", &[("patient_id", &id)]).await;
    let mut version = view["treatment"]["version"].as_i64().expect("a treatment");
    for step in ["referral", "eligibility", "apheresis"] {
        let v = version.to_string();
        let form = [
            ("patient_id", id.as_str()),
            ("form[milestone]", step),
            ("form[action]", "done"),
            ("form[date]", on.as_str()),
            ("form[reason]", "done"),
            ("form[version]", v.as_str()),
        ];
        let (status, body) = call(&w.nurse, &w.app, "timeline/change", &form).await;
        assert_eq!(status, 200, "{step}: {body}");
        version += 1;
    }
}

/// A patient's answer to the support check: alone tonight or not.
async fn answer(client: &reqwest::Client, w: &Ward, patient_id: i64, id: &str, alone: bool) -> Value {
    let body = json!({ "submission": { "client_id": id, "questionnaire": "support-check", "patient_id": patient_id,
        "answers": { "support-help": { "choice": "1" }, "support-alone": { "choice": "2" }, "alone-tonight": { "boolean": alone } } } });
    let response = client
        .post(w.app.url("/api/checkins/submit"))
        .header("accept", "application/json")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.expect("JSON")
}

/// (timepoint, schedule version, triage version, flags) of a stored answer.
async fn stored(app: &TestApp, response_id: i64) -> (String, String, String, i64) {
    let row = sqlx::query(
        "SELECT timepoint, schedule_version, triage_version, (SELECT COUNT(*) FROM flags f WHERE f.response_id = r.id) AS flags \
         FROM checkin_responses r WHERE id = $1",
    )
    .bind(response_id)
    .fetch_one(&app.db.pool)
    .await
    .expect("the response");
    (
        row.get("timepoint"),
        row.get("schedule_version"),
        row.get("triage_version"),
        row.get("flags"),
    )
}

async fn version_of(client: &reqwest::Client, app: &TestApp, kind: usize) -> String {
    let (status, view) = json_call(client, app, "admin/instruments", &[]).await;
    assert_eq!(status, 200, "{view}");
    view["kinds"][kind]["version"].as_str().unwrap_or_default().to_string()
}

async fn a_site_instrument_runs_from_import_to_export(kind: Kind) {
    let w = ward(kind).await;
    let bob = w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    let cy = w.app.user(Role::Patient, "cy@example.org", Some(w.centre_id)).await;
    w.app.user(Role::Admin, "admin@leuven.example", None).await;
    let admin = w.app.signed_in("admin@leuven.example").await;
    for (patient, reference) in [(w.patient_id, "ORD-SITE-1"), (bob, "ORD-SITE-2"), (cy, "ORD-SITE-3")] {
        start_for(&w, patient, reference).await;
    }
    let (status, body) = json_call(
        &admin,
        &w.app,
        "admin/questionnaires/import",
        &[("json", SUPPORT_CHECK)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let builtin = app::domain::checkins::CheckinSchedule::builtin()
        .expect("schedule")
        .version;
    let builtin_triage = app::domain::triage::TriageRules::builtin().expect("rules").version;

    // The schedule: refused where it names what does not exist, else in force at once.
    let mut wrong = weekly_schedule();
    wrong["questionnaire"] = json!("promis-29");
    let (status, refused) = add(&admin, &w.app, "schedule", &wrong).await;
    assert_eq!(status, 422);
    assert!(
        refused["Rules"][0]
            .as_str()
            .unwrap_or("")
            .contains("'promis-29' is not a questionnaire"),
        "{refused}"
    );
    assert_eq!(add(&w.nurse, &w.app, "schedule", &weekly_schedule()).await.0, 403);
    let (status, saved) = add(&admin, &w.app, "schedule", &weekly_schedule()).await;
    assert_eq!((status, saved["state"].as_str()), (200, Some("in_force")), "{saved}");
    assert_eq!(version_of(&admin, &w.app, 0).await, format!("{builtin}+site.1"));
    assert_eq!(audited(&w.app, "instruments.changed").await, 1);

    // The window is open on each patient's home page, this week.
    let ann = w.app.signed_in("ann@example.org").await;
    let (_, home) = json_call(&ann, &w.app, "home", &[]).await;
    let due = home["Patient"]["checkins"].as_array().cloned().unwrap_or_default();
    let support = due
        .iter()
        .find(|d| d["schedule"] == "site-support-weekly")
        .expect("the weekly window");
    assert_eq!(
        (support["questionnaire"].as_str(), support["state"].as_str()),
        (Some("support-check"), Some("Open"))
    );

    // Cy answers before the triage rule exists: no flag, and it stays so.
    let cy_client = w.app.signed_in("cy@example.org").await;
    let early = answer(&cy_client, &w, cy, "site-cy-1", true).await;
    let early_id = early["response_id"].as_i64().expect("id");
    assert_eq!(
        stored(&w.app, early_id).await,
        ("W0-W12".into(), format!("{builtin}+site.1"), builtin_triage.clone(), 0)
    );

    // The triage rule waits for a nurse: its proposer (an admin) cannot approve it.
    let (status, waiting) = add(&admin, &w.app, "triage", &alone_tonight_rule()).await;
    assert_eq!((status, waiting["state"].as_str()), (200, Some("waiting")), "{waiting}");
    assert_eq!(version_of(&admin, &w.app, 1).await, builtin_triage, "not in force yet");
    let decide = |approve: &'static str| [("kind", "triage"), ("number", "1"), ("approve", approve)];
    assert_eq!(call(&admin, &w.app, "instruments/decide", &decide("true")).await.0, 403);
    assert_eq!(call(&ann, &w.app, "instruments/decide", &decide("true")).await.0, 403);
    let mut other = alone_tonight_rule();
    other["id"] = json!("site-support-other");
    let (status, second) = add(&admin, &w.app, "triage", &other).await;
    assert_eq!(status, 422, "one change waits at a time: {second}");
    assert!(
        second["Rules"][0].as_str().unwrap_or("").contains("waits for approval"),
        "{second}"
    );
    let (status, approved) = json_call(&w.nurse, &w.app, "instruments/decide", &decide("true")).await;
    assert_eq!(
        (status, approved["state"].as_str()),
        (200, Some("in_force")),
        "{approved}"
    );
    assert_eq!(version_of(&admin, &w.app, 1).await, format!("{builtin_triage}+site.1"));
    assert_eq!(audited(&w.app, "instruments.approved").await, 1);

    // The check-in page gets the rule with its form, to tell what to do before sending.
    let id = w.patient_id.to_string();
    let form = [
        ("name", "support-check"),
        ("patient_id", id.as_str()),
        ("about_myself", "false"),
    ];
    let (status, page) = json_call(&ann, &w.app, "checkins/form", &form).await;
    assert_eq!(status, 200, "{page}");
    let rules: Vec<&str> = page["rules"]["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(rules, ["site-support-alone"]);

    // The reminder, in force at once: every open treatment's reminders are planned again.
    let (status, saved) = add(&admin, &w.app, "reminders", &opens_reminder()).await;
    assert_eq!((status, saved["state"].as_str()), (200, Some("in_force")), "{saved}");
    let planned = |rule: &'static str, patient: i64| {
        let db = w.app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM reminders WHERE user_id = $1 AND rule = $2 AND subject = 'site-support-weekly' AND state = 'pending'",
            )
            .bind(patient)
            .bind(rule)
            .fetch_one(&db)
            .await
            .expect("count")
        }
    };
    // Weeks 1 to 12 are ahead; before 07:00 in Brussels week 0's too (held through quiet hours).
    let ahead = 12 + i64::from(crate::timeline::before_quiet_hours_end(&w.app));
    assert_eq!(planned("site-support-reminder", w.patient_id).await, ahead);
    assert_eq!(planned("site-support-reminder", bob).await, ahead);
    assert_eq!(
        planned("checkin-opens", w.patient_id).await,
        0,
        "the site's own takes its place"
    );

    // Ann and Bob answer, alone tonight: the flag, and what to do now, at once.
    let bob_client = w.app.signed_in("bob@example.org").await;
    for (client, patient, id) in [(&ann, w.patient_id, "site-ann-1"), (&bob_client, bob, "site-bob-1")] {
        let result = answer(client, &w, patient, id, true).await;
        assert_eq!(result["advice"], "call_care_team", "{result}");
        assert_eq!(result["flags"][0]["rule"], "site-support-alone", "{result}");
        let id = result["response_id"].as_i64().expect("id");
        let (timepoint, schedule, triage, flags) = stored(&w.app, id).await;
        assert_eq!((timepoint.as_str(), flags), ("W0-W12", 1));
        assert_eq!(
            (schedule, triage),
            (format!("{builtin}+site.1"), format!("{builtin_triage}+site.1"))
        );
    }
    assert_eq!(
        stored(&w.app, early_id).await.3,
        0,
        "a past answer is never triaged again"
    );

    // A week on, next week's reminder is in Ann's inbox, named after the questionnaire.
    w.app.clock.advance(7 * 24 * 3600 + 9 * 3600);
    let inbox = call_list(&ann, &w.app, "inbox/list").await;
    assert!(inbox.iter().any(|i| i["title"] == "Who is with you"), "{inbox:?}");

    exports_the_new_instrument(&w, &[&ann, &bob_client]).await;
}

/// Both consent; a project of their answers at k = 2 holds the new questionnaire's items at
/// its timepoint, and REDCap has the timepoint's event.
async fn exports_the_new_instrument(w: &Ward, patients: &[&reqwest::Client]) {
    for client in patients {
        assert_eq!(
            call(client, &w.app, "research/consent/set", &[("given", "true")])
                .await
                .0,
            200
        );
    }
    // An export holds what came before the end of the previous month: these answers are
    // moved back 40 days, as the month passing would leave them.
    let forty_days = 40 * 24 * 3600_i64;
    sqlx::query(
        "UPDATE checkin_responses SET submitted_at = submitted_at - $1, answered_at = answered_at - $1, due_at = due_at - $1",
    )
    .bind(forty_days)
    .execute(&w.app.db.pool)
    .await
    .expect("a month on");
    crate::research_ready::approve(&w.app, "items").await;
    let work = tempfile::tempdir().expect("folder");
    let out = work.path().join("site");
    let out_text = out.to_string_lossy().to_string();
    let args = [
        "export",
        "--dataset",
        "items",
        "--format",
        "csv,redcap",
        "--project",
        "Ready",
        "--out",
        &out_text,
    ];
    crate::research_export::ok(crate::research_ready::vtv(&w.app.database_url, &args).await);
    let files = crate::research_search::read_dir(&out);
    let items = crate::research_ready::records(&files["items.csv"]);
    let support: Vec<_> = items.iter().filter(|r| r["instrument"] == "support-check").collect();
    assert_eq!(support.len(), 6, "two patients, three items: {items:?}");
    assert!(support.iter().all(|r| r["timepoint"] == "W0-W12"), "{support:?}");
    let events = &files["redcap_events.csv"];
    assert!(
        events.contains("W0 W12,1,w0_w12_arm_1"),
        "the new timepoint's event: {events}"
    );
}

async fn an_instance_picks_up_a_version_another_one_wrote(kind: Kind) {
    let app = spawn(kind).await;
    let (admin_id, admin) = support_check_imported(&app, "admin@example.org").await;
    let builtin = app::domain::checkins::CheckinSchedule::builtin()
        .expect("schedule")
        .version;
    assert_eq!(version_of(&admin, &app, 0).await, builtin);
    // Written as another instance writes it: straight to the database.
    let rules = json!([weekly_schedule()]).to_string();
    let audit = server::storage::audit::Entry::new("instruments.changed", "127.0.0.1");
    server::storage::instrument_versions::add(
        &app.db,
        (RuleKind::Schedule, [0, 0, 0]),
        &rules,
        "added",
        (admin_id, false),
        audit,
    )
    .await
    .expect("a version");
    // A triage version waits; its proposer cannot approve it, even straight in the database.
    let proposal = json!([alone_tonight_rule()]).to_string();
    let entry = || server::storage::audit::Entry::new("instruments.changed", "127.0.0.1");
    let number = server::storage::instrument_versions::add(
        &app.db,
        (RuleKind::Triage, [1, 0, 0]),
        &proposal,
        "added",
        (admin_id, true),
        entry(),
    )
    .await
    .expect("a waiting version");
    let by_proposer =
        server::storage::instrument_versions::decide(&app.db, (RuleKind::Triage, number), admin_id, true, entry())
            .await;
    assert!(!by_proposer.expect("decided"), "the proposer approved their own change");
    let nurse = app.user(Role::Nurse, "nurse@example.org", None).await;
    let by_nurse =
        server::storage::instrument_versions::decide(&app.db, (RuleKind::Triage, number), nurse, true, entry()).await;
    assert!(by_nurse.expect("decided"));
    let wanted = format!("{builtin}+site.1");
    let started = std::time::Instant::now();
    while version_of(&admin, &app, 0).await != wanted {
        assert!(
            started.elapsed().as_secs() < 20,
            "no instance picked the version up in 20 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    println!("picked up after {} ms", started.elapsed().as_millis());
}
