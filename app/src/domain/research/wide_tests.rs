//! The wide layout: columns, rows and versions.
use super::variable_names::name_of;
use super::wide::*;
use crate::domain::checkins::{builtin, score_all};
use crate::domain::checkins::{Answer, Answers, Questionnaire};

fn builtin_named(name: &str) -> Questionnaire {
    builtin::all()
        .expect("built in")
        .into_iter()
        .find(|q| q.short_name() == name)
        .expect(name)
}

#[test]
fn each_scheduled_instrument_has_its_time_items_and_scores_in_order() {
    let (phq9, gad7) = (builtin_named("phq-9"), builtin_named("gad-7"));
    let layout = WideLayout::of(&[&phq9, &gad7]);
    let header = layout.header();
    assert_eq!(
        &header[..8],
        [
            "research_id",
            "timepoint",
            "gad_7_version",
            "gad_7_reported_by",
            "gad_7_week",
            "gad_7_weeks_after_due",
            "gad7_1",
            "gad7_2"
        ]
    );
    let phq9_columns: Vec<&str> = layout
        .columns
        .iter()
        .filter(|c| c.instrument == "phq-9")
        .map(|c| c.name.as_str())
        .collect();
    let score_columns: usize = phq9
        .scales
        .iter()
        .map(|s| 3 + usize::from(s.positive_at.is_some()))
        .sum();
    assert_eq!(phq9_columns.len(), 4 + 10 + score_columns, "{phq9_columns:?}");
    assert!(phq9_columns.contains(&"phq9_difficulty"));
    assert!(header.iter().all(|n| super::variable_names::is_valid(n)));
}

#[test]
fn a_row_takes_each_instrument_s_first_answer_and_leaves_the_rest_empty() {
    let phq9 = builtin_named("phq-9");
    let gad7 = builtin_named("gad-7");
    let layout = WideLayout::of(&[&phq9, &gad7]);
    let mut answers = Answers::new();
    for i in 1..=9 {
        answers.insert(format!("phq9-{i}"), Answer::Choice("2".into()));
    }
    let scores = score_all(&phq9, &answers);
    let time = ["D28".to_string(), "4".to_string(), "0".to_string()];
    let first = WideAnswer {
        instrument: "phq-9",
        version: "1",
        reported_by: "patient",
        time: &time,
        answers: &answers,
        scores: &scores,
    };
    let empty = Answers::new();
    let second = WideAnswer {
        answers: &empty,
        scores: &[],
        ..first
    };
    let row = layout.row(&[first, second]);
    let at = |name: &str| {
        let i = layout.columns.iter().position(|c| c.name == name).expect(name);
        row[i].as_str()
    };
    assert_eq!((at("phq_9_week"), at("phq_9_weeks_after_due")), ("4", "0"));
    assert_eq!((at("phq9_1"), at("phq9_difficulty")), ("2", ""));
    let total = phq9.scales[0].id.clone();
    assert_eq!(at(&name_of(&["phq-9", &total])), "18");
    assert_eq!(
        (at("gad_7_version"), at("gad7_1")),
        ("", ""),
        "no GAD-7 at this timepoint"
    );
}

#[test]
fn versions_add_the_items_they_alone_have() {
    let v1 = builtin_named("goals");
    let mut v2 = v1.clone();
    v2.version = "10".into();
    v2.items.retain(|i| i.link_id != "goal_3_category");
    let layout = WideLayout::of(&[&v2, &v1]);
    let names: Vec<&str> = layout.columns.iter().map(|c| c.name.as_str()).collect();
    assert!(names.contains(&"goals_goal_3_category"), "{names:?}");
    assert!(
        !names.iter().any(|n| n.contains("goal_1_text") || *n == "goals_goal_1"),
        "no free text"
    );
    assert_eq!(version_order("2", "10"), std::cmp::Ordering::Less);
}
