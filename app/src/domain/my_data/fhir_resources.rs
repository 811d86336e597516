//! FHIR R4 (4.0.1) resources made from the app's records, written one way for both places
//! that give them out: the patient's own download (`fhir_bundle`, references are `urn:uuid:`
//! entries of one Bundle) and the hospital's FHIR API (`fhir_api`, references are
//! `Patient/patient-12`). [`Writer`] is told how to write a reference, and nothing else differs.
//!
//! The rules, in one place:
//! - a resource's id is its kind's prefix and the record's number (`Kind::id_of`);
//! - a caregiver's answer or message about the patient names no one: a display only;
//! - a step's status maps to the R4 `care-plan-activity-status` codes (a delayed step is
//!   `scheduled` with the reason "delayed"); a treatment's to `request-status`;
//! - a flag is `active` until the team closes it, and points at the answer that raised it
//!   (the core `flag-detail` extension);
//! - scores ride on their response as our own extension, each with its band's code;
//! - a message to or from the team is a `completed` Communication with its words as they
//!   were written.
use crate::domain::checkins::{Answer, Answers, ItemKind, Questionnaire, Score};
use crate::domain::fhir_api::Kind;
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
    /// The answer that raised it; none for a silence (no check-in for too long).
    pub response_id: Option<i64>,
    pub rule: String,
    pub level: Level,
    /// What the team was told, in the patient's words (`result_words::team_told`).
    pub told: String,
    pub raised_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Who wrote a message: the patient, their caregiver (named by no one), or a team member.
pub enum Sender<'a> {
    Patient,
    Caregiver,
    Team { name: &'a str },
}

pub struct MessageFacts<'a> {
    pub id: i64,
    pub text: &'a str,
    pub sent_at: DateTime<Utc>,
    pub from: Sender<'a>,
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

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Writes resources; `refer` turns a record's key (`"Patient/12"`) into a reference to it.
pub struct Writer<'r> {
    refer: &'r dyn Fn(&str) -> String,
    language: &'r str,
}

impl<'r> Writer<'r> {
    /// `language` is the patient's (`fr`): questions and choices are given as they read them.
    pub fn new(refer: &'r dyn Fn(&str) -> String, language: &'r str) -> Writer<'r> {
        Writer { refer, language }
    }

    fn patient_reference(&self, patient_id: i64) -> String {
        (self.refer)(&format!("Patient/{patient_id}"))
    }

    /// The patient as their own download gives them: name and language.
    pub fn patient(&self, p: &PatientFacts<'_>) -> Value {
        json!({
            "resourceType": "Patient",
            "id": Kind::Patient.id_of(p.id),
            "name": [{ "text": p.name }],
            "communication": [{
                "language": { "coding": [{ "system": "urn:ietf:bcp:47", "code": p.language }] },
                "preferred": true,
            }],
        })
    }

    pub fn response(&self, patient_id: i64, r: &ResponseFacts<'_>) -> serde_json::Result<String> {
        let q = r.questionnaire;
        let canonical = if q.id.contains("://") {
            format!("{}|{}", q.id, q.version)
        } else {
            format!("{QUESTIONNAIRE_BASE}{}|{}", q.id, q.version)
        };
        let patient = self.patient_reference(patient_id);
        let author = if r.by_caregiver {
            Author::Display { display: "caregiver" }
        } else {
            Author::Reference { reference: &patient }
        };
        serde_json::to_string(&ResponseOut {
            resource_type: "QuestionnaireResponse",
            id: Kind::QuestionnaireResponse.id_of(r.id),
            extension: r.scores.iter().filter_map(score_extension).collect(),
            questionnaire: canonical,
            status: "completed",
            subject: Reference { reference: &patient },
            authored: instant(r.authored),
            author,
            item: items(q, r.answers, self.language),
        })
    }

    pub fn care_plan(&self, patient_id: i64, plan: &PlanFacts<'_>) -> Value {
        let activity: Vec<Value> = plan.steps.iter().map(|(m, name)| activity(m, name)).collect();
        let mut resource = json!({
            "resourceType": "CarePlan",
            "id": Kind::CarePlan.id_of(plan.treatment_id),
            "status": plan_status(plan.status),
            "intent": "plan",
            "title": plan.product_name,
            "subject": { "reference": self.patient_reference(patient_id) },
            "activity": activity,
        });
        if let Some(first) = plan.steps.iter().map(|(m, _)| m.date()).min() {
            resource["period"] = json!({ "start": date(first) });
        }
        resource
    }

    pub fn flag(&self, patient_id: i64, f: &FlagFacts) -> Value {
        let mut period = Map::new();
        period.insert("start".into(), json!(instant(f.raised_at)));
        if let Some(closed) = f.closed_at {
            period.insert("end".into(), json!(instant(closed)));
        }
        let extension: Vec<Value> = f
            .response_id
            .map(|r| (self.refer)(&format!("QuestionnaireResponse/{r}")))
            .map(|response| json!({ "url": FLAG_DETAIL, "valueReference": { "reference": response } }))
            .into_iter()
            .collect();
        let mut resource = json!({
            "resourceType": "Flag",
            "id": Kind::Flag.id_of(f.id),
            "status": if f.closed_at.is_some() { "inactive" } else { "active" },
            "category": [{ "text": level_word(f.level) }],
            "code": {
                "coding": [{ "system": TRIAGE_RULES, "code": f.rule }],
                "text": f.told,
            },
            "subject": { "reference": self.patient_reference(patient_id) },
            "period": Value::Object(period),
        });
        if !extension.is_empty() {
            resource["extension"] = Value::Array(extension);
        }
        resource
    }

    /// A message of "Ask the team", from the patient's side to the team or back.
    pub fn communication(&self, patient_id: i64, m: &MessageFacts<'_>) -> Value {
        let patient = json!({ "reference": self.patient_reference(patient_id) });
        let team = json!({ "display": "care team" });
        let (sender, recipient) = match m.from {
            Sender::Patient => (patient.clone(), team),
            Sender::Caregiver => (json!({ "display": "caregiver" }), team),
            Sender::Team { name } => (json!({ "display": name }), patient.clone()),
        };
        json!({
            "resourceType": "Communication",
            "id": Kind::Communication.id_of(m.id),
            "status": "completed",
            "category": [{ "text": "ask the team" }],
            "subject": patient,
            "sent": instant(m.sent_at),
            "sender": sender,
            "recipient": [recipient],
            "payload": [{ "contentString": m.text }],
        })
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
