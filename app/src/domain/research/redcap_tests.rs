//! The REDCap project an export becomes: names, types, events and what repeats.
use super::redcap::*;
use super::wide::WideLayout;
use crate::domain::{
    checkins::{builtin, CheckinSchedule},
    research::labelled_files::{labelled, timepoint_codes},
};
use std::collections::{BTreeMap, BTreeSet};

fn project() -> Project {
    let all = builtin::all().expect("built in");
    let known: Vec<&crate::domain::checkins::Questionnaire> = all.iter().collect();
    let layout = WideLayout::of(&known);
    let schedule = CheckinSchedule::builtin().expect("schedule");
    let timepoints = timepoint_codes(&schedule);
    let files = labelled(&["patients.csv", "journeys.csv", "flags.csv"], None, &timepoints);
    Project::of(&files, &layout, &schedule, &timepoints)
}

#[test]
fn events_are_named_as_redcap_names_them() {
    assert_eq!(event_of("D0-D28"), ("D0 D28".into(), "d0_d28_arm_1".into()));
    assert_eq!(
        event_of("apheresis-D365"),
        ("apheresis D365".into(), "apheresis_d365_arm_1".into())
    );
    assert_eq!(event_of("baseline").1, "baseline_arm_1");
}

#[test]
fn the_record_id_comes_first_and_every_field_is_named_and_typed_as_redcap_takes() {
    let p = project();
    assert_eq!(
        (p.fields[0].name.as_str(), p.fields[0].form.as_str()),
        ("research_id", "patient")
    );
    let names: BTreeSet<&str> = p.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), p.fields.len(), "unique");
    assert!(p.fields.iter().all(|f| super::variable_names::is_valid(&f.name)));
    let field = |n: &str| p.fields.iter().find(|f| f.name == n).expect(n);
    assert_eq!(field("sex").kind, "dropdown");
    assert!(field("sex").choices.starts_with("female, Female | male, Male"));
    assert_eq!(field("phq9_1").kind, "dropdown");
    assert_eq!(
        (field("sd_chills").kind, field("sd_chills").value("true")),
        ("yesno", "1".to_string())
    );
    assert_eq!(field("journey_product").form, "journey");
    assert_eq!(field("flag_ack_minutes").validation, "integer");
    // Each form's fields together, as REDCap requires.
    let forms: Vec<&str> = p.fields.iter().map(|f| f.form.as_str()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for f in forms {
        if seen.last() != Some(&f) {
            assert!(!seen.contains(&f), "{f} comes back");
            seen.push(f);
        }
    }
}

#[test]
fn scheduled_instruments_are_asked_once_and_the_rest_repeat() {
    let p = project();
    let at = |e: &str, f: &str| (e.to_string(), f.to_string());
    assert!(p.designations.contains(&at("d28_arm_1", "phq_9")));
    assert!(!p.repeating.contains(&at("d28_arm_1", "phq_9")));
    assert!(p.repeating.contains(&at("d0_d28_arm_1", "symptom_diary")));
    assert!(p.repeating.contains(&at("unscheduled_arm_1", "phq_9")));
    assert!(p.repeating.contains(&at(ENROLMENT, "journey")));
    assert_eq!(p.events[0].1, ENROLMENT);
    let header = RedcapFile::Data.rows(&p).remove(0);
    assert_eq!(header[..4], DATA_FIXED.map(String::from));
    let row = p.data_row(
        "ab12",
        "d28_arm_1",
        None,
        &BTreeMap::from([("phq9_1", "2".to_string())]),
    );
    assert_eq!(row.len(), header.len());
    assert!(row.contains(&"2".to_string()));
}
