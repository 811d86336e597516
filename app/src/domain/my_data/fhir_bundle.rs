//! "Download my data" as FHIR R4 (4.0.1): one `collection` Bundle holding the patient, each
//! check-in as a `QuestionnaireResponse`, each treatment's timeline as a `CarePlan` and each
//! flag the answers raised as a `Flag`. It is the patient's own copy, for another app or
//! another hospital (the right to portability), so unlike the research export it names them
//! and keeps their free text.
//!
//! The rules, in one place:
//! - every entry's `fullUrl` is a `urn:uuid:` the caller makes ([`Bundle::new`]), stable for
//!   the same record, and every reference points at an entry of the same Bundle;
//! - a caregiver's answer about the patient names no one: its author is a display only;
//! - a step's status maps to the R4 `care-plan-activity-status` codes (a delayed step is
//!   `scheduled` with the reason "delayed"); a treatment's to `request-status`;
//! - a flag is `active` until the team closes it, and points at the answer that raised it
//!   (the core `flag-detail` extension);
//! - scores ride on their response as our own extension, each with its band's code.
use crate::domain::checkins::{Answer, Answers, ItemKind, Questionnaire, Score};
use crate::domain::research::fhir::EXTENSION_BASE;
use crate::domain::timeline::{Milestone, MilestoneStatus, TreatmentStatus};
use crate::domain::triage::Level;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// Our own code systems: the timeline's step kinds and the triage rules.
pub const MILESTONE_CODES: &str = "https://vein-to-vein.eu/fhir/CodeSystem/milestone";
pub const TRIAGE_RULES: &str = "https://vein-to-vein.eu/fhir/CodeSystem/triage-rule";
const FLAG_DETAIL: &str = "http://hl7.org/fhir/StructureDefinition/flag-detail";
/// A questionnaire known by name only gets a canonical URL under this base.
const QUESTIONNAIRE_BASE: &str = "https://vein-to-vein.eu/fhir/Questionnaire/";

pub struct PatientFacts<'a> {
    pub id: i64,
    pub name: &'a str,
    /// The language the app speaks to them (`fr`).
    pub language: &'a str,
}

pub struct ResponseFacts<'a> {
    pub id: i64,
    pub questionnaire: &'a Questionnaire,
    pub authored: DateTime<Utc>,
    pub by_caregiver: bool,
    pub answers: &'a Answers,
    pub scores: &'a [Score],
}

pub struct PlanFacts<'a> {
    pub treatment_id: i64,
    pub status: TreatmentStatus,
    pub product_name: &'a str,
    /// Each step, with its name in the patient's language.
    pub steps: Vec<(&'a Milestone, String)>,
}

pub struct FlagFacts {
    pub id: i64,
    pub response_id: i64,
    pub rule: String,
    pub level: Level,
    /// What the team was told, in the patient's words (`result_words::team_told`).
    pub told: String,
    pub raised_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// A Bundle being filled; `uuid` gives each resource (`"Patient/12"`) its lasting UUID.
/// Each entry is written as it comes: a year of answers is some 700 responses, and a tree of
/// `Value`s for them took longer than the 50 ms the download may take.
pub struct Bundle<'u> {
    uuid: &'u dyn Fn(&str) -> String,
    language: String,
    patient: String,
    entries: Vec<String>,
    /// The first entry that did not serialise, if any.
    error: Option<String>,
}

/// A QuestionnaireResponse as written: typed, so that it is written without a `Value` tree.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResponseOut<'a> {
    resource_type: &'static str,
    id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    extension: Vec<Value>,
    questionnaire: String,
    status: &'static str,
    subject: Reference<'a>,
    authored: String,
    author: Author<'a>,
    item: Vec<ItemOut<'a>>,
}

#[derive(Serialize)]
struct Reference<'a> {
    reference: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Author<'a> {
    Reference { reference: &'a str },
    Display { display: &'static str },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemOut<'a> {
    link_id: &'a str,
    text: &'a str,
    answer: [AnswerOut<'a>; 1],
}

/// FHIR's `answer[x]`: `{"valueCoding": {…}}`, `{"valueInteger": 3}`, ….
#[derive(Serialize)]
enum AnswerOut<'a> {
    #[serde(rename = "valueCoding")]
    Coding {
        code: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        display: Option<&'a str>,
    },
    #[serde(rename = "valueInteger")]
    Integer(i64),
    #[serde(rename = "valueDecimal")]
    Decimal(f64),
    #[serde(rename = "valueBoolean")]
    Boolean(bool),
    #[serde(rename = "valueString")]
    String(&'a str),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryOut<'a, R: Serialize> {
    full_url: &'a str,
    resource: &'a R,
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl<'u> Bundle<'u> {
    pub fn new(patient: &PatientFacts<'_>, uuid: &'u dyn Fn(&str) -> String) -> Bundle<'u> {
        let mut bundle = Bundle {
            uuid,
            language: patient.language.to_string(),
            patient: String::new(),
            entries: Vec::new(),
            error: None,
        };
        bundle.patient = bundle.urn(&format!("Patient/{}", patient.id));
        let resource = json!({
            "resourceType": "Patient",
            "id": format!("patient-{}", patient.id),
            "name": [{ "text": patient.name }],
            "communication": [{
                "language": { "coding": [{ "system": "urn:ietf:bcp:47", "code": patient.language }] },
                "preferred": true,
            }],
        });
        bundle.push(&bundle.patient.clone(), &resource);
        bundle
    }

    fn urn(&self, key: &str) -> String {
        format!("urn:uuid:{}", (self.uuid)(key))
    }

    fn push(&mut self, full_url: &str, resource: &impl Serialize) {
        match serde_json::to_string(&EntryOut { full_url, resource }) {
            Ok(entry) => self.entries.push(entry),
            Err(error) => {
                self.error.get_or_insert(error.to_string());
            }
        }
    }

    pub fn response(&mut self, r: &ResponseFacts<'_>) {
        let q = r.questionnaire;
        let canonical = if q.id.contains("://") {
            format!("{}|{}", q.id, q.version)
        } else {
            format!("{QUESTIONNAIRE_BASE}{}|{}", q.id, q.version)
        };
        // Owned here, so that the entry can be pushed while the resource borrows it.
        let patient = self.patient.clone();
        let author = if r.by_caregiver {
            Author::Display { display: "caregiver" }
        } else {
            Author::Reference { reference: &patient }
        };
        let resource = ResponseOut {
            resource_type: "QuestionnaireResponse",
            id: format!("response-{}", r.id),
            extension: r.scores.iter().filter_map(score_extension).collect(),
            questionnaire: canonical,
            status: "completed",
            subject: Reference { reference: &patient },
            authored: instant(r.authored),
            author,
            item: items(q, r.answers, &self.language),
        };
        let full_url = self.urn(&format!("QuestionnaireResponse/{}", r.id));
        self.push(&full_url, &resource);
    }

    pub fn care_plan(&mut self, plan: &PlanFacts<'_>) {
        let activity: Vec<Value> = plan.steps.iter().map(|(m, name)| activity(m, name)).collect();
        let mut resource = json!({
            "resourceType": "CarePlan",
            "id": format!("treatment-{}", plan.treatment_id),
            "status": plan_status(plan.status),
            "intent": "plan",
            "title": plan.product_name,
            "subject": { "reference": self.patient },
            "activity": activity,
        });
        if let Some(first) = plan.steps.iter().map(|(m, _)| m.date()).min() {
            resource["period"] = json!({ "start": date(first) });
        }
        let full_url = self.urn(&format!("CarePlan/{}", plan.treatment_id));
        self.push(&full_url, &resource);
    }

    pub fn flag(&mut self, f: &FlagFacts) {
        let mut period = Map::new();
        period.insert("start".into(), json!(instant(f.raised_at)));
        if let Some(closed) = f.closed_at {
            period.insert("end".into(), json!(instant(closed)));
        }
        let response = self.urn(&format!("QuestionnaireResponse/{}", f.response_id));
        let resource = json!({
            "resourceType": "Flag",
            "id": format!("flag-{}", f.id),
            "extension": [{ "url": FLAG_DETAIL, "valueReference": { "reference": response } }],
            "status": if f.closed_at.is_some() { "inactive" } else { "active" },
            "category": [{ "text": level_word(f.level) }],
            "code": {
                "coding": [{ "system": TRIAGE_RULES, "code": f.rule }],
                "text": f.told,
            },
            "subject": { "reference": self.patient },
            "period": Value::Object(period),
        });
        let full_url = self.urn(&format!("Flag/{}", f.id));
        self.push(&full_url, &resource);
    }

    /// The finished Bundle as JSON, stamped `now`; the first entry that could not be
    /// written, if one could not.
    pub fn finish(self, now: DateTime<Utc>) -> Result<String, String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let head = json!({
            "resourceType": "Bundle",
            "meta": { "lastUpdated": instant(now) },
            "type": "collection",
            "timestamp": instant(now),
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

/// The answered items, flat and in the order of the form, each with its question's text.
fn items<'a>(q: &'a Questionnaire, answers: &'a Answers, lang: &str) -> Vec<ItemOut<'a>> {
    q.all_items()
        .into_iter()
        .filter_map(|item| {
            let answer = match answers.get(&item.link_id)? {
                Answer::Choice(code) => {
                    let display = match &item.kind {
                        ItemKind::Choice(options) => options
                            .iter()
                            .find(|o| &o.code == code)
                            .map(|o| o.display.in_language(lang)),
                        _ => None,
                    };
                    AnswerOut::Coding { code, display }
                }
                Answer::Integer(n) => AnswerOut::Integer(*n),
                Answer::Decimal(x) => AnswerOut::Decimal(*x),
                Answer::Boolean(b) => AnswerOut::Boolean(*b),
                Answer::String(s) => AnswerOut::String(s),
            };
            Some(ItemOut {
                link_id: &item.link_id,
                text: item.text.in_language(lang),
                answer: [answer],
            })
        })
        .collect()
}

fn score_extension(score: &Score) -> Option<Value> {
    let total = score.total?;
    let mut parts = vec![
        json!({ "url": "scale", "valueString": score.scale }),
        json!({ "url": "total", "valueInteger": total }),
    ];
    if let Some(band) = &score.band {
        parts.push(json!({ "url": "band", "valueString": band }));
    }
    Some(json!({ "url": format!("{EXTENSION_BASE}score"), "extension": parts }))
}

fn activity(m: &Milestone, name: &str) -> Value {
    let mut detail = json!({
        "code": {
            "coding": [{ "system": MILESTONE_CODES, "code": m.kind.as_str() }],
            "text": name,
        },
        "status": step_status(m.status),
        "description": name,
        "scheduledPeriod": { "start": date(m.date()) },
    });
    if m.status == MilestoneStatus::Delayed {
        detail["statusReason"] = json!({ "text": "delayed" });
    }
    json!({ "detail": detail })
}

/// R4 `care-plan-activity-status`.
pub fn step_status(status: MilestoneStatus) -> &'static str {
    match status {
        MilestoneStatus::Planned => "not-started",
        MilestoneStatus::Confirmed | MilestoneStatus::Delayed => "scheduled",
        MilestoneStatus::Done => "completed",
        MilestoneStatus::Cancelled => "cancelled",
    }
}

/// R4 `request-status`: an ended treatment is `completed`, one stopped early `revoked`.
pub fn plan_status(status: TreatmentStatus) -> &'static str {
    match status {
        TreatmentStatus::Active => "active",
        TreatmentStatus::Completed => "completed",
        TreatmentStatus::Withdrawn | TreatmentStatus::Transferred | TreatmentStatus::Deceased => "revoked",
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Urgent => "urgent",
        Level::High => "high",
        Level::Review => "review",
    }
}
