//! "Download my data" as FHIR R4 (4.0.1): one `collection` Bundle holding the patient, each
//! check-in as a `QuestionnaireResponse`, each treatment's timeline as a `CarePlan` and each
//! flag the answers raised as a `Flag` (written by `fhir_resources`). It is the patient's own
//! copy, for another app or another hospital (the right to portability), so unlike the
//! research export it names them and keeps their free text.
//!
//! Every entry's `fullUrl` is a `urn:uuid:` the caller makes ([`Bundle::new`]), stable for
//! the same record, and every reference points at an entry of the same Bundle.
pub use super::fhir_resources::{
    plan_status, step_status, FlagFacts, PatientFacts, PlanFacts, ResponseFacts, Writer, MILESTONE_CODES, TRIAGE_RULES,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;

/// A Bundle being filled; `uuid` gives each resource (`"Patient/12"`) its lasting UUID.
/// Each entry is written as it comes: a year of answers is some 700 responses, and a tree of
/// `Value`s for them took longer than the 50 ms the download may take.
pub struct Bundle<'u> {
    refer: Box<dyn Fn(&str) -> String + 'u>,
    language: String,
    patient_id: i64,
    entries: Vec<String>,
    /// The first entry that did not serialise, if any.
    error: Option<String>,
}

impl<'u> Bundle<'u> {
    pub fn new(patient: &PatientFacts<'_>, uuid: &'u dyn Fn(&str) -> String) -> Bundle<'u> {
        let mut bundle = Bundle {
            refer: Box::new(move |key: &str| format!("urn:uuid:{}", uuid(key))),
            language: patient.language.to_string(),
            patient_id: patient.id,
            entries: Vec::new(),
            error: None,
        };
        let resource = bundle.writer().patient(patient);
        bundle.push(&format!("Patient/{}", patient.id), serde_json::to_string(&resource));
        bundle
    }

    fn writer(&self) -> Writer<'_> {
        Writer::new(&*self.refer, &self.language)
    }

    /// Adds the resource of record `key` (`"Flag/3"`), written as `resource`.
    fn push(&mut self, key: &str, resource: serde_json::Result<String>) {
        let full_url = (self.refer)(key);
        match resource.and_then(|r| {
            Ok(format!(
                "{{\"fullUrl\":{},\"resource\":{r}}}",
                serde_json::to_string(&full_url)?
            ))
        }) {
            Ok(entry) => self.entries.push(entry),
            Err(error) => {
                self.error.get_or_insert(error.to_string());
            }
        }
    }

    pub fn response(&mut self, r: &ResponseFacts<'_>) {
        let resource = self.writer().response(self.patient_id, r);
        self.push(&format!("QuestionnaireResponse/{}", r.id), resource);
    }

    pub fn care_plan(&mut self, plan: &PlanFacts<'_>) {
        let resource = serde_json::to_string(&self.writer().care_plan(self.patient_id, plan));
        self.push(&format!("CarePlan/{}", plan.treatment_id), resource);
    }

    pub fn flag(&mut self, f: &FlagFacts) {
        let resource = serde_json::to_string(&self.writer().flag(self.patient_id, f));
        self.push(&format!("Flag/{}", f.id), resource);
    }

    /// The finished Bundle as JSON, stamped `now`; the first entry that could not be
    /// written, if one could not.
    pub fn finish(self, now: DateTime<Utc>) -> Result<String, String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let now = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        let head = json!({
            "resourceType": "Bundle",
            "meta": { "lastUpdated": now },
            "type": "collection",
            "timestamp": now,
        });
        let mut out = serde_json::to_string(&head).map_err(|e| e.to_string())?;
        // `{…}` becomes `{…,"entry":[…]}`.
        out.pop();
        out.push_str(",\"entry\":[");
        out.push_str(&self.entries.join(","));
        out.push_str("]}");
        Ok(out)
    }
}
