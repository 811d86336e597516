//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the JSON APIs. Written by hand,
//! beside the handlers it describes; the integration tests check that each documented
//! answer is the one the server gives.
use super::webhook::PATH;
use app::domain::timeline::{delay_reason::DelayReason, EventKind};
use axum::Json;
use serde_json::{json, Value};

pub async fn document() -> Json<Value> {
    Json(openapi())
}

pub fn openapi() -> Value {
    let mut document = webhooks_and_self();
    document["paths"][super::openapi_checkins::PATH] = super::openapi_checkins::path();
    for (path, item) in super::openapi_research::paths() {
        document["paths"][path] = item;
    }
    if let (Some(schemas), Value::Object(more)) = (
        document["components"]["schemas"].as_object_mut(),
        super::openapi_checkins::schemas(),
    ) {
        schemas.extend(more);
    }
    document
}

fn webhooks_and_self() -> Value {
    let event_types: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
    let delay_reasons: Vec<&str> = DelayReason::ALL.iter().map(|r| r.as_str()).collect();
    let problem = json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": { "type": "string", "description": "What is wrong, for the sender's log." },
            "field": { "type": "string", "description": "The payload field at fault, when one is." }
        }
    });
    let signed = |name: &str, description: &str| json!({ "name": name, "in": "header", "required": true, "schema": { "type": "string" }, "description": description });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Vein-to-Vein API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON APIs of Vein-to-Vein. Manufacturing events are signed per the Standard Webhooks specification (https://www.standardwebhooks.com): HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with the integration's secret (`whsec_` + base64), sent as `v1,<base64>`. An admin creates each integration's secret in the app (Admin → Integrations); it is shown once.",
            "license": { "name": "AGPL-3.0-or-later" }
        },
        "paths": {
            PATH: {
                "post": {
                    "operationId": "postManufacturingEvent",
                    "summary": "Report a manufacturing event on an order",
                    "description": "Moves the treatment's timeline: everything after the reported step that is not pinned is re-planned. Idempotent by `webhook-id`: the same event sent again (with a fresh timestamp and signature) changes nothing and gets the first answer. Events name the order reference only, never the patient. Refused events change nothing.",
                    "parameters": [
                        signed("webhook-id", "Unique per event; the idempotency key."),
                        signed("webhook-timestamp", "Seconds since the Unix epoch; refused if more than 5 minutes from the server's clock."),
                        signed("webhook-signature", "One or more space-separated `v1,<base64>` signatures.")
                    ],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ManufacturingEvent" } } }
                    },
                    "responses": {
                        "200": { "description": "Applied (or already applied: the first answer again).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Applied" } } } },
                        "401": { "description": "Missing or bad signature, or timestamp out of tolerance.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                        "404": { "description": "No treatment has this order reference, or it is outside what this integration may report on (its products and, if set, its centre): both get the same answer.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                        "409": { "description": "The treatment is closed, or its timeline kept changing meanwhile (retry).", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                        "422": { "description": "Malformed payload, or an event this journey cannot take; `field` names the field at fault.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Problem" } } } },
                        "413": { "description": "The body is over 64 KB.", "content": { "text/plain": { "schema": { "type": "string" } } } }
                    }
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document",
                    "responses": { "200": { "description": "The OpenAPI document.", "content": { "application/json": {} } } }
                }
            }
        },
        "components": {
            "schemas": {
                "ManufacturingEvent": {
                    "type": "object",
                    "required": ["type", "order_reference", "occurred_at"],
                    "properties": {
                        "type": { "type": "string", "enum": event_types },
                        "order_reference": { "type": "string", "maxLength": 64, "description": "The chain-of-identity id of the order." },
                        "occurred_at": { "type": "string", "format": "date-time", "description": "When it happened (RFC 3339)." },
                        "expected_on": { "type": "string", "format": "date", "description": "`delayed`: the new expected date (required). `out_of_specification`: when the new run starts (defaults to occurred_at)." },
                        "milestone": { "type": "string", "enum": ["cells_shipped", "manufacturing_started", "product_released", "product_shipped", "product_received"], "description": "`delayed`: which step is late (defaults to product_released)." },
                        "delay_reason": { "type": "string", "enum": delay_reasons, "description": "`delayed`: why, from the coded list (optional; ignored on other types). Patients read it in their own language; past delays at a centre are grouped by it." }
                    }
                },
                "Applied": {
                    "type": "object",
                    "required": ["status", "milestone", "moved", "conflicts"],
                    "properties": {
                        "status": { "const": "applied" },
                        "milestone": { "type": "string" },
                        "moved": { "type": "integer", "description": "Milestones whose date or status changed." },
                        "conflicts": { "type": "integer", "description": "Pinned dates now out of order, for the care team to resolve." }
                    }
                },
                "Problem": problem
            }
        }
    })
}
