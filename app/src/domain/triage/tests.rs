use super::*;
use crate::domain::checkins::{builtin, check, score_all, Answer, Answers, ItemKind, Questionnaire};

fn rules() -> TriageRules {
    TriageRules::builtin().expect("the shipped triage rules are valid")
}

fn questionnaire(name: &str) -> Questionnaire {
    builtin::all()
        .expect("built-ins are valid")
        .into_iter()
        .find(|q| q.id.ends_with(&format!("/{name}")))
        .expect("built in")
}

/// A calm diary entry: 36.8 °C and every sign answered no.
fn calm_diary() -> Answers {
    let mut answers = Answers::new();
    answers.insert("temperature_unit".into(), Answer::Choice("C".into()));
    answers.insert("temperature_c".into(), Answer::Decimal(36.8));
    for item in builtin::DIARY_SIGNS {
        answers.insert(item.into(), Answer::Boolean(false));
    }
    answers
}

fn run(
    q: &Questionnaire,
    answers: &Answers,
    previous: &[crate::domain::checkins::Score],
    threshold: Option<f64>,
) -> Triage {
    assert_eq!(check(q, answers), vec![], "the test's answers are themselves valid");
    let scores = score_all(q, answers);
    triage(
        &rules(),
        &Response {
            questionnaire: q,
            answers,
            scores: &scores,
            previous,
            fever_threshold_c: threshold,
        },
    )
}

fn rule_ids(t: &Triage) -> Vec<&str> {
    t.flags.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn a_calm_diary_raises_nothing() {
    let t = run(&questionnaire("symptom-diary"), &calm_diary(), &[], None);
    assert_eq!((t.flags.len(), t.level(), t.advice()), (0, None, None));
    assert_eq!(t.rules_version, rules().version);
}

#[test]
fn fever_follows_the_centre_threshold_in_celsius_or_fahrenheit() {
    let q = questionnaire("symptom-diary");
    let at = |t: f64, unit: &str, threshold: Option<f64>| {
        let mut answers = calm_diary();
        answers.remove("temperature_c");
        answers.insert("temperature_unit".into(), Answer::Choice(unit.into()));
        let item = if unit == "C" { "temperature_c" } else { "temperature_f" };
        answers.insert(item.into(), Answer::Decimal(t));
        rule_ids(&run(&q, &answers, &[], threshold)) == ["diary.fever"]
    };
    assert!(at(38.0, "C", None), "38.0 °C is a fever at the default threshold");
    assert!(!at(37.9, "C", None));
    assert!(
        at(37.5, "C", Some(37.5)) && !at(37.4, "C", Some(37.5)),
        "a centre's 37.5 °C"
    );
    // 100.4 °F is exactly 38.0 °C; 100.2 °F is 37.89 °C.
    assert!(at(100.4, "F", None) && !at(100.2, "F", None));
}

#[test]
fn every_sign_patients_must_report_is_urgent_and_says_call_now() {
    let q = questionnaire("symptom-diary");
    for sign in [
        "chills",
        "breathless",
        "dizzy",
        "racing_heart",
        "confused",
        "speech",
        "sleepy",
        "tremor",
        "vomiting",
    ] {
        let mut answers = calm_diary();
        answers.insert(sign.into(), Answer::Boolean(true));
        let t = run(&q, &answers, &[], None);
        assert_eq!(
            (t.level(), t.advice()),
            (Some(Level::Urgent), Some(Advice::CallCareTeam)),
            "{sign}"
        );
    }
    // A seizure: the emergency number first, whatever else is flagged with it.
    let mut answers = calm_diary();
    answers.insert("seizure".into(), Answer::Boolean(true));
    answers.insert("chills".into(), Answer::Boolean(true));
    let t = run(&q, &answers, &[], None);
    assert_eq!(t.advice(), Some(Advice::EmergencyFirst));
    assert_eq!(rule_ids(&t), ["diary.seizure", "diary.chills"], "worst advice first");
}

#[test]
fn a_caregiver_who_cannot_wake_the_patient_is_told_to_call_the_emergency_number() {
    let q = questionnaire("caregiver-observation");
    let mut answers: Answers = ["confused", "speech", "writing", "tremor", "seizure"]
        .into_iter()
        .map(|i| (i.to_string(), Answer::Boolean(false)))
        .collect();
    answers.insert("wakefulness".into(), Answer::Choice("awake".into()));
    assert_eq!(run(&q, &answers, &[], None).level(), None);
    answers.insert("wakefulness".into(), Answer::Choice("drowsy".into()));
    assert_eq!(run(&q, &answers, &[], None).advice(), Some(Advice::CallCareTeam));
    answers.insert("wakefulness".into(), Answer::Choice("cannot_wake".into()));
    assert_eq!(run(&q, &answers, &[], None).advice(), Some(Advice::EmergencyFirst));
}

fn phq9(values: [i64; 9]) -> Answers {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("phq9-{}", i + 1), Answer::Choice(v.to_string())))
        .collect()
}

#[test]
fn phq9_item_nine_above_zero_is_urgent_with_crisis_wording_whatever_the_total() {
    let q = questionnaire("phq-9");
    let t = run(&q, &phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]), &[], None);
    assert_eq!((t.level(), t.advice()), (Some(Level::Urgent), Some(Advice::Crisis)));
    assert_eq!(run(&q, &phq9([3, 3, 3, 3, 3, 3, 3, 3, 0]), &[], None).advice(), None);
}

#[test]
fn severe_scores_are_high_and_a_rise_since_last_time_is_for_review() {
    let q = questionnaire("phq-9");
    // 3·6 + 2 = 20: high, no advice on screen (a nurse calls back).
    let t = run(&q, &phq9([3, 3, 3, 3, 3, 3, 2, 0, 0]), &[], None);
    assert_eq!((rule_ids(&t), t.advice()), (vec!["phq9.severe"], None));
    // 19 is not severe.
    assert_eq!(run(&q, &phq9([3, 3, 3, 3, 3, 3, 1, 0, 0]), &[], None).level(), None);
    // From 4 to 9 is a rise of 5: review. From 5 to 9 is not.
    let earlier = |answers: Answers| score_all(&q, &answers);
    let now = phq9([2, 1, 1, 1, 1, 1, 1, 1, 0]);
    let t = run(&q, &now, &earlier(phq9([1, 1, 1, 1, 0, 0, 0, 0, 0])), None);
    assert_eq!(rule_ids(&t), ["phq9.rise"]);
    assert_eq!(t.level(), Some(Level::Review));
    assert_eq!(
        run(&q, &now, &earlier(phq9([1, 1, 1, 1, 1, 0, 0, 0, 0])), None).level(),
        None
    );
    // GAD-7 at 15 is high.
    let gad = questionnaire("gad-7");
    let answers: Answers = [3, 3, 3, 3, 3, 0, 0]
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("gad7-{}", i + 1), Answer::Choice(v.to_string())))
        .collect();
    assert_eq!(rule_ids(&run(&gad, &answers, &[], None)), ["gad7.severe"]);
}

#[test]
fn every_rule_names_a_built_in_item_of_the_right_kind() {
    let questionnaires = builtin::all().expect("valid");
    for rule in rules().rules {
        let q = questionnaires
            .iter()
            .find(|q| rule.applies_to(&q.id))
            .unwrap_or_else(|| panic!("rule {} names no built-in questionnaire", rule.id));
        let kind = |link_id: &str| q.item(link_id).map(|i| &i.kind);
        let fits = match &rule.when {
            Condition::Yes { item } => matches!(kind(item), Some(ItemKind::Boolean)),
            Condition::Choice { item, codes } => {
                matches!(kind(item), Some(ItemKind::Choice(o)) if codes.iter().all(|c| o.iter().any(|x| &x.code == c)))
            }
            Condition::OrdinalAbove { item, .. } => matches!(kind(item), Some(ItemKind::Choice(_))),
            Condition::Fever { celsius, fahrenheit } => {
                matches!(kind(celsius), Some(ItemKind::Decimal(_)))
                    && matches!(kind(fahrenheit), Some(ItemKind::Decimal(_)))
            }
            Condition::ScoreAtLeast { scale, .. } | Condition::ScoreRise { scale, .. } => {
                q.scales.iter().any(|s| &s.id == scale)
            }
            Condition::Written { item } => matches!(kind(item), Some(ItemKind::String { .. })),
            // Reads no item: that the questionnaire exists is all it needs.
            Condition::Silent { .. } => true,
        };
        assert!(fits, "rule {} does not fit {}", rule.id, q.id);
    }
}

#[test]
fn bad_rule_files_are_refused_with_the_reason() {
    assert!(matches!(TriageRules::from_json("{"), Err(RulesError::Json(_))));
    for silent in [
        r#"{"hours": 0, "from_day": 0, "to_day": 14}"#,
        r#"{"hours": 24, "from_day": 5, "to_day": 2}"#,
    ] {
        let file = format!(
            r#"{{"version": "x", "default_fever_threshold_c": 38.0, "rules": [{{"id": "quiet", "questionnaire": "symptom-diary", "level": "review", "when": {{"silent": {silent}}}}}]}}"#
        );
        assert_eq!(
            TriageRules::from_json(&file),
            Err(RulesError::Silence("quiet".into())),
            "{silent}"
        );
    }
    let one = r#"{"id": "a", "questionnaire": "q", "level": "urgent", "when": {"yes": {"item": "x"}}}"#;
    let file = |threshold: &str, rules: &str| {
        format!(r#"{{"version": "1", "default_fever_threshold_c": {threshold}, "rules": [{rules}]}}"#)
    };
    assert!(TriageRules::from_json(&file("38.0", one)).is_ok());
    assert_eq!(
        TriageRules::from_json(&file("100.4", one)),
        Err(RulesError::Threshold(100.4))
    );
    assert_eq!(
        TriageRules::from_json(&file("38.0", &format!("{one}, {one}"))),
        Err(RulesError::Duplicate("a".into()))
    );
    assert_eq!(TriageRules::from_json(&file("38.0", "")), Err(RulesError::Empty));
    let unknown = one.replace("\"yes\"", "\"maybe\"");
    assert!(matches!(
        TriageRules::from_json(&file("38.0", &unknown)),
        Err(RulesError::Json(_))
    ));
}

#[test]
fn a_flag_is_described_by_the_answer_that_raised_it_in_the_nurse_s_language() {
    let diary = questionnaire("symptom-diary");
    let rules = rules();
    let rule = |id: &str| rules.rules.iter().find(|r| r.id == id).expect("rule").clone();
    let mut answers = calm_diary();
    answers.insert("chills".into(), Answer::Boolean(true));
    assert_eq!(
        describe(&rule("diary.chills"), &diary, &answers, &[], &[], "en", "yes", "no"),
        "Chills or shaking: yes"
    );
    assert_eq!(
        describe(&rule("diary.chills"), &diary, &answers, &[], &[], "fr", "oui", "non"),
        "Frissons ou tremblements: oui"
    );
    answers.remove("temperature_c");
    answers.insert("temperature_unit".into(), Answer::Choice("F".into()));
    answers.insert("temperature_f".into(), Answer::Decimal(101.3));
    assert_eq!(
        describe(&rule("diary.fever"), &diary, &answers, &[], &[], "en", "yes", "no"),
        "101.3 °F (38.5 °C)"
    );
    let phq9_q = questionnaire("phq-9");
    let severe = phq9([3, 3, 3, 3, 3, 3, 3, 0, 0]);
    let scores = score_all(&phq9_q, &severe);
    assert_eq!(
        describe(&rule("phq9.severe"), &phq9_q, &severe, &scores, &[], "en", "yes", "no"),
        "PHQ-9 total: 21 (severe)"
    );
    // The band and the decimal sign in the nurse's language.
    assert_eq!(
        describe(&rule("phq9.severe"), &phq9_q, &severe, &scores, &[], "fr", "oui", "non"),
        "PHQ-9 total: 21 (sévère)"
    );
    assert_eq!(
        describe(&rule("diary.fever"), &diary, &answers, &[], &[], "de", "ja", "nein"),
        "101,3 °F (38,5 °C)"
    );
    let before = score_all(&phq9_q, &phq9([1, 1, 1, 1, 0, 0, 0, 0, 0]));
    assert_eq!(
        describe(
            &rule("phq9.rise"),
            &phq9_q,
            &severe,
            &scores,
            &before,
            "en",
            "yes",
            "no"
        ),
        "PHQ-9 total: 4 → 21"
    );
}

#[test]
fn a_note_in_the_diary_and_a_positive_phq4_subscale_are_for_review() {
    let diary = questionnaire("symptom-diary");
    let mut answers = calm_diary();
    answers.insert("notes".into(), Answer::String("   ".into()));
    assert_eq!(run(&diary, &answers, &[], None).level(), None, "spaces are no note");
    answers.insert("notes".into(), Answer::String("I could not sleep and feel low".into()));
    let t = run(&diary, &answers, &[], None);
    assert_eq!(
        (rule_ids(&t), t.level(), t.advice()),
        (vec!["diary.note"], Some(Level::Review), None)
    );
    // Each PHQ-4 subscale at 3 is positive on its own, with no earlier score to rise from.
    let phq4 = questionnaire("phq-4");
    let answers = |values: [i64; 4]| -> Answers {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("phq4-{}", i + 1), Answer::Choice(v.to_string())))
            .collect()
    };
    assert_eq!(
        rule_ids(&run(&phq4, &answers([1, 2, 0, 1]), &[], None)),
        ["phq4.anxiety"]
    );
    assert_eq!(
        rule_ids(&run(&phq4, &answers([0, 1, 3, 0]), &[], None)),
        ["phq4.depression"]
    );
    assert_eq!(
        run(&phq4, &answers([1, 1, 1, 1]), &[], None).level(),
        None,
        "2 and 2: neither"
    );
}
