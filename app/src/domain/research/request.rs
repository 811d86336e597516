//! What a researcher asks for: which datasets, in which formats, for which patients. Parsed
//! once at the boundary (the export page, the API and the command line share it).
use crate::domain::validation::{FieldProblem, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    /// One row per scale scored in a check-in.
    Scores,
    /// One row per answer to a questionnaire item (the symptom diary apart).
    Items,
    /// One row per answer in the symptom diary.
    Diary,
    /// One row per flag triage raised, with the time the care team took to acknowledge it.
    Flags,
    /// One row per treatment: apheresis to release, vein-to-vein, delays.
    Journeys,
}

impl Dataset {
    pub const ALL: [Dataset; 5] = [
        Dataset::Scores,
        Dataset::Items,
        Dataset::Diary,
        Dataset::Flags,
        Dataset::Journeys,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Scores => "scores",
            Dataset::Items => "items",
            Dataset::Diary => "diary",
            Dataset::Flags => "flags",
            Dataset::Journeys => "journeys",
        }
    }

    pub fn parse(raw: &str) -> Option<Dataset> {
        Dataset::ALL.into_iter().find(|d| d.as_str() == raw.trim())
    }

    /// Whether the dataset is made of questionnaire responses (and so has a FHIR form).
    pub fn is_responses(self) -> bool {
        matches!(self, Dataset::Items | Dataset::Diary)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Long format, UTF-8, RFC 4180.
    Csv,
    /// FHIR R4 QuestionnaireResponse resources, one per line, as Bulk Data writes them.
    FhirNdjson,
    /// One row per research id and timepoint of the scheduled instruments (`wide`).
    Wide,
    /// Syntax files that read the CSV files into R, Stata and SPSS, labelled (`stats_syntax`).
    Labels,
    /// A longitudinal REDCap project: data dictionary, events and data to import (`redcap`).
    Redcap,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::FhirNdjson,
        Format::Wide,
        Format::Labels,
        Format::Redcap,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::FhirNdjson => "fhir-ndjson",
            Format::Wide => "csv-wide",
            Format::Labels => "stats-labels",
            Format::Redcap => "redcap",
        }
    }

    /// Whether the format writes a file for these datasets (beside the codebook).
    pub fn writes_for(self, datasets: &BTreeSet<Dataset>) -> bool {
        match self {
            Format::Csv | Format::Redcap => true,
            Format::FhirNdjson => datasets.iter().any(|d| d.is_responses()),
            Format::Wide => datasets.contains(&Dataset::Items) || datasets.contains(&Dataset::Scores),
            // Labels for the CSV files: only with them (checked by `parse`).
            Format::Labels => false,
        }
    }

    pub fn parse(raw: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == raw.trim())
    }
}

/// As typed into the export form (or given on the command line). Unchecked boxes send
/// nothing, so every field may be missing. There are no filters: the project's approved
/// cohort is the cohort.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportForm {
    pub datasets: Vec<String>,
    pub formats: Vec<String>,
    /// The approved project's id.
    pub project: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    pub datasets: BTreeSet<Dataset>,
    pub formats: BTreeSet<Format>,
    pub project_id: i64,
}

impl ExportRequest {
    /// Whether the export writes the items of an instrument's answers: the diary's with the
    /// diary, every other's with the items.
    pub fn writes_items_of(&self, instrument: &str) -> bool {
        let diary = instrument == crate::domain::checkins::builtin::DIARY;
        self.datasets
            .contains(if diary { &Dataset::Diary } else { &Dataset::Items })
    }

    /// Whether the export writes a response at all (its time, version and reporter with its
    /// items or scores): what the k check weighs for these datasets, flags apart
    /// (`storage::research_time::released_by`).
    pub fn writes_response(&self, instrument: &str, scored: bool) -> bool {
        self.writes_items_of(instrument) || (scored && self.datasets.contains(&Dataset::Scores))
    }
}

pub const PROJECT_NAME_MAX: usize = 80;

/// Every problem at once. Whether the project exists, is the researcher's, is still open
/// and allows these datasets is the server's to check.
pub fn parse(form: &ExportForm) -> Result<ExportRequest, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut pick = |field: &str, raw: &[String], parse: &dyn Fn(&str) -> bool| {
        if raw.is_empty() {
            problems.push(FieldProblem::new(field, Problem::Required));
        } else if !raw.iter().all(|r| parse(r)) {
            problems.push(FieldProblem::new(field, Problem::ChoiceInvalid));
        }
    };
    pick("datasets", &form.datasets, &|r| Dataset::parse(r).is_some());
    pick("formats", &form.formats, &|r| Format::parse(r).is_some());
    let datasets: BTreeSet<Dataset> = form.datasets.iter().filter_map(|d| Dataset::parse(d)).collect();
    let formats: BTreeSet<Format> = form.formats.iter().filter_map(|f| Format::parse(f)).collect();
    if formats.contains(&Format::Labels) && !formats.contains(&Format::Csv) && !formats.contains(&Format::Wide) {
        problems.push(FieldProblem::new("formats", Problem::LabelsNeedCsv));
    }
    // Formats that would write nothing but the codebook are refused, naming the first.
    if !datasets.is_empty() && !formats.iter().any(|f| f.writes_for(&datasets)) {
        match formats.iter().next() {
            Some(Format::FhirNdjson) => problems.push(FieldProblem::new("formats", Problem::FhirNeedsAnswers)),
            Some(Format::Wide) => problems.push(FieldProblem::new("formats", Problem::WideNeedsAnswers)),
            // Labels alone has its own problem, above.
            _ => {}
        }
    }
    let project_id = match form.project.trim() {
        "" => {
            problems.push(FieldProblem::new("project", Problem::Required));
            0
        }
        text => match text.parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => {
                problems.push(FieldProblem::new("project", Problem::ChoiceInvalid));
                0
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ExportRequest {
        datasets,
        formats,
        project_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ExportForm {
        ExportForm {
            datasets: vec!["scores".into(), "items".into()],
            formats: vec!["csv".into()],
            project: "3".into(),
        }
    }

    #[test]
    fn a_plain_request_parses() {
        let request = parse(&form()).unwrap();
        assert_eq!(request.datasets, BTreeSet::from([Dataset::Scores, Dataset::Items]));
        assert_eq!(request.formats, BTreeSet::from([Format::Csv]));
        assert_eq!(request.project_id, 3);
    }

    #[test]
    fn fhir_alone_needs_a_dataset_of_answers() {
        let scores_only = ExportForm {
            datasets: vec!["scores".into()],
            formats: vec!["fhir-ndjson".into()],
            ..form()
        };
        assert_eq!(parse(&scores_only).unwrap_err()[0].problem, Problem::FhirNeedsAnswers);
        let with_items = ExportForm {
            datasets: vec!["scores".into(), "items".into()],
            ..scores_only.clone()
        };
        assert!(parse(&with_items).is_ok());
        let with_csv = ExportForm {
            formats: vec!["fhir-ndjson".into(), "csv".into()],
            ..scores_only
        };
        assert!(parse(&with_csv).is_ok());
    }

    #[test]
    fn the_wide_format_needs_answers_or_scores() {
        let journeys = ExportForm {
            datasets: vec!["journeys".into()],
            formats: vec!["csv-wide".into()],
            ..form()
        };
        assert_eq!(parse(&journeys).unwrap_err()[0].problem, Problem::WideNeedsAnswers);
        let both = ExportForm {
            formats: vec!["csv-wide".into(), "fhir-ndjson".into()],
            ..journeys.clone()
        };
        assert_eq!(parse(&both).unwrap_err()[0].problem, Problem::FhirNeedsAnswers);
        for datasets in [["scores"], ["items"]] {
            let with = ExportForm {
                datasets: datasets.iter().map(|d| d.to_string()).collect(),
                ..journeys.clone()
            };
            assert_eq!(parse(&with).map(|r| r.formats), Ok(BTreeSet::from([Format::Wide])));
        }
    }

    #[test]
    fn a_response_is_written_only_by_a_dataset_that_holds_it() {
        let request = |datasets: &[Dataset]| ExportRequest {
            datasets: datasets.iter().copied().collect(),
            formats: BTreeSet::from([Format::Redcap]),
            project_id: 1,
        };
        let scores = request(&[Dataset::Scores]);
        assert!(scores.writes_response("phq-9", true) && !scores.writes_items_of("phq-9"));
        assert!(!scores.writes_response("goals", false), "no scale: nothing of it");
        let diary = request(&[Dataset::Scores, Dataset::Diary]);
        assert!(diary.writes_items_of("symptom-diary") && !diary.writes_items_of("phq-9"));
        let items = request(&[Dataset::Items]);
        assert!(items.writes_response("goals", false) && !items.writes_items_of("symptom-diary"));
    }

    #[test]
    fn labels_come_with_csv_files() {
        let alone = ExportForm {
            formats: vec!["stats-labels".into()],
            ..form()
        };
        assert_eq!(parse(&alone).unwrap_err()[0].problem, Problem::LabelsNeedCsv);
        for with in ["csv", "csv-wide"] {
            let both = ExportForm {
                formats: vec!["stats-labels".into(), with.into()],
                ..form()
            };
            assert!(parse(&both).is_ok(), "{with}");
        }
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let bad = ExportForm {
            datasets: vec![],
            formats: vec!["xlsx".into()],
            project: "first".into(),
        };
        let fields: Vec<(String, Problem)> = parse(&bad)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("datasets".into(), Problem::Required),
                ("formats".into(), Problem::ChoiceInvalid),
                ("project".into(), Problem::ChoiceInvalid),
            ]
        );
        let none = ExportForm {
            project: " ".into(),
            ..form()
        };
        assert_eq!(parse(&none).unwrap_err()[0].problem, Problem::Required);
    }
}
