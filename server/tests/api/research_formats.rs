//! Checks of an export's research-ready formats, run by the tests that make the exports:
//! the syntax files read back in R and PSPP against the codebook, the REDCap files against
//! REDCap's documented rules, the FHIR file with an independent validator.
use crate::{
    helpers::*,
    research_export::{ok, vtv},
    research_ready::records,
    research_search::{csv_rows, read_dir},
};
use std::collections::BTreeMap;

/// The REDCap files pass REDCap's documented import rules (no REDCap server runs here), and
/// the data a scheduled timepoint holds there are the wide file's.
pub fn redcap_takes_the_project_and_its_data(folder: &std::path::Path, files: &BTreeMap<String, String>) {
    let checked = python_check("redcap_rules.py", folder.to_string_lossy().as_bytes());
    assert_eq!(checked["problems"], serde_json::json!([]), "{checked}");
    for event in [
        "enrolment_arm_1",
        "baseline_arm_1",
        "d28_arm_1",
        "d0_d28_arm_1",
        "unscheduled_arm_1",
    ] {
        assert!(
            checked["events"]
                .as_array()
                .is_some_and(|e| e.iter().any(|n| n == event)),
            "{event}"
        );
    }
    assert!(
        checked["by_event"]["d28_arm_1"].as_u64().is_some_and(|n| n > 10),
        "{checked}"
    );
    let data = records(&files["redcap_data.csv"]);
    let at_d28 = |rows: &[BTreeMap<String, String>], event: (&str, &str)| -> BTreeMap<String, String> {
        rows.iter()
            .filter(|r| r.get(event.0).map(String::as_str) == Some(event.1) && !r["phq9_1"].is_empty())
            .map(|r| (r["research_id"].clone(), r["phq9_1"].clone()))
            .collect()
    };
    let redcap = at_d28(&data, ("redcap_event_name", "d28_arm_1"));
    assert!(!redcap.is_empty());
    assert_eq!(redcap, at_d28(&records(&files["wide.csv"]), ("timepoint", "D28")));
}

/// On a full export (every dataset, every instrument, default k): the REDCap files pass
/// REDCap's rules, the FHIR file an independent validator, and scores alone write nothing of
/// an instrument without a score, nor any item.
pub async fn a_full_export_s_other_formats_hold(url: &str, all: &std::path::Path, files: &BTreeMap<String, String>) {
    // Every instrument, repeating forms and the diary included, as REDCap takes them.
    let redcap = python_check("redcap_rules.py", all.to_string_lossy().as_bytes());
    assert_eq!(redcap["problems"], serde_json::json!([]), "{redcap}");
    assert!(redcap["forms"].as_array().is_some_and(|f| f.len() >= 6), "{redcap}");
    // Scores alone write nothing of an instrument without a score (goals), nor any item.
    let scores_only = all.with_extension("scores-only");
    let args = [
        "export",
        "--dataset",
        "scores",
        "--format",
        "redcap,csv-wide",
        "--project",
        "All",
        "--out",
    ];
    ok(vtv(url, &[&args[..], &[scores_only.to_str().expect("path")]].concat()).await);
    let scored = read_dir(&scores_only);
    let data = csv_rows(&scored["redcap_data.csv"]);
    assert!(
        data.len() > 1 && !data[0].iter().any(|c| c == "phq9_1"),
        "no item column"
    );
    assert!(!data
        .iter()
        .any(|r| r.get(2).is_some_and(|f| f == "goals" || f == "symptom_diary")));
    assert!(!scored["wide.csv"].lines().next().unwrap_or_default().contains("phq9_1"));
    // The FHIR file passes an independent FHIR R4 validator (PyPI fhir.resources).
    let ndjson = &files["QuestionnaireResponse.ndjson"];
    let fhir = python_check("research_fhir_check.py", ndjson.as_bytes());
    assert_eq!(fhir["resources"], ndjson.lines().count(), "{fhir}");
    assert_eq!(fhir["lenient"], false, "the validator refuses a broken resource");
}

/// The codebook's labels of each file's variables: (label, codes with their labels).
type Described = BTreeMap<String, BTreeMap<String, (String, Vec<(String, String)>)>>;

fn described(codebook: &serde_json::Value) -> Described {
    let mut out = Described::new();
    for f in codebook["files"].as_array().into_iter().flatten() {
        let stem = f["file"]
            .as_str()
            .unwrap_or_default()
            .trim_end_matches(".csv")
            .to_string();
        for v in f["variables"].as_array().into_iter().flatten() {
            let values = v["values"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    (
                        c["code"].as_str().unwrap_or_default().into(),
                        c["label"].as_str().unwrap_or_default().into(),
                    )
                })
                .collect();
            let label = v["description"].as_str().unwrap_or_default().to_string();
            out.entry(stem.clone())
                .or_default()
                .insert(v["name"].as_str().unwrap_or_default().into(), (label, values));
        }
    }
    out
}

/// R and PSPP read every file with the codebook's labels, and every code found has one;
/// the Stata file passes the structural check (Stata cannot run here).
pub fn labels_match_the_codebook(folder: &std::path::Path, codebook: &serde_json::Value) {
    let seen = python_check("stats_labels.py", folder.to_string_lossy().as_bytes());
    let book = described(codebook);
    assert_eq!(book.len(), 6, "six CSV files: {:?}", book.keys());
    let mut coded = 0;
    for (stem, variables) in &book {
        for (name, (label, values)) in variables {
            let r = &seen["r"][stem][name];
            assert_eq!(r["label"], label.as_str(), "R: {stem}.{name}");
            let levels: Vec<&str> = values.iter().map(|(_, l)| l.as_str()).collect();
            assert_eq!(r["levels"], serde_json::json!(levels), "R: {stem}.{name}");
            assert_eq!(r["unlabelled"], 0, "R: a code of {stem}.{name} has no label");
            let spss = &seen["spss"]["files"][stem][name];
            // SPSS keeps 255 bytes of a label.
            let read = spss["label"].as_str().unwrap_or_default();
            assert!(
                label.starts_with(read) && read.len() >= label.len().min(250),
                "PSPP: {stem}.{name}: {read}"
            );
            let spss_values: BTreeMap<String, String> =
                serde_json::from_value(spss["values"].clone()).expect("value labels");
            assert_eq!(spss_values, values.iter().cloned().collect(), "PSPP: {stem}.{name}");
            coded += usize::from(!values.is_empty());
        }
    }
    assert!(coded > 30, "{coded} coded variables");
    assert_eq!(seen["r"]["wide"]["phq_9_week"]["class"], "integer");
    assert_eq!(seen["spss"]["warnings"], serde_json::json!([]));
    assert_eq!(seen["stata"]["problems"], serde_json::json!([]));
    let variables: usize = book.values().map(BTreeMap::len).sum();
    assert_eq!(seen["stata"]["variables_labelled"], variables);
    assert_eq!(seen["stata"]["saves"].as_array().map(Vec::len), Some(6));
}
