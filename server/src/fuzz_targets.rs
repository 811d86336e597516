//! What the coverage-guided fuzzer (`fuzz/`, cargo-fuzz) throws bytes at: each parser of
//! input from outside, from the bytes on. A panic here is a bug. The test command replays
//! the corpora in `fuzz/corpus/` through these same functions (`tests/fuzz_corpora.rs`), so
//! what the fuzzer once found stays fixed without the fuzzer installed.
use crate::services::checkins::CheckinCatalogue;
use app::{
    api::checkins::Submission,
    domain::{
        checkins::{check, fhir, score_all},
        triage::{triage, Response},
    },
};
use std::sync::OnceLock;

/// An admin's FHIR Questionnaire file, as the importer reads it.
pub fn questionnaire_import(data: &[u8]) {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Ok(questionnaire) = fhir::import(&json) {
        // What was accepted must take an empty submission without panicking.
        let _ = check(&questionnaire, &Default::default());
    }
}

/// A journeys catalogue file (TOML), as loaded at start.
pub fn journeys_catalogue(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::journeys::parse("fuzz input", text);
    }
}

/// A manufacturing webhook: the signature headers and the body, as four fields separated
/// by NUL bytes (id, timestamp, signatures, body); the signature check, then the payload.
pub fn webhook_event(data: &[u8]) {
    let mut fields = data.splitn(4, |b| *b == 0);
    let (Some(id), Some(timestamp), Some(signatures)) = (fields.next(), fields.next(), fields.next()) else {
        return;
    };
    let body = fields.next().unwrap_or_default();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let _ = crate::webhook_signatures::verify(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        &text(id),
        &text(timestamp),
        &text(signatures),
        body,
        1_800_000_000,
    );
    let _ = crate::http::webhook::parse(body);
}

/// A check-in submission (the JSON the server function takes): read, checked item by item
/// against its built-in questionnaire, and when valid scored and triaged.
pub fn checkin_submission(data: &[u8]) {
    static CATALOGUE: OnceLock<Option<CheckinCatalogue>> = OnceLock::new();
    let Some(catalogue) = CATALOGUE.get_or_init(|| CheckinCatalogue::builtin().ok()) else {
        return;
    };
    let Ok(submission) = serde_json::from_slice::<Submission>(data) else {
        return;
    };
    let Some(questionnaire) = catalogue.questionnaire(submission.questionnaire.trim()) else {
        return;
    };
    if !check(questionnaire, &submission.answers).is_empty() {
        return;
    }
    let scores = score_all(questionnaire, &submission.answers);
    let response = Response {
        questionnaire,
        answers: &submission.answers,
        scores: &scores,
        previous: &[],
        fever_threshold_c: None,
    };
    let _ = triage(&catalogue.rules, &response);
}
