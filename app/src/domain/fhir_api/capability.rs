//! What the FHIR API says it does: the CapabilityStatement at `/fhir/metadata`, and SMART's
//! `/.well-known/smart-configuration`. Both are made from [`Kind`]'s table, so that what is
//! announced is what `search` reads.
use super::Kind;
use serde_json::{json, Value};

/// The signing algorithms a client's assertion may use: those SMART Backend Services asks
/// every server to take.
pub const SIGNING_ALGORITHMS: [&str; 2] = ["RS384", "ES384"];

/// The CapabilityStatement of the API at `base` (`https://app.example/fhir`), `date` the
/// day it is asked for (`2026-12-07`: the statement describes the server as it runs).
pub fn statement(base: &str, version: &str, date: &str) -> Value {
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": date,
        "publisher": "Vein-to-Vein",
        "kind": "instance",
        "software": { "name": "Vein-to-Vein", "version": version },
        "implementation": {
            "description": "Vein-to-Vein's patient records, for the hospital's systems: read and search only.",
            "url": base,
        },
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "security": {
                "extension": [{
                    "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                    "extension": [{ "url": "token", "valueUri": format!("{base}/auth/token") }],
                }],
                "service": [{
                    "coding": [{
                        "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                        "code": "SMART-on-FHIR",
                    }],
                }],
                "description": "SMART Backend Services: a client-credentials grant with a JWT signed by the client's registered key (RS384 or ES384).",
            },
            "resource": Kind::ALL.iter().map(|k| resource(*k)).collect::<Vec<_>>(),
        }],
    })
}

fn resource(kind: Kind) -> Value {
    let mut params = vec![param(
        "_count",
        "number",
        "Results per page, 1 to 200 (50 when absent).",
    )];
    if kind == Kind::Patient {
        params.push(param(
            "identifier",
            "token",
            "The hospital's patient number, system|value or value.",
        ));
    } else {
        params.push(param("patient", "reference", "The patient, Patient/patient-12."));
        params.push(param(
            "patient.identifier",
            "token",
            "The patient by the hospital's number, system|value or value.",
        ));
        let statuses = kind.statuses().join(", ");
        params.push(param(
            "status",
            "token",
            &format!("One of {statuses}; several separated by commas."),
        ));
    }
    if let Some((name, element)) = kind.date_param() {
        params.push(param(name, "date", &format!("{element}; prefixes eq, gt, ge, lt, le.")));
    }
    json!({
        "type": kind.name(),
        "interaction": [{ "code": "read" }, { "code": "search-type" }],
        "searchParam": params,
    })
}

fn param(name: &str, kind: &str, documentation: &str) -> Value {
    json!({ "name": name, "type": kind, "documentation": documentation })
}

/// SMART's discovery document for backend clients.
pub fn smart_configuration(base: &str) -> Value {
    json!({
        "token_endpoint": format!("{base}/auth/token"),
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": SIGNING_ALGORITHMS,
        "scopes_supported": Kind::ALL.iter().map(|k| format!("system/{}.rs", k.name())).collect::<Vec<_>>(),
        "capabilities": ["client-confidential-asymmetric"],
    })
}
