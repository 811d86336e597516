//! The fuzzer's seeds and corpora (`fuzz/seeds/`, `fuzz/corpus/`), replayed through the same targets without the
//! fuzzer: every input it kept (the seeds, and what it found covering new code) must go
//! through the parsers without a panic. A crash the fuzzer finds is added here as a file,
//! and stays fixed.
use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut inputs = 0;
    for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
        let path = entry.expect("a corpus entry").path();
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        run(&data);
        inputs += 1;
    }
    assert!(inputs >= 2, "{target}: the corpus has {inputs} inputs");
}

#[test]
fn the_questionnaire_importer_takes_its_corpus() {
    replay("questionnaire_import", server::fuzz_targets::questionnaire_import);
}

#[test]
fn the_journeys_catalogue_loader_takes_its_corpus() {
    replay("journeys_catalogue", server::fuzz_targets::journeys_catalogue);
}

#[test]
fn webhook_parsing_takes_its_corpus() {
    replay("webhook_event", server::fuzz_targets::webhook_event);
}

#[test]
fn the_checkin_validator_takes_its_corpus() {
    replay("checkin_submission", server::fuzz_targets::checkin_submission);
}
