//! Check-in answers as a client sends them, shared by the check-in, queue and review tests.
use crate::timeline::Ward;
use reqwest::Client;
use serde_json::{json, Value};

/// A diary entry in °C with every sign answered no.
pub fn calm_diary(temperature_c: f64) -> Value {
    let mut answers = json!({ "temperature_unit": { "choice": "C" }, "temperature_c": { "decimal": temperature_c } });
    for sign in app::domain::checkins::builtin::DIARY_SIGNS {
        answers[sign] = json!({ "boolean": false });
    }
    answers
}

/// Choice answers by position: `choices("phq9", &[1, 0, …])` answers phq9-1, phq9-2, ….
pub fn choices(prefix: &str, values: &[u8]) -> Value {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("{prefix}-{}", i + 1), json!({ "choice": v.to_string() })))
        .collect::<serde_json::Map<String, Value>>()
        .into()
}

/// A submission about the ward's patient.
pub fn submission(w: &Ward, client_id: &str, questionnaire: &str, answers: Value) -> Value {
    json!({ "client_id": client_id, "questionnaire": questionnaire, "patient_id": w.patient_id, "answers": answers })
}

/// Sends it as the server function's JSON; the status and the answer.
pub async fn send(client: &Client, w: &Ward, submission: &Value) -> (u16, Value) {
    let response = client
        .post(w.app.url("/api/checkins/submit"))
        .header("accept", "application/json")
        .json(&json!({ "submission": submission }))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}
