//! The questionnaires that ship with the app: free to use, with their attribution. Licensed
//! instruments (PROMIS, EORTC QLQ-C30, FACT-G, EQ-5D, PRO-CTCAE) are not shipped; a centre
//! that holds a licence imports them as FHIR Questionnaire JSON.
use super::{fhir, Answer, Answers, ImportError, Questionnaire};

pub const PHQ9: &str = include_str!("../../../questionnaires/phq9.json");
pub const GAD7: &str = include_str!("../../../questionnaires/gad7.json");
pub const PHQ4: &str = include_str!("../../../questionnaires/phq4.json");
/// Our own forms: the signs patients are told to report at once, and what a caregiver sees.
pub const SYMPTOM_DIARY: &str = include_str!("../../../questionnaires/symptom-diary.json");
pub const CAREGIVER_OBSERVATION: &str = include_str!("../../../questionnaires/caregiver-observation.json");
pub const GOALS: &str = include_str!("../../../questionnaires/goals.json");

/// The diary's yes/no items: each a sign patients are told to report at once.
pub const DIARY_SIGNS: [&str; 10] = [
    "chills",
    "breathless",
    "dizzy",
    "racing_heart",
    "confused",
    "speech",
    "sleepy",
    "tremor",
    "seizure",
    "vomiting",
];

/// The diary's short name, as links and submissions call it.
pub const DIARY: &str = "symptom-diary";

/// "None of these today", in one tap: every diary sign not answered "yes" becomes "no". A
/// "yes" already given stays: a tap meant to save effort must never clear a red flag. The
/// temperature is left as it is, so the form still asks for it.
pub fn none_of_the_signs(answers: &Answers) -> Answers {
    let mut out = answers.clone();
    for sign in DIARY_SIGNS {
        if out.get(sign) != Some(&Answer::Boolean(true)) {
            out.insert(sign.to_string(), Answer::Boolean(false));
        }
    }
    out
}

/// Every built-in questionnaire, read and checked like an imported one.
pub fn all() -> Result<Vec<Questionnaire>, Vec<ImportError>> {
    [PHQ9, GAD7, PHQ4, SYMPTOM_DIARY, CAREGIVER_OBSERVATION, GOALS]
        .into_iter()
        .map(|text| {
            let json = serde_json::from_str(text).map_err(|e| {
                vec![ImportError {
                    item: None,
                    problem: format!("not JSON: {e}"),
                }]
            })?;
            fhir::import(&json)
        })
        .collect()
}
