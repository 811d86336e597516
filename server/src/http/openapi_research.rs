//! The research downloads and the health check, in the OpenAPI document. Downloads are
//! signed in with the researcher's session cookie.
use serde_json::{json, Value};

fn text(description: &str) -> Value {
    json!({ "description": description, "content": { "text/plain": { "schema": { "$ref": "#/components/schemas/Text" } } } })
}

fn download(operation_id: &str, summary: &str, with_name: bool, content: Value) -> Value {
    let mut parameters = vec![
        json!({ "name": "token", "in": "path", "required": true, "schema": { "type": "string" }, "description": "The export's link, from the export page." }),
    ];
    if with_name {
        parameters.push(json!({ "name": "name", "in": "path", "required": true, "schema": { "type": "string" }, "description": "A file of the export, as its codebook lists them (e.g. `scores.csv`)." }));
    }
    let retry = json!({ "Retry-After": { "description": "Seconds to wait.", "schema": { "type": "integer" } } });
    let mut busy = text("Too many downloads in progress: 2 per researcher, 4 in all (configurable).");
    busy["headers"] = retry.clone();
    let mut unavailable = text("The database did not answer (the session is kept).");
    unavailable["headers"] = retry;
    json!({
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": "The export is written whole to a temporary file, then sent with its length; a download still being read after 15 minutes (configurable) is cut off. Audit-logged.",
            "parameters": parameters,
            "responses": {
                "200": { "description": "The export.", "content": content },
                "401": text("Not signed in."),
                "403": text("Not a researcher."),
                "404": text("No export of this researcher has this link, it has expired, or it has no such file."),
                "410": text("A patient in the export has withdrawn consent since it was made: make a new export."),
                "413": text("The request carries a body over 64 KB."),
                "429": busy,
                "500": text("The export could not be written; its page says so."),
                "503": unavailable
            }
        }
    })
}

pub fn paths() -> Vec<(&'static str, Value)> {
    vec![
        (
            super::research::ZIP,
            download(
                "getResearchExport",
                "Download a research export as one zip",
                false,
                json!({ "application/zip": {} }),
            ),
        ),
        (
            super::research::FILE,
            download(
                "getResearchExportFile",
                "Download one file of a research export",
                true,
                json!({ "text/csv": {}, "application/fhir+ndjson": {}, "application/json": {}, "text/plain": {} }),
            ),
        ),
        (
            "/healthz",
            json!({ "get": {
                "operationId": "getHealth",
                "summary": "Whether this instance and its database answer (for load balancers)",
                "responses": {
                    "200": { "description": "Healthy.", "content": { "application/json": { "schema": { "type": "object", "properties": { "status": { "const": "ok" } } } } } },
                    "503": { "description": "The database does not answer.", "content": { "application/json": { "schema": { "type": "object" } } } }
                }
            } }),
        ),
        (
            "/livez",
            json!({ "get": {
                "operationId": "getLiveness",
                "summary": "Whether this process answers (for the service manager: restart it if not)",
                "responses": {
                    "200": { "description": "Alive.", "content": { "application/json": { "schema": { "type": "object", "properties": { "status": { "const": "alive" } } } } } }
                }
            } }),
        ),
        (
            "/readyz",
            json!({ "get": {
                "operationId": "getReadiness",
                "summary": "Whether this instance should get requests: its database answers and every migration of this build is applied",
                "responses": {
                    "200": { "description": "Ready.", "content": { "application/json": { "schema": { "type": "object", "properties": { "status": { "const": "ready" } } } } } },
                    "503": { "description": "The database does not answer, or migrations are pending.", "content": { "application/json": { "schema": { "type": "object" } } } }
                }
            } }),
        ),
    ]
}
