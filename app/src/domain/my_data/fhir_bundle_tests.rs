//! The Bundle's own rules, checked on a small record: every reference resolves inside it,
//! statuses use the R4 codes, the patient's words and names are kept. The structure is
//! checked against FHIR 4.0.1 by `fhir.resources` in the HTTP tests.
use super::fhir_bundle::*;
use crate::domain::checkins::{builtin, score_all, Answer, Answers, Questionnaire};
use crate::domain::test_journeys::{cd19, date};
use crate::domain::timeline::{MilestoneKind, MilestoneStatus, TreatmentStatus};
use crate::domain::triage::Level;
use chrono::{TimeZone, Utc};
use serde_json::Value;
use std::collections::BTreeSet;

fn questionnaire(name: &str) -> Questionnaire {
    builtin::all()
        .expect("built in")
        .into_iter()
        .find(|q| q.id.ends_with(name))
        .expect(name)
}

fn fake_uuid(key: &str) -> String {
    // Stable per key, shaped like a UUID: enough to tell entries apart here.
    let n = key
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    format!("00000000-0000-4000-8000-{:012x}", n & 0xffff_ffff_ffff)
}

fn bundle() -> Value {
    let uuid = fake_uuid;
    let patient = PatientFacts {
        id: 7,
        name: "Anaïs Müller",
        language: "fr",
    };
    let mut b = Bundle::new(&patient, &uuid);
    let diary = questionnaire("symptom-diary");
    let mut answers = Answers::new();
    answers.insert("temperature_c".into(), Answer::Decimal(38.6));
    answers.insert("chills".into(), Answer::Boolean(true));
    answers.insert("notes".into(), Answer::String("Fièvre depuis ce matin".into()));
    b.response(&ResponseFacts {
        id: 31,
        questionnaire: &diary,
        authored: Utc.with_ymd_and_hms(2026, 11, 3, 8, 15, 0).unwrap(),
        by_caregiver: true,
        answers: &answers,
        scores: &[],
    });
    let phq4 = questionnaire("phq-4");
    let mood: Answers = (1..=4)
        .map(|i| (format!("phq4-{i}"), Answer::Choice("2".into())))
        .collect();
    let scores = score_all(&phq4, &mood);
    b.response(&ResponseFacts {
        id: 32,
        questionnaire: &phq4,
        authored: Utc.with_ymd_and_hms(2026, 11, 4, 9, 0, 0).unwrap(),
        by_caregiver: false,
        answers: &mood,
        scores: &scores,
    });
    let mut timeline = cd19(date(2026, 10, 1));
    timeline.milestones[0].status = MilestoneStatus::Done;
    timeline.milestones[0].actual_on = Some(date(2026, 10, 2));
    let delayed = timeline.index_of("infusion").expect("infusion step");
    timeline.milestones[delayed].status = MilestoneStatus::Delayed;
    let steps = timeline
        .milestones
        .iter()
        .map(|m| (m, format!("étape {}", m.key)))
        .collect();
    b.care_plan(&PlanFacts {
        treatment_id: 5,
        status: TreatmentStatus::Active,
        product_name: "Kymriah",
        steps,
    });
    b.flag(&FlagFacts {
        id: 9,
        response_id: Some(31),
        rule: "fever".into(),
        level: Level::Urgent,
        told: "Votre équipe a été alertée aussitôt.".into(),
        raised_at: Utc.with_ymd_and_hms(2026, 11, 3, 8, 15, 1).unwrap(),
        closed_at: Some(Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap()),
    });
    let written = b
        .finish(Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap())
        .expect("written");
    serde_json::from_str(&written).expect("JSON")
}

fn of_type<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

/// Every `"reference"` anywhere in the value.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("reference", Value::String(r)) => out.push(r.clone()),
                    _ => references(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[test]
fn every_reference_points_at_an_entry_of_the_bundle() {
    let b = bundle();
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    let urls: Vec<&str> = b["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["fullUrl"].as_str().expect("fullUrl"))
        .collect();
    let unique: BTreeSet<&str> = urls.iter().copied().collect();
    assert_eq!(unique.len(), urls.len(), "fullUrls are unique");
    assert!(urls.iter().all(|u| u.starts_with("urn:uuid:")));
    let mut refs = Vec::new();
    references(&b, &mut refs);
    assert!(refs.len() >= 6, "{refs:?}");
    for r in refs {
        assert!(unique.contains(r.as_str()), "{r} is not in the bundle");
    }
    let flag = &of_type(&b, "Flag")[0];
    let detail = flag["extension"][0]["valueReference"]["reference"].as_str();
    assert_eq!(detail, Some(urls[1]), "the flag points at the diary that raised it");
}

#[test]
fn the_patient_s_own_words_and_answers_are_kept() {
    let b = bundle();
    let patient = &of_type(&b, "Patient")[0];
    assert_eq!(patient["name"][0]["text"], "Anaïs Müller");
    assert_eq!(patient["communication"][0]["language"]["coding"][0]["code"], "fr");
    let responses = of_type(&b, "QuestionnaireResponse");
    assert_eq!(responses.len(), 2);
    let diary = responses[0];
    assert_eq!(diary["authored"], "2026-11-03T08:15:00Z");
    assert_eq!(diary["author"]["display"], "caregiver", "a caregiver is not named");
    let item = |id: &str| {
        diary["item"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["linkId"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(item("temperature_c")["answer"][0]["valueDecimal"], 38.6);
    assert_eq!(item("chills")["answer"][0]["valueBoolean"], true);
    assert_eq!(item("notes")["answer"][0]["valueString"], "Fièvre depuis ce matin");
    assert!(item("temperature_c")["text"].as_str().is_some_and(|t| !t.is_empty()));
    let canonical = diary["questionnaire"].as_str().expect("canonical");
    assert!(canonical.contains("symptom-diary|"), "{canonical}");
    // The mood check-in is the patient's own, with its score and band.
    let mood = responses[1];
    assert!(mood["author"]["reference"]
        .as_str()
        .is_some_and(|r| r.starts_with("urn:uuid:")));
    assert!(mood["item"][0]["answer"][0]["valueCoding"]["display"].is_string());
    let score = &mood["extension"][0];
    assert!(score["url"].as_str().is_some_and(|u| u.ends_with("/score")));
    assert!(score["extension"].as_array().is_some_and(|parts| parts.len() >= 2));
}

#[test]
fn statuses_use_the_r4_codes() {
    let b = bundle();
    let plan = &of_type(&b, "CarePlan")[0];
    assert_eq!(plan["status"], "active");
    assert_eq!(plan["intent"], "plan");
    assert_eq!(plan["period"]["start"], "2026-10-02");
    let activities = plan["activity"].as_array().expect("activities");
    let detail = |kind: MilestoneKind| {
        activities
            .iter()
            .map(|a| &a["detail"])
            .find(|d| d["code"]["coding"][0]["code"] == kind.as_str())
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(detail(MilestoneKind::Referral)["status"], "completed");
    assert_eq!(
        detail(MilestoneKind::Referral)["scheduledPeriod"]["start"],
        "2026-10-02"
    );
    assert_eq!(detail(MilestoneKind::Infusion)["status"], "scheduled");
    assert_eq!(detail(MilestoneKind::Infusion)["statusReason"]["text"], "delayed");
    assert_eq!(detail(MilestoneKind::Apheresis)["status"], "not-started");
    let flag = &of_type(&b, "Flag")[0];
    assert_eq!(flag["status"], "inactive", "closed by the team");
    assert_eq!(flag["period"]["end"], "2026-11-03T09:00:00Z");
    assert_eq!(flag["code"]["coding"][0]["code"], "fever");
    for status in MilestoneStatus::ALL {
        let code = step_status(status);
        let known = [
            "not-started",
            "scheduled",
            "in-progress",
            "on-hold",
            "completed",
            "cancelled",
            "stopped",
            "unknown",
            "entered-in-error",
        ];
        assert!(known.contains(&code), "{code}");
    }
    for status in TreatmentStatus::ALL {
        let known = [
            "draft",
            "active",
            "on-hold",
            "revoked",
            "completed",
            "entered-in-error",
            "unknown",
        ];
        assert!(known.contains(&plan_status(status)));
    }
}
