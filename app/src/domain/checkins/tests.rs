//! Hand-worked examples: every total below was added up by hand from the answers.
use super::*;
use serde_json::json;

fn builtin(name: &str) -> Questionnaire {
    builtin::all()
        .expect("the built-in questionnaires are valid")
        .into_iter()
        .find(|q| q.id.ends_with(name))
        .expect("built in")
}

/// Answers by linkId prefix and position: `choices("phq9", &[1, 1, 0])` answers items 1–3.
fn choices(prefix: &str, values: &[Option<i64>]) -> Answers {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (format!("{prefix}-{}", i + 1), Answer::Choice(v.to_string()))))
        .collect()
}

fn all(values: &[i64]) -> Vec<Option<i64>> {
    values.iter().copied().map(Some).collect()
}

fn total(q: &Questionnaire, scale: &str, answers: &Answers) -> Score {
    score_all(q, answers)
        .into_iter()
        .find(|s| s.scale == scale)
        .expect("scale")
}

#[test]
fn phq9_totals_and_bands_match_hand_worked_examples() {
    let q = builtin("phq-9");
    // 9 × "several days" = 9: mild, under the screening cut-off of 10.
    let s = total(&q, "total", &choices("phq9", &all(&[1; 9])));
    assert_eq!(
        (s.total, s.band.as_deref(), s.positive),
        (Some(9), Some("mild"), Some(false))
    );
    // 3+3+3+3+3+2+2+1+0 = 20: severe.
    let s = total(&q, "total", &choices("phq9", &all(&[3, 3, 3, 3, 3, 2, 2, 1, 0])));
    assert_eq!(
        (s.total, s.band.as_deref(), s.positive),
        (Some(20), Some("severe"), Some(true))
    );
    // Band edges: 4 minimal, 5 mild, 14 moderate, 15 moderately severe, 27 severe.
    for (answers, band) in [
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], "minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], "mild"),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], "moderate"),
        ([3, 3, 3, 3, 3, 0, 0, 0, 0], "moderately_severe"),
        ([3; 9], "severe"),
    ] {
        let s = total(&q, "total", &choices("phq9", &all(&answers)));
        assert_eq!(s.band.as_deref(), Some(band), "{answers:?} → {:?}", s.total);
    }
}

#[test]
fn one_missing_item_is_prorated_and_two_are_not_scored() {
    let q = builtin("phq-9");
    // Item 5 missing; the other eight add up to 15: 15 × 9 / 8 = 16.875 → 17.
    let answers = choices(
        "phq9",
        &[
            Some(2),
            Some(2),
            Some(2),
            Some(2),
            None,
            Some(2),
            Some(2),
            Some(2),
            Some(1),
        ],
    );
    let s = total(&q, "total", &answers);
    assert_eq!(
        (s.total, s.missing, s.band.as_deref()),
        (Some(17), 1, Some("moderately_severe"))
    );
    // Half rounds up: 4 over eight answered items is 4.5 → 5.
    let answers = choices(
        "phq9",
        &[
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            None,
            Some(0),
            Some(0),
            Some(0),
            Some(0),
        ],
    );
    assert_eq!(total(&q, "total", &answers).total, Some(5));
    // Two missing: no score, and it says so.
    let answers = choices(
        "phq9",
        &[
            Some(3),
            Some(3),
            None,
            None,
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
        ],
    );
    let s = total(&q, "total", &answers);
    assert_eq!((s.total, s.band, s.positive, s.missing), (None, None, None, 2));
}

#[test]
fn gad7_bands_match_hand_worked_examples() {
    let q = builtin("gad-7");
    for (answers, sum, band) in [
        ([1, 1, 1, 1, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),
        ([2, 2, 2, 2, 2, 0, 0], 10, "moderate"),
        ([3, 3, 3, 3, 3, 0, 0], 15, "severe"),
        ([3; 7], 21, "severe"),
    ] {
        let s = total(&q, "total", &choices("gad7", &all(&answers)));
        assert_eq!((s.total, s.band.as_deref()), (Some(sum), Some(band)), "{answers:?}");
    }
}

#[test]
fn phq4_subscales_are_positive_at_three() {
    let q = builtin("phq-4");
    // Anxiety 2+1 = 3 (positive); depression 0+1 = 1; total 4 (mild).
    let answers = choices("phq4", &all(&[2, 1, 0, 1]));
    let s = total(&q, "total", &answers);
    assert_eq!((s.total, s.band.as_deref()), (Some(4), Some("mild")));
    assert_eq!(total(&q, "anxiety", &answers).positive, Some(true));
    assert_eq!(total(&q, "depression", &answers).positive, Some(false));
    // No missing item is allowed on PHQ-4.
    let answers = choices("phq4", &[Some(3), Some(3), Some(3), None]);
    assert_eq!(total(&q, "total", &answers).total, None);
    assert_eq!(total(&q, "anxiety", &answers).total, Some(6));
    assert_eq!(total(&q, "depression", &answers).total, None);
}

#[test]
fn answers_are_checked_item_by_item() {
    let q = builtin("phq-9");
    let mut answers = choices("phq9", &all(&[0; 9]));
    assert_eq!(check(&q, &answers), vec![]);
    // "An answer of 7" to a 0–3 item, an unknown item, a wrong type, a missing required one.
    answers.insert("phq9-1".into(), Answer::Choice("7".into()));
    answers.insert("phq9-2".into(), Answer::Integer(1));
    answers.remove("phq9-3");
    answers.insert("phq9-99".into(), Answer::Choice("1".into()));
    let kinds: Vec<(String, AnswerProblemKind)> =
        check(&q, &answers).into_iter().map(|p| (p.link_id, p.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            ("phq9-99".into(), AnswerProblemKind::Unknown),
            ("phq9-1".into(), AnswerProblemKind::NotAnOption),
            ("phq9-2".into(), AnswerProblemKind::WrongType),
            ("phq9-3".into(), AnswerProblemKind::Required),
        ]
    );
}

#[test]
fn the_difficulty_question_shows_only_after_a_problem_is_reported() {
    let q = builtin("phq-9");
    let mut answers = choices("phq9", &all(&[0; 9]));
    assert!(!enabled(&q, "phq9-difficulty", &answers));
    answers.insert("phq9-difficulty".into(), Answer::Choice("1".into()));
    assert_eq!(
        check(&q, &answers),
        vec![AnswerProblem {
            link_id: "phq9-difficulty".into(),
            kind: AnswerProblemKind::NotEnabled
        }]
    );
    // What a form sends drops the answer to the hidden question.
    assert_eq!(check(&q, &shown_only(&q, &answers)), vec![]);
    assert!(!shown_only(&q, &answers).contains_key("phq9-difficulty"));
    answers.insert("phq9-4".into(), Answer::Choice("2".into()));
    assert!(enabled(&q, "phq9-difficulty", &answers));
    assert_eq!(check(&q, &answers), vec![]);
    assert_eq!(shown_only(&q, &answers), answers);
}

fn diary() -> serde_json::Value {
    json!({
        "resourceType": "Questionnaire", "name": "mini-diary", "version": "2",
        "item": [
            { "linkId": "temperature", "text": "Temperature", "type": "decimal", "required": true,
              "extension": [
                { "url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueDecimal": 34.0 },
                { "url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueDecimal": 43.0 },
                { "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
                  "valueCoding": { "system": "http://unitsofmeasure.org", "code": "Cel", "display": "°C" } } ] },
            { "linkId": "chills", "text": "Chills?", "type": "boolean" },
            { "linkId": "details", "text": "Tell us more", "type": "group",
              "enableWhen": [ { "question": "temperature", "operator": ">=", "answerDecimal": 38.0 } ],
              "item": [ { "linkId": "since", "text": "Since when?", "type": "string", "maxLength": 20, "required": true } ] }
        ]
    })
}

#[test]
fn decimal_bounds_units_groups_and_conditions_are_read_and_enforced() {
    let q = import(&diary()).expect("valid");
    let temperature = q.item("temperature").expect("item");
    assert_eq!(
        temperature.kind,
        ItemKind::Decimal(Bounds {
            min: Some(34.0),
            max: Some(43.0),
            unit: Some("°C".into())
        })
    );
    let with = |t: f64| Answers::from([("temperature".to_string(), Answer::Decimal(t))]);
    // 55 °C is a typo, not a fever: refused with the reason.
    assert_eq!(check(&q, &with(55.0))[0].kind, AnswerProblemKind::AboveMaximum);
    assert_eq!(check(&q, &with(f64::NAN))[0].kind, AnswerProblemKind::WrongType);
    assert_eq!(check(&q, &with(37.2)), vec![]);
    // At 38.4 the group opens, and its required question with it.
    assert!(enabled(&q, "since", &with(38.4)) && !enabled(&q, "since", &with(37.9)));
    assert_eq!(check(&q, &with(38.4))[0].kind, AnswerProblemKind::Required);
    let mut answers = with(38.4);
    answers.insert("since".into(), Answer::String("this morning, about six".into()));
    assert_eq!(check(&q, &answers)[0].kind, AnswerProblemKind::TooLong);
}

#[test]
fn a_bad_questionnaire_gets_an_error_naming_each_bad_item() {
    let mut bad = diary();
    bad["item"][1]["enableWhen"] = json!([{ "question": "nope", "operator": "exists", "answerBoolean": true }]);
    bad["item"].as_array_mut().expect("items").extend([
        json!({ "linkId": "chills", "text": "Again", "type": "boolean" }),
        json!({ "linkId": "colour", "text": "Colour", "type": "attachment" }),
        json!({ "linkId": "mood", "text": "Mood", "type": "choice" }),
        json!({ "linkId": "weight", "type": "integer", "extension": [
            { "url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 200 },
            { "url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 20 } ] }),
    ]);
    bad["extension"] = json!([{ "url": fhir::SCALE, "extension": [
        { "url": "id", "valueString": "sum" }, { "url": "item", "valueString": "chills" },
        { "url": "band", "valueString": "0-1 low" }, { "url": "band", "valueString": "3-4 high" } ] }]);
    let errors: Vec<String> = import(&bad)
        .expect_err("invalid")
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "item 'chills': enableWhen refers to 'nope', which is not an item",
        "item 'chills': linkId is used twice",
        "item 'colour': type 'attachment' is not supported",
        "item 'mood': is a choice with no answerOption",
        "item 'weight': minValue is above maxValue",
        "scale 'sum': bands must follow each other without gaps",
        "item 'chills': scale 'sum' counts it, but it is not a choice",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "missing {expected:?} in {errors:#?}"
        );
    }
    let mut no_version = diary();
    no_version.as_object_mut().expect("object").remove("version");
    assert!(import(&no_version).expect_err("invalid")[0].problem.contains("version"));
}

#[test]
fn our_own_forms_read_in_every_language_of_the_app() {
    for name in ["symptom-diary", "caregiver-observation", "goals"] {
        let q = builtin(name);
        let mut texts = vec![&q.title];
        for item in q.all_items() {
            texts.push(&item.text);
            if let ItemKind::Choice(options) = &item.kind {
                texts.extend(options.iter().map(|o| &o.display));
            }
        }
        for text in texts {
            for lang in ["fr", "nl", "de"] {
                assert!(
                    text.translations.contains_key(lang),
                    "{name}: '{}' has no {lang}",
                    text.default
                );
            }
        }
    }
    let diary = builtin("symptom-diary");
    let chills = &diary.item("chills").expect("item").text;
    assert_eq!(
        (
            chills.in_language("en"),
            chills.in_language("fr"),
            chills.in_language("de")
        ),
        (
            "Chills or shaking",
            "Frissons ou tremblements",
            "Schüttelfrost oder Zittern"
        )
    );
    // PHQ-9, GAD-7 and PHQ-4 must use their official translations, which are not shipped
    // yet: they read in English everywhere rather than in a translation of our own.
    let phq9 = builtin("phq-9");
    let first = &phq9.item("phq9-1").expect("item").text;
    assert_eq!(first.in_language("fr"), "Little interest or pleasure in doing things");
    // …and the patient is told so, while the diary speaks every language.
    assert!(phq9.speaks("en") && !phq9.speaks("fr") && !phq9.speaks("nl"));
    assert!(["en", "fr", "nl", "de"].iter().all(|lang| diary.speaks(lang)));
}

#[test]
fn the_diary_signs_are_exactly_the_diary_s_yes_no_items() {
    let diary = builtin("symptom-diary");
    let booleans: Vec<&str> = diary
        .all_items()
        .into_iter()
        .filter(|i| i.kind == ItemKind::Boolean)
        .map(|i| i.link_id.as_str())
        .collect();
    assert_eq!(booleans, builtin::DIARY_SIGNS);
}

#[test]
fn none_of_these_today_answers_no_to_every_sign_but_keeps_a_yes_and_the_temperature() {
    let mut answers = Answers::new();
    answers.insert("confused".into(), Answer::Boolean(true));
    answers.insert("chills".into(), Answer::Boolean(false));
    answers.insert("temperature_c".into(), Answer::Decimal(38.4));
    let after = builtin::none_of_the_signs(&answers);
    assert_eq!(after.get("confused"), Some(&Answer::Boolean(true)));
    assert_eq!(after.get("temperature_c"), Some(&Answer::Decimal(38.4)));
    for sign in builtin::DIARY_SIGNS.iter().filter(|s| **s != "confused") {
        assert_eq!(after.get(*sign), Some(&Answer::Boolean(false)), "{sign}");
    }
    // Without a temperature the diary is still incomplete: the tap does not answer it.
    let diary = builtin(builtin::DIARY);
    let tapped = builtin::none_of_the_signs(&Answers::new());
    let problems = check(&diary, &tapped);
    assert!(problems
        .iter()
        .any(|p| p.link_id == "temperature_unit" && p.kind == AnswerProblemKind::Required));
    assert!(problems
        .iter()
        .all(|p| !builtin::DIARY_SIGNS.contains(&p.link_id.as_str())));
}
