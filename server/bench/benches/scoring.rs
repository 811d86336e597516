//! Scoring and triage of one response (target ≤ 20 µs), beside a reference measured in the
//! same run: cloning the response's answers, which any handler does anyway.
//!
//! Run: `cargo bench -p vtv-bench --bench scoring`.
use app::domain::checkins::{builtin, check, score_all, Answer, Answers, Questionnaire};
use app::domain::triage::{triage, Response, TriageRules};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn questionnaire(name: &str) -> Questionnaire {
    builtin::all()
        .expect("built-ins are valid")
        .into_iter()
        .find(|q| q.id.ends_with(&format!("/{name}")))
        .expect("built in")
}

/// Check, score and triage: everything the server does with a response before storing it.
fn full(rules: &TriageRules, q: &Questionnaire, answers: &Answers, previous: &[app::domain::checkins::Score]) -> usize {
    let problems = check(q, answers);
    let scores = score_all(q, answers);
    let outcome = triage(
        rules,
        &Response {
            questionnaire: q,
            answers,
            scores: &scores,
            previous,
            fever_threshold_c: Some(38.0),
        },
    );
    problems.len() + scores.len() + outcome.flags.len()
}

fn bench(c: &mut Criterion) {
    let rules = TriageRules::builtin().expect("rules");
    let phq9 = questionnaire("phq-9");
    let answers: Answers = (1..=9)
        .map(|i| (format!("phq9-{i}"), Answer::Choice((i % 4).to_string())))
        .chain([("phq9-difficulty".to_string(), Answer::Choice("1".into()))])
        .collect();
    let previous = score_all(&phq9, &Answers::new());
    let diary = questionnaire("symptom-diary");
    let mut day: Answers = app::domain::checkins::builtin::DIARY_SIGNS
        .into_iter()
        .map(|i| (i.to_string(), Answer::Boolean(false)))
        .collect();
    day.insert("temperature_unit".into(), Answer::Choice("F".into()));
    day.insert("temperature_f".into(), Answer::Decimal(100.9));
    day.insert("notes".into(), Answer::String("Felt warm after lunch.".into()));
    assert!(full(&rules, &phq9, &answers, &previous) > 0);
    c.bench_function("PHQ-9: check, score and triage", |b| {
        b.iter(|| black_box(full(&rules, black_box(&phq9), black_box(&answers), &previous)))
    });
    c.bench_function("symptom diary: check, score and triage", |b| {
        b.iter(|| black_box(full(&rules, black_box(&diary), black_box(&day), &[])))
    });
    c.bench_function("reference: clone the PHQ-9 answers", |b| {
        b.iter(|| black_box(black_box(&answers).clone()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
