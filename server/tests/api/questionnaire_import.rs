//! An admin imports a questionnaire as FHIR R4 JSON: checked item by item, versioned, and
//! every response keeps the version it answered.
use crate::helpers::{call, Kind};
use crate::on_both_databases;
use crate::timeline::ward;
use app::domain::role::Role;
use serde_json::{json, Value};

on_both_databases!(an_admin_imports_a_questionnaire_and_each_response_keeps_its_version);

fn distress(version: &str, enable_when_target: &str) -> String {
    json!({
        "resourceType": "Questionnaire", "url": "https://centre.example/fhir/Questionnaire/distress", "version": version,
        "title": "Distress today", "status": "active",
        "item": [
            { "linkId": "level", "text": "How much distress today, 0 to 10?", "type": "integer", "required": true,
              "extension": [
                { "url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0 },
                { "url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10 } ] },
            { "linkId": "why", "text": "What weighs most?", "type": "string",
              "enableWhen": [ { "question": enable_when_target, "operator": ">=", "answerInteger": 4 } ] }
        ]
    })
    .to_string()
}

async fn an_admin_imports_a_questionnaire_and_each_response_keeps_its_version(kind: Kind) {
    let w = ward(kind).await;
    w.app.user(Role::Admin, "admin@leuven.example", None).await;
    let admin = w.app.signed_in("admin@leuven.example").await;
    let import = |text: String| {
        let admin = admin.clone();
        let app = &w.app;
        async move {
            let (status, body) = call(&admin, app, "admin/questionnaires/import", &[("json", &text)]).await;
            (
                status,
                serde_json::from_str::<Value>(&body).unwrap_or(Value::String(body)),
            )
        }
    };
    let (status, body) = import(distress("1", "nope")).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["Questionnaire"][0],
        "item 'why': enableWhen refers to 'nope', which is not an item"
    );
    let (status, body) = import("{ not json".to_string()).await;
    assert_eq!(status, 422);
    assert!(body["Questionnaire"][0].as_str().unwrap_or("").starts_with("not JSON"));
    let phq9 = app::domain::checkins::builtin::PHQ9.to_string();
    assert_eq!(import(phq9).await.0, 422, "a built-in name cannot be taken");
    let (status, body) = import(distress("1", "level")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["name"].as_str(), body["version"].as_str()),
        (Some("distress"), Some("1"))
    );
    let (status, body) = import(distress("1", "level")).await;
    assert_eq!(status, 422);
    assert!(body["Questionnaire"][0]
        .as_str()
        .unwrap_or("")
        .contains("already imported"));
    assert_eq!(
        call(
            &w.nurse,
            &w.app,
            "admin/questionnaires/import",
            &[("json", &distress("9", "level"))]
        )
        .await
        .0,
        403
    );

    let ann = w.app.signed_in("ann@example.org").await;
    let send = |id: &str, level: i64| json!({ "submission": { "client_id": id, "questionnaire": "distress", "patient_id": w.patient_id, "answers": { "level": { "integer": level } } } });
    let post = |body: Value| {
        let ann = ann.clone();
        let url = w.app.url("/api/checkins/submit");
        async move {
            let r = ann
                .post(url)
                .header("accept", "application/json")
                .json(&body)
                .send()
                .await
                .expect("request");
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, first) = post(send("x-1", 2)).await;
    assert_eq!((status, first["version"].as_str()), (200, Some("1")), "{first}");
    assert_eq!(post(send("x-2", 11)).await.0, 422, "bounds come from the imported file");
    assert_eq!(import(distress("2", "level")).await.0, 200);
    let (_, second) = post(send("x-3", 3)).await;
    assert_eq!(second["version"], "2");
    use sqlx::Row;
    let versions: Vec<String> = sqlx::query("SELECT questionnaire_version FROM checkin_responses ORDER BY id")
        .fetch_all(&w.app.db.pool)
        .await
        .expect("rows")
        .iter()
        .map(|r| r.get("questionnaire_version"))
        .collect();
    assert_eq!(versions, ["1", "2"]);
    let (status, list) = call(&admin, &w.app, "admin/questionnaires/list", &[]).await;
    assert_eq!(status, 200);
    let list: Value = serde_json::from_str(&list).expect("JSON");
    let names: Vec<&str> = list
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "phq-9",
            "gad-7",
            "phq-4",
            "symptom-diary",
            "caregiver-observation",
            "goals",
            "distress"
        ]
    );
}
