//! The audit log of a period, for the hospital's own records: FHIR R4 AuditEvent NDJSON (a
//! resource a line) or CSV, written a page of entries at a time. Each entry carries its seal
//! and digest where sealed, and the export ends with its own entry (`audit.exported`),
//! which names the chain's head as the export found it: a copy of the head kept outside
//! the database, for `vein-to-vein audit-verify --head`.
use crate::export::csv;
use crate::storage::{
    audit::{self, Entry},
    audit_seals::{self, LogRow},
    Db,
};
use serde_json::{json, Value};
use std::{collections::HashMap, io::Write};

const PAGE: i64 = 5_000;
pub const EXPORTED: &str = "audit.exported";
pub const CSV_HEADER: [&str; 10] = [
    "id",
    "at",
    "actor_id",
    "actor_role",
    "action",
    "patient_id",
    "subject",
    "client_addr",
    "seal",
    "digest",
];
const ACTIONS: &str = "https://vein-to-vein.eu/fhir/CodeSystem/audit-action";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Ndjson,
    Csv,
}

impl Format {
    pub fn parse(text: &str) -> Result<Format, String> {
        match text {
            "ndjson" => Ok(Format::Ndjson),
            "csv" => Ok(Format::Csv),
            other => Err(format!("format: ndjson or csv, not '{other}'")),
        }
    }
}

/// A period of whole UTC days, `from` to `to` both included, as [start, end) in seconds
/// since the epoch. At most `MOST_DAYS` days.
pub fn period(from: &str, to: &str) -> Result<(i64, i64), String> {
    let day = |text: &str, name: &str| {
        app::domain::validation::iso_date(text)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp())
            .ok_or_else(|| format!("{name}: a date as 2026-12-31"))
    };
    let (start, end) = (day(from, "from")?, day(to, "to")? + 86_400);
    if end <= start {
        return Err("to: on or after from".into());
    }
    if end - start > MOST_DAYS * 86_400 {
        return Err(format!("to: at most {MOST_DAYS} days after from"));
    }
    Ok((start, end))
}

/// The longest period one export covers (a year and a day).
pub const MOST_DAYS: i64 = 367;

/// Where an entry was sealed: its seal's number and its digest.
pub type Sealed<'a> = Option<(i64, &'a str)>;

/// The FHIR reference of whoever acted, by their role.
fn agent_reference(role: Option<&str>, id: i64) -> String {
    let kind = match role {
        Some("patient") => "Patient",
        Some("caregiver") => "RelatedPerson",
        _ => "Practitioner",
    };
    format!("{kind}/{id}")
}

/// AuditEvent.action (C, R, U, D, E) from the last word of our action: how a record was
/// touched. Reads of lists and pages, downloads and exports read; anything unknown executes.
pub fn action_code(action: &str) -> &'static str {
    const TABLE: [(&str, &[&str]); 4] = [
        (
            "R",
            &[
                "read",
                "board",
                "queue",
                "home",
                "handover",
                "turnaround",
                "form",
                "patient",
                "plan",
                "caregivers_read",
                "export_downloaded",
                "export_written",
                "exported",
                "search",
            ],
        ),
        (
            "C",
            &[
                "created",
                "enrolled",
                "imported",
                "submitted",
                "passkey_added",
                "written",
                "send",
                "reply",
                "given",
                "ask",
                "make",
                "registered",
            ],
        ),
        (
            "U",
            &[
                "changed",
                "acknowledge",
                "acknowledged",
                "resolved",
                "assigned",
                "snoozed",
                "confirmed",
                "language",
                "time_zone",
                "password_changed",
                "password_set_with_code",
                "code_reissued",
                "save",
                "stay",
                "discussed",
                "reply_time",
                "key_rotated",
                "hospital_number_changed",
            ],
        ),
        ("D", &["removed", "revoked", "passkey_removed", "take_back", "revoke"]),
    ];
    let last = action.rsplit(['.', ':']).next().unwrap_or(action);
    TABLE
        .iter()
        .find(|(_, words)| words.contains(&last))
        .map_or("E", |(code, _)| code)
}

/// One entry as a FHIR R4 AuditEvent.
pub fn audit_event(e: &LogRow, sealed: Sealed<'_>) -> Value {
    let recorded = chrono::DateTime::from_timestamp(e.at, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let who = match e.actor_id {
        Some(id) => json!({ "reference": agent_reference(e.actor_role.as_deref(), id) }),
        None => json!({ "display": "no account (the system, an integration or a failed sign-in)" }),
    };
    let mut agent = json!({ "who": who, "requestor": true });
    // Type 2 is an IP address: "command line" or "scheduler" are not one.
    if e.client_addr.parse::<std::net::IpAddr>().is_ok() {
        agent["network"] = json!({ "address": e.client_addr, "type": "2" });
    }
    let mut entity = Vec::new();
    if let Some(patient) = e.patient_id {
        entity.push(json!({ "what": { "reference": format!("Patient/{patient}") } }));
    }
    if let Some(subject) = &e.subject {
        entity.push(json!({ "what": { "identifier": { "value": subject } } }));
    }
    let mut event = json!({
        "resourceType": "AuditEvent",
        "id": e.id.to_string(),
        "type": { "system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest", "display": "RESTful Operation" },
        "subtype": [{ "system": ACTIONS, "code": e.action }],
        "action": action_code(&e.action),
        "recorded": recorded,
        "outcome": "0",
        "agent": [agent],
        "source": { "observer": { "display": "Vein-to-Vein" } },
    });
    if !entity.is_empty() {
        event["entity"] = Value::Array(entity);
    }
    if let Some((seal, digest)) = sealed {
        event["extension"] = json!([
            { "url": "https://vein-to-vein.eu/fhir/StructureDefinition/audit-seal", "valueInteger": seal },
            { "url": "https://vein-to-vein.eu/fhir/StructureDefinition/audit-digest", "valueString": digest },
        ]);
    }
    event
}

/// One entry as a CSV record, in `CSV_HEADER`'s order.
pub fn csv_cells(e: &LogRow, sealed: Sealed<'_>) -> [String; 10] {
    let text = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    [
        e.id.to_string(),
        e.at.to_string(),
        text(e.actor_id),
        e.actor_role.clone().unwrap_or_default(),
        e.action.clone(),
        text(e.patient_id),
        e.subject.clone().unwrap_or_default(),
        e.client_addr.clone(),
        text(sealed.map(|s| s.0)),
        sealed.map(|s| s.1.to_string()).unwrap_or_default(),
    ]
}

fn line(out: &mut Vec<u8>, format: Format, e: &LogRow, sealed: Sealed<'_>) {
    match format {
        Format::Ndjson => {
            out.extend_from_slice(audit_event(e, sealed).to_string().as_bytes());
            out.push(b'\n');
        }
        Format::Csv => csv::record(out, csv_cells(e, sealed).iter().map(String::as_str)),
    }
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub entries: u64,
    pub head: String,
}

/// Writes the entries recorded in [`from`, `until`) (seconds since the epoch), then the
/// export's own entry. `who`: the audit entry of the export, without its subject.
pub async fn write(
    db: &Db,
    (from, until): (i64, i64),
    format: Format,
    who: Entry<'_>,
    file: &mut impl Write,
) -> std::result::Result<Written, ExportFailure> {
    let head = audit_seals::last(db)
        .await?
        .map_or_else(|| super::audit_chain::GENESIS.to_string(), |s| s.root);
    let mut buffer = Vec::new();
    if format == Format::Csv {
        csv::record(&mut buffer, CSV_HEADER);
    }
    let (mut after, mut entries) = (0, 0u64);
    loop {
        let page = audit_seals::entries_in(db, after, (from, until), PAGE).await?;
        let (Some(first), Some(last)) = (page.first(), page.last()) else {
            break;
        };
        let digests: HashMap<i64, (i64, String)> = audit_seals::digests_between(db, first.id, last.id)
            .await?
            .into_iter()
            .map(|(id, seal, digest)| (id, (seal, digest)))
            .collect();
        for e in &page {
            let sealed = digests.get(&e.id).map(|(seal, digest)| (*seal, digest.as_str()));
            line(&mut buffer, format, e, sealed);
        }
        entries += u64::try_from(page.len()).unwrap_or(0);
        after = last.id;
        file.write_all(&buffer)?;
        buffer.clear();
    }
    // A token of its own: two exports at once each end with their own entry.
    let token = crate::auth::tokens::new_session_token();
    let subject = format!(
        "period:{from}..{until} head:{head} export:{}",
        &token[..12.min(token.len())]
    );
    audit::record(db, who.subject(subject.as_str())).await?;
    if let Some(own) = audit_seals::latest_of(db, EXPORTED, &subject).await? {
        line(&mut buffer, format, &own, None);
    }
    file.write_all(&buffer)?;
    Ok(Written { entries, head })
}

#[derive(Debug, thiserror::Error)]
pub enum ExportFailure {
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
    #[error("cannot write the file: {0}")]
    Write(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    use super::action_code;

    #[test]
    fn actions_map_to_what_they_did_to_a_record() {
        let cases = [
            ("timeline.read", "R"),
            ("desk.board", "R"),
            ("flags.queue", "R"),
            ("research.export_downloaded", "R"),
            ("audit.exported", "R"),
            ("patient.enrolled", "C"),
            ("timeline.changed", "U"),
            ("flag.acknowledge", "U"),
            ("caregiver.revoked", "D"),
            ("passkey_removed", "D"),
            ("sign_in.failed", "E"),
            ("fhir.search", "R"),
            ("fhir.read", "R"),
            ("fhir_client.registered", "C"),
            ("patient.hospital_number_changed", "U"),
        ];
        for (action, code) in cases {
            assert_eq!(action_code(action), code, "{action}");
        }
    }
}
