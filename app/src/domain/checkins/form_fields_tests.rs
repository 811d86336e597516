use super::*;
use crate::domain::checkins::{builtin, AnswerProblemKind};
use proptest::prelude::*;

fn diary() -> Questionnaire {
    builtin::all()
        .expect("built-ins are valid")
        .into_iter()
        .find(|q| q.id.ends_with("/symptom-diary"))
        .expect("built in")
}

fn rules() -> TriageRules {
    TriageRules::builtin().expect("the shipped triage rules are valid")
}

/// A calm entry as the form holds it: 36,8 °C typed the French way, every sign "no".
fn calm_fields() -> Fields {
    let mut fields = Fields::new();
    fields.insert("temperature_unit".into(), "C".into());
    fields.insert("temperature_c".into(), " 36,8 ".into());
    for sign in builtin::DIARY_SIGNS {
        fields.insert(sign.into(), "false".into());
    }
    fields
}

fn with(mut fields: Fields, link_id: &str, text: &str) -> Fields {
    fields.insert(link_id.into(), text.into());
    fields
}

#[test]
fn each_kind_of_field_reads_as_its_answer_or_as_none() {
    let q = diary();
    let kind = |link_id: &str| q.item(link_id).expect("in the diary").kind.clone();
    let cases: [(&str, &str, Option<Answer>); 9] = [
        ("temperature_c", "38.4", Some(Answer::Decimal(38.4))),
        ("temperature_c", "38,4", Some(Answer::Decimal(38.4))),
        ("temperature_c", "warm", None),
        ("temperature_c", "NaN", None),
        ("temperature_c", "   ", None),
        ("chills", "true", Some(Answer::Boolean(true))),
        ("chills", "yes", None),
        ("temperature_unit", "F", Some(Answer::Choice("F".into()))),
        ("notes", "  tired  ", Some(Answer::String("tired".into()))),
    ];
    for (link_id, text, expected) in cases {
        assert_eq!(answer_from_field(&kind(link_id), text), expected, "{link_id}: {text:?}");
    }
}

#[test]
fn while_answering_only_hidden_items_are_worked_out() {
    let q = diary();
    let fields = with(calm_fields(), "seizure", "true");
    let shown = assess(&q, &fields, &rules(), None, false);
    assert_eq!(shown.hidden, vec!["temperature_f".to_string()]);
    assert!(shown.problems.is_empty());
    assert_eq!(shown.advice, None, "advice waits for the person to send");
    let fahrenheit = assess(&q, &with(fields, "temperature_unit", "F"), &rules(), None, false);
    assert_eq!(fahrenheit.hidden, vec!["temperature_c".to_string()]);
    assert!(
        !fahrenheit.answers.contains_key("temperature_c"),
        "a hidden item's text is not sent"
    );
}

#[test]
fn sending_checks_the_answers_and_gives_the_advice() {
    let q = diary();
    let calm = assess(&q, &calm_fields(), &rules(), None, true);
    assert!(calm.problems.is_empty());
    assert_eq!(calm.advice, None);
    assert_eq!(calm.answers.get("temperature_c"), Some(&Answer::Decimal(36.8)));

    let fever = assess(&q, &with(calm_fields(), "temperature_c", "38,4"), &rules(), None, true);
    assert_eq!(fever.advice, Some(Advice::CallCareTeam));
    let under_the_centres_threshold = assess(
        &q,
        &with(calm_fields(), "temperature_c", "38,4"),
        &rules(),
        Some(38.5),
        true,
    );
    assert_eq!(under_the_centres_threshold.advice, None);

    let seizure = assess(&q, &with(calm_fields(), "seizure", "true"), &rules(), None, true);
    assert_eq!(seizure.advice, Some(Advice::EmergencyFirst));
}

#[test]
fn a_red_flag_is_told_even_when_other_answers_are_missing() {
    let q = diary();
    let mut fields = Fields::new();
    fields.insert("seizure".into(), "true".into());
    let sent = assess(&q, &fields, &rules(), None, true);
    assert_eq!(sent.advice, Some(Advice::EmergencyFirst));
    assert!(sent
        .problems
        .iter()
        .any(|p| p.link_id == "chills" && p.kind == AnswerProblemKind::Required));
}

#[test]
fn unknown_fields_are_not_answers() {
    let q = diary();
    let sent = assess(&q, &with(calm_fields(), "client_id", "abc"), &rules(), None, true);
    assert!(!sent.answers.contains_key("client_id"));
    assert!(sent.problems.is_empty());
}

fn field_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("true".to_string()),
        Just("false".to_string()),
        Just("C".to_string()),
        Just("F".to_string()),
        Just(String::new()),
        (30.0f64..110.0).prop_map(|v| format!("{v:.1}").replace('.', ",")),
        "[a-z ]{0,12}",
    ]
}

proptest! {
    /// Whatever the fields hold, the page sends only shown items' answers, and its advice is
    /// the triage rules' own for those answers.
    #[test]
    fn the_advice_is_the_triage_of_what_is_sent(
        texts in proptest::collection::vec(field_text(), 14),
        threshold in proptest::option::of(37.0f64..39.0),
    ) {
        let q = diary();
        let link_ids: Vec<String> = q.all_items().into_iter().filter(|i| i.kind.is_question()).map(|i| i.link_id.clone()).collect();
        let fields: Fields = link_ids.iter().cloned().zip(texts).collect();
        let sent = assess(&q, &fields, &rules(), threshold, true);
        for link_id in sent.answers.keys() {
            prop_assert!(!sent.hidden.contains(link_id), "{link_id} is hidden but sent");
        }
        prop_assert_eq!(sent.advice, advice_now(&q, &sent.answers, &rules(), &[], threshold));
        prop_assert_eq!(sent.problems, check(&q, &sent.answers));
    }
}

#[test]
fn a_draft_s_fields_give_the_same_answers_back() {
    let q = diary();
    let answers = answers_from_fields(&q, &with(calm_fields(), "chills", "true"));
    assert_eq!(answers_from_fields(&q, &fields_from_answers(&answers)), answers);
    assert_eq!(fields_from_answers(&answers)["temperature_c"], "36.8");
    assert_eq!(fields_from_answers(&answers)["chills"], "true");
}
