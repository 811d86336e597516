use super::*;
use app::domain::checkins::builtin;

fn diary_json() -> serde_json::Value {
    let diary = builtin::all()
        .expect("built-ins are valid")
        .into_iter()
        .find(|q| q.id.ends_with("/symptom-diary"))
        .expect("built in");
    serde_json::to_value(diary).expect("serialisable")
}

fn ask(request: serde_json::Value) -> serde_json::Value {
    serde_json::from_str(&answer(request.to_string().as_bytes())).expect("the reply is JSON")
}

#[test]
fn a_seizure_sent_asks_for_the_emergency_number_first() {
    let reply = ask(serde_json::json!({
        "questionnaire": diary_json(),
        "fields": { "temperature_unit": "C", "temperature_c": "37,1", "seizure": "true" },
        "sending": true,
    }));
    assert_eq!(reply["ok"]["advice"], "emergency_first", "{reply}");
    assert_eq!(reply["ok"]["hidden"], serde_json::json!(["temperature_f"]));
    assert_eq!(
        reply["ok"]["answers"]["temperature_c"],
        serde_json::json!({ "decimal": 37.1 })
    );
    let missing = reply["ok"]["problems"].as_array().expect("a list").len();
    assert_eq!(missing, 9, "the nine other signs are required: {reply}");
}

#[test]
fn while_answering_there_is_no_advice_nor_problem() {
    let reply = ask(serde_json::json!({
        "questionnaire": diary_json(),
        "fields": { "temperature_unit": "F", "seizure": "true" },
    }));
    assert_eq!(reply["ok"]["advice"], serde_json::Value::Null);
    assert_eq!(reply["ok"]["problems"], serde_json::json!([]));
    assert_eq!(reply["ok"]["hidden"], serde_json::json!(["temperature_c"]));
}

#[test]
fn a_request_that_is_not_one_gets_an_error_not_a_panic() {
    for request in ["", "{", r#"{"fields":{}}"#, r#"{"questionnaire":1,"fields":{}}"#] {
        let reply: serde_json::Value = serde_json::from_str(&answer(request.as_bytes())).expect("JSON");
        assert!(reply["error"].is_string(), "{request}: {reply}");
    }
}

#[test]
fn the_memory_interface_round_trips_a_request() {
    let request = serde_json::json!({ "questionnaire": diary_json(), "fields": {}, "sending": true }).to_string();
    let at = engine_alloc(request.len());
    // SAFETY: `at` has room for the request, which is written once and handed back.
    let len = unsafe {
        std::ptr::copy_nonoverlapping(request.as_ptr(), at, request.len());
        engine_assess(at, request.len())
    };
    // SAFETY: the reply of `len` bytes stays at `engine_output()` until the next call.
    let reply = unsafe { std::slice::from_raw_parts(engine_output(), len) };
    let reply: serde_json::Value = serde_json::from_slice(reply).expect("JSON");
    assert!(reply["ok"]["problems"].as_array().is_some_and(|p| !p.is_empty()));
}
