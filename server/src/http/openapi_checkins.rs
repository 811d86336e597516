//! The check-in part of the OpenAPI document: submitting a response (a server function that
//! takes and answers JSON; the session cookie signs the caller in).
use serde_json::{json, Value};

pub const PATH: &str = "/api/checkins/submit";

pub fn path() -> Value {
    let answer = |code: u16, description: &str, schema: &str| {
        (code.to_string(), {
            let media = if schema == "Text" {
                "text/plain"
            } else {
                "application/json"
            };
            json!({ "description": description, "content": { media: { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
        })
    };
    let responses: serde_json::Map<String, Value> = [
        answer(200, "Stored (or stored before: `replayed` is true and nothing new was stored). `advice` says what the screen must show now.", "SubmissionResult"),
        answer(400, "The body could not be read.", "AppError"),
        answer(401, "Not signed in.", "AppError"),
        answer(403, "Not the patient, nor one of their caregivers; a client id someone else used; or `answered_by` is not the one signed in.", "AppError"),
        answer(404, "No such questionnaire.", "AppError"),
        answer(422, "Answers refused item by item (`{\"Answers\": [{\"link_id\", \"kind\"}]}`), or an `answered_at` that is not an RFC 3339 time; nothing is stored.", "AppError"),
        answer(413, "The body is over 64 KB.", "Text"),
        answer(503, "The database did not answer (the session is kept); try again after `Retry-After` seconds.", "Text"),
    ]
    .into_iter()
    .collect();
    json!({
        "post": {
            "operationId": "submitCheckin",
            "summary": "Send the answers to one questionnaire",
            "description": "Checks every answer (types, bounds, required items, enableWhen), computes the scales, applies the triage rules with the centre's fever threshold and the patient's previous scores, matches the answer to its window on the timeline (late if after it closed), and stores answers, scores, flags and the rules' version in one transaction. Idempotent by `client_id`. Sign in first (the session cookie); a caregiver may answer for the patient they care for, or about themselves with `about_myself`.",
            "requestBody": {
                "required": true,
                "content": { "application/json": { "schema": {
                    "type": "object", "required": ["submission"],
                    "properties": { "submission": { "$ref": "#/components/schemas/Submission" } }
                } } }
            },
            "responses": responses
        }
    })
}

pub fn schemas() -> Value {
    json!({
        "Answer": {
            "description": "One answer: exactly one of these keys.",
            "oneOf": [
                { "type": "object", "required": ["choice"], "additionalProperties": false, "properties": { "choice": { "type": "string", "description": "The option's code." } } },
                { "type": "object", "required": ["integer"], "additionalProperties": false, "properties": { "integer": { "type": "integer" } } },
                { "type": "object", "required": ["decimal"], "additionalProperties": false, "properties": { "decimal": { "type": "number" } } },
                { "type": "object", "required": ["boolean"], "additionalProperties": false, "properties": { "boolean": { "type": "boolean" } } },
                { "type": "object", "required": ["string"], "additionalProperties": false, "properties": { "string": { "type": "string" } } }
            ]
        },
        "Submission": {
            "type": "object",
            "required": ["client_id", "questionnaire", "patient_id", "answers"],
            "properties": {
                "client_id": { "type": "string", "minLength": 1, "maxLength": 64, "description": "Made by the client (a UUID); the idempotency key." },
                "questionnaire": { "type": "string", "examples": ["symptom-diary", "phq-9"] },
                "patient_id": { "type": "integer" },
                "about_myself": { "type": "boolean", "default": false, "description": "A caregiver answering about their own wellbeing." },
                "answers": { "type": "object", "additionalProperties": { "$ref": "#/components/schemas/Answer" }, "description": "By the item's linkId." },
                "answered_at": { "type": "string", "format": "date-time", "description": "When the person answered, for answers kept on a phone without signal and sent later (RFC 3339). Believed within 72 hours before arrival; otherwise the answer counts as given on arrival. Lateness is judged by this time." },
                "answered_by": { "type": "integer", "description": "Who answered, for answers sent later: refused (403) unless it is the one signed in." }
            }
        },
        "SubmissionResult": {
            "type": "object",
            "required": ["response_id", "questionnaire", "version", "scores", "flags", "late", "replayed"],
            "properties": {
                "response_id": { "type": "integer" },
                "questionnaire": { "type": "string" },
                "version": { "type": "string" },
                "scores": { "type": "array", "items": { "type": "object", "properties": {
                    "scale": { "type": "string" }, "total": { "type": ["integer", "null"] },
                    "band": { "type": ["string", "null"] }, "positive": { "type": ["boolean", "null"] }, "missing": { "type": "integer" } } } },
                "flags": { "type": "array", "items": { "type": "object", "properties": {
                    "rule": { "type": "string" }, "level": { "enum": ["urgent", "high", "review"] },
                    "advice": { "enum": ["emergency_first", "crisis", "call_care_team", null] } } } },
                "advice": { "enum": ["emergency_first", "crisis", "call_care_team", null] },
                "late": { "type": "boolean" },
                "replayed": { "type": "boolean" }
            }
        },
        "Text": { "type": "string", "description": "A sentence for a person to read." },
        "AppError": {
            "description": "A server function's refusal, e.g. `\"Forbidden\"`, `\"NotFound\"` or `{\"Answers\": [...]}`.",
            "oneOf": [ { "type": "string" }, { "type": "object" } ]
        }
    })
}
