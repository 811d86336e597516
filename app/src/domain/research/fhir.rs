//! FHIR R4 `QuestionnaireResponse` resources for researchers, one per line as Bulk Data
//! writes them. Nothing in them identifies the patient: the subject is the research id,
//! `authored` (a calendar instant) is left out and the nominal timepoint (and the week from
//! the anchor and the weeks after due, where released) go in extensions instead, and free-text answers are dropped.
use crate::domain::checkins::{Answer, Answers};
use serde_json::{json, Map, Value};

/// Where our own extensions are defined.
pub const EXTENSION_BASE: &str = "https://vein-to-vein.eu/fhir/StructureDefinition/";

pub struct ResponseFacts<'a> {
    /// Unique within the export, made of the research id and a counter.
    pub id: &'a str,
    pub research_id: &'a str,
    /// The questionnaire's canonical URL, `url|version`.
    pub questionnaire: &'a str,
    /// `infusion` or `apheresis`.
    pub anchor: &'a str,
    /// The nominal timepoint of the window answered (`timepoints`).
    pub timepoint: &'a str,
    /// Whole weeks from the anchor, where the k check released them.
    pub week: Option<i64>,
    /// Whole weeks after the window was due, where released.
    pub weeks_after_due: Option<i64>,
    /// `patient` or `caregiver`.
    pub reported_by: &'a str,
    pub answers: &'a Answers,
}

/// An answer as a FHIR `answer[x]`; free text gives `None`.
pub fn answer_value(answer: &Answer) -> Option<(&'static str, Value)> {
    match answer {
        Answer::Choice(code) => Some(("valueCoding", json!({ "code": code }))),
        Answer::Integer(n) => Some(("valueInteger", json!(n))),
        Answer::Decimal(x) => Some(("valueDecimal", json!(x))),
        Answer::Boolean(b) => Some(("valueBoolean", json!(b))),
        Answer::String(_) => None,
    }
}

pub fn questionnaire_response(f: &ResponseFacts<'_>) -> Value {
    let items: Vec<Value> = f
        .answers
        .iter()
        .filter_map(|(link_id, answer)| {
            let (kind, value) = answer_value(answer)?;
            let mut one = Map::new();
            one.insert(kind.to_string(), value);
            Some(json!({ "linkId": link_id, "answer": [Value::Object(one)] }))
        })
        .collect();
    let mut extension = vec![json!({ "url": format!("{EXTENSION_BASE}timepoint"), "valueCode": f.timepoint })];
    if let Some(week) = f.week {
        extension.push(json!({ "url": format!("{EXTENSION_BASE}week-from-anchor"), "valueInteger": week }));
    }
    if let Some(weeks) = f.weeks_after_due {
        extension.push(json!({ "url": format!("{EXTENSION_BASE}weeks-after-due"), "valueInteger": weeks }));
    }
    extension.push(json!({ "url": format!("{EXTENSION_BASE}anchor"), "valueCode": f.anchor }));
    extension.push(json!({ "url": format!("{EXTENSION_BASE}reported-by"), "valueCode": f.reported_by }));
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": f.id,
        "extension": extension,
        "questionnaire": f.questionnaire,
        "status": "completed",
        "subject": { "reference": format!("Patient/{}", f.research_id) },
        "item": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(answers: &Answers) -> ResponseFacts<'_> {
        ResponseFacts {
            id: "ab12-3",
            research_id: "ab12",
            questionnaire: "https://vein-to-vein.eu/fhir/Questionnaire/phq-9|1",
            anchor: "infusion",
            timepoint: "baseline",
            week: Some(-1),
            weeks_after_due: Some(0),
            reported_by: "patient",
            answers,
        }
    }

    #[test]
    fn answers_keep_their_types_and_free_text_is_dropped() {
        let mut answers = Answers::new();
        answers.insert("a".into(), Answer::Choice("2".into()));
        answers.insert("b".into(), Answer::Decimal(38.5));
        answers.insert("c".into(), Answer::Boolean(true));
        answers.insert("d".into(), Answer::String("I am Jan Peeters".into()));
        answers.insert("e".into(), Answer::Integer(7));
        let r = questionnaire_response(&facts(&answers));
        let items = r["item"].as_array().map(Vec::len);
        assert_eq!(items, Some(4));
        assert_eq!(r["item"][0]["answer"][0]["valueCoding"]["code"], "2");
        assert_eq!(r["item"][1]["answer"][0]["valueDecimal"], 38.5);
        assert_eq!(r["item"][2]["answer"][0]["valueBoolean"], true);
        assert_eq!(r["item"][3]["answer"][0]["valueInteger"], 7);
        assert!(!r.to_string().contains("Peeters"));
    }

    #[test]
    fn the_subject_is_the_research_id_and_no_instant_is_given() {
        let answers = Answers::new();
        let r = questionnaire_response(&facts(&answers));
        assert_eq!(r["resourceType"], "QuestionnaireResponse");
        assert_eq!(r["subject"]["reference"], "Patient/ab12");
        assert_eq!(r["extension"][0]["valueCode"], "baseline");
        assert_eq!(r["extension"][1]["valueInteger"], -1);
        assert_eq!(r["extension"][2]["url"], format!("{EXTENSION_BASE}weeks-after-due"));
        assert!(r.get("authored").is_none());
        assert!(r.get("meta").is_none());
    }
}
