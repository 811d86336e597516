//! An export as a longitudinal REDCap project: a data dictionary, its events, which
//! instruments each event holds, which repeat, and the data to import, following REDCap's
//! documented import rules (REDCap 15.7; see the README). The rule:
//!
//! - **Arm 1, events:** `enrolment` (the patient's record and their treatments), then one
//!   event per timepoint (`checkins::timepoint`), named as REDCap names it: the timepoint
//!   with `-` as a space, lowercase, spaces as `_`, then `_arm_1` (`D0-D28` is
//!   `d0_d28_arm_1`). Timepoints are at most 18 characters: REDCap keeps that many.
//! - **Instruments:** `patient` (its first field the record id, `research_id`), `journey`
//!   (repeating in `enrolment`, one instance per treatment), `flag` (repeating in every
//!   timepoint) and one per questionnaire, held by every timepoint: once where the schedule
//!   asks for it there (PHQ-9 at D28), repeating elsewhere (the diary in `D0-D28`, any
//!   instrument when `unscheduled`).
//! - **Fields:** named as the wide file names them (`variable_names`); numbers are text
//!   validated as `integer` or `number`; yes/no are `yesno` (written 1 and 0); codes with a
//!   label each, all of them codes REDCap takes (`[A-Za-z0-9._-]`), a `dropdown`; anything
//!   else text.
use super::{
    labelled_files::{LabelledFile, Measure, Variable},
    variable_names::{plain, Namer, MAX_LEN},
    wide::{Cell, WideLayout},
};
use crate::domain::checkins::CheckinSchedule;
use std::collections::{BTreeMap, BTreeSet};

pub const ENROLMENT: &str = "enrolment_arm_1";
pub const DICTIONARY_HEADER: [&str; 18] = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
];
/// The columns every data row begins with.
pub const DATA_FIXED: [&str; 4] = [
    "research_id",
    "redcap_event_name",
    "redcap_repeat_instrument",
    "redcap_repeat_instance",
];

/// The event a timepoint becomes: its label and REDCap's unique name for it.
pub fn event_of(timepoint: &str) -> (String, String) {
    let label = timepoint.replace('-', " ");
    let unique: String = label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .map(|c| if c == ' ' { '_' } else { c.to_ascii_lowercase() })
        .take(18)
        .collect();
    (label, format!("{}_arm_1", unique.trim_matches('_')))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub form: String,
    pub kind: &'static str,
    pub label: String,
    /// `code, label | code, label` for a dropdown.
    pub choices: String,
    pub validation: &'static str,
}

impl Field {
    /// As REDCap takes the value: yes/no as 1/0, the rest as written.
    pub fn value(&self, written: &str) -> String {
        match (self.kind, written) {
            ("yesno", "true") => "1".into(),
            ("yesno", "false") => "0".into(),
            _ => written.to_string(),
        }
    }
}

fn redcap_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

fn field(name: String, form: &str, v: &Variable) -> Field {
    let yes_no = v.values.len() == 2 && v.values.iter().all(|(c, _)| c == "true" || c == "false");
    let codes: BTreeSet<&str> = v.values.iter().map(|(c, _)| c.as_str()).collect();
    let dropdown = !v.values.is_empty() && codes.len() == v.values.len() && codes.iter().all(|c| redcap_code(c));
    let (kind, validation) = match v.measure {
        Measure::Integer => ("text", "integer"),
        Measure::Decimal => ("text", "number"),
        Measure::Text if yes_no => ("yesno", ""),
        Measure::Text if dropdown => ("dropdown", ""),
        Measure::Text => ("text", ""),
    };
    let choices = if kind == "dropdown" {
        v.values
            .iter()
            .map(|(c, l)| format!("{c}, {}", l.replace('|', "/")))
            .collect::<Vec<_>>()
            .join(" | ")
    } else {
        String::new()
    };
    Field {
        name,
        form: form.to_string(),
        kind,
        label: v.label.replace(['\r', '\n'], " "),
        choices,
        validation,
    }
}

/// A questionnaire's form name.
pub fn form_of(instrument: &str) -> String {
    plain(instrument)
        .chars()
        .take(50)
        .collect::<String>()
        .trim_end_matches('_')
        .to_string()
}

/// The REDCap project an export becomes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    pub fields: Vec<Field>,
    /// (label, unique name), in order.
    pub events: Vec<(String, String)>,
    /// (unique event name, form), each once.
    pub designations: Vec<(String, String)>,
    /// (unique event name, form) where the form repeats.
    pub repeating: BTreeSet<(String, String)>,
    /// The wide layout's column of each questionnaire field: (instrument, cell) → field.
    pub answers: BTreeMap<(String, Cell), String>,
    /// Each patients, journeys and flags column → its field.
    pub columns: BTreeMap<(String, String), String>,
    /// (instrument, timepoint) asked for once.
    pub scheduled: BTreeSet<(String, String)>,
}

/// The forms of fixed files: which file, its form, and the fields its columns become (the
/// record id and the time columns of flags left out: the row and event carry them).
const FIXED_FORMS: [(&str, &str, &str); 3] = [
    ("patients.csv", "patient", ""),
    ("journeys.csv", "journey", "journey"),
    ("flags.csv", "flag", "flag"),
];

impl Project {
    /// `files`: the export's labelled CSV files (patients, journeys and flags are read);
    /// `answers`: every instrument's columns, laid out as the wide file lays them.
    pub fn of(
        files: &[LabelledFile],
        answers: &WideLayout,
        schedule: &CheckinSchedule,
        timepoints: &[String],
    ) -> Project {
        let mut p = Project {
            scheduled: schedule.scheduled_timepoints().into_iter().collect(),
            ..Project::default()
        };
        let mut namer = Namer::without(&["research_id"]);
        p.fields.push(Field {
            name: "research_id".into(),
            form: "patient".into(),
            kind: "text",
            label: "Research id".into(),
            choices: String::new(),
            validation: "",
        });
        for (file, form, prefix) in FIXED_FORMS {
            let Some(f) = files.iter().find(|f| f.file == file) else {
                continue;
            };
            for v in f
                .variables
                .iter()
                .filter(|v| !matches!(v.name.as_str(), "research_id" | "timepoint"))
            {
                let wanted = if prefix.is_empty() {
                    v.name.clone()
                } else {
                    fixed_name(prefix, &v.name)
                };
                let name = namer.unique(wanted);
                p.columns.insert((file.to_string(), v.name.clone()), name.clone());
                p.fields.push(field(name, form, v));
            }
        }
        for c in &answers.columns {
            let v = Variable {
                name: c.name.clone(),
                measure: match c.kind {
                    "integer" => Measure::Integer,
                    "decimal" => Measure::Decimal,
                    _ => Measure::Text,
                },
                label: c.describe().2,
                values: c.values.clone(),
            };
            let name = namer.unique(c.name.clone());
            p.answers.insert((c.instrument.clone(), c.cell.clone()), name.clone());
            p.fields.push(field(name, &form_of(&c.instrument), &v));
        }
        p.design(answers, timepoints);
        p
    }

    fn design(&mut self, answers: &WideLayout, timepoints: &[String]) {
        let instruments: BTreeSet<&str> = answers.columns.iter().map(|c| c.instrument.as_str()).collect();
        let has_journeys = self.fields.iter().any(|f| f.form == "journey");
        let has_flags = self.fields.iter().any(|f| f.form == "flag");
        self.events.push(("enrolment".into(), ENROLMENT.into()));
        self.designations.push((ENROLMENT.into(), "patient".into()));
        if has_journeys {
            self.designations.push((ENROLMENT.into(), "journey".into()));
            self.repeating.insert((ENROLMENT.into(), "journey".into()));
        }
        for t in timepoints {
            let event = event_of(t);
            for i in &instruments {
                let form = form_of(i);
                self.designations.push((event.1.clone(), form.clone()));
                if !self.scheduled.contains(&(i.to_string(), t.clone())) {
                    self.repeating.insert((event.1.clone(), form));
                }
            }
            if has_flags {
                self.designations.push((event.1.clone(), "flag".into()));
                self.repeating.insert((event.1.clone(), "flag".into()));
            }
            self.events.push(event);
        }
    }

    /// The data file's columns: the fixed ones, then every field but the record id.
    pub fn data_header(&self) -> Vec<&str> {
        DATA_FIXED
            .iter()
            .copied()
            .chain(self.fields.iter().skip(1).map(|f| f.name.as_str()))
            .collect()
    }

    /// A data row: its fixed cells, then each field's value from `cells` (empty where absent).
    pub fn data_row(
        &self,
        record: &str,
        event: &str,
        repeat: Option<(&str, u32)>,
        cells: &BTreeMap<&str, String>,
    ) -> Vec<String> {
        let (instrument, instance) =
            repeat.map_or((String::new(), String::new()), |(f, n)| (f.to_string(), n.to_string()));
        [record.to_string(), event.to_string(), instrument, instance]
            .into_iter()
            .chain(
                self.fields
                    .iter()
                    .skip(1)
                    .map(|f| cells.get(f.name.as_str()).map(|v| f.value(v)).unwrap_or_default()),
            )
            .collect()
    }

    pub fn dictionary_rows(&self) -> Vec<[String; 18]> {
        self.fields
            .iter()
            .map(|f| {
                let mut row: [String; 18] = Default::default();
                row[0] = f.name.clone();
                row[1] = f.form.clone();
                row[3] = f.kind.into();
                row[4] = f.label.clone();
                row[5] = f.choices.clone();
                row[7] = f.validation.into();
                row
            })
            .collect()
    }
}

/// A journeys or flags column's field name: the file's word first, kept short.
fn fixed_name(prefix: &str, column: &str) -> String {
    let short = match column {
        "minutes_to_acknowledge" => "ack_minutes",
        "minutes_to_resolve" => "resolve_minutes",
        "release_to_infusion_weeks" => "release_infusion_weeks",
        "manufacturing_weeks" => "making_weeks",
        other => other,
    };
    let name = format!("{prefix}_{short}");
    if name.len() <= MAX_LEN {
        name
    } else {
        short.to_string()
    }
}

/// The files a REDCap export holds, in the order a project is built from them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedcapFile {
    Dictionary,
    Events,
    Designations,
    Repeating,
    Data,
}

impl RedcapFile {
    pub const ALL: [RedcapFile; 5] = [
        RedcapFile::Dictionary,
        RedcapFile::Events,
        RedcapFile::Designations,
        RedcapFile::Repeating,
        RedcapFile::Data,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            RedcapFile::Dictionary => "redcap_dictionary.csv",
            RedcapFile::Events => "redcap_events.csv",
            RedcapFile::Designations => "redcap_instrument_events.csv",
            RedcapFile::Repeating => "redcap_repeating.csv",
            RedcapFile::Data => "redcap_data.csv",
        }
    }

    /// The rows of the project's own files (all but the data), header first.
    pub fn rows(self, p: &Project) -> Vec<Vec<String>> {
        let header = |h: &[&str]| h.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let mut rows = Vec::new();
        match self {
            RedcapFile::Dictionary => {
                rows.push(header(&DICTIONARY_HEADER));
                rows.extend(p.dictionary_rows().into_iter().map(Vec::from));
            }
            RedcapFile::Events => {
                rows.push(header(&["event_name", "arm_num", "unique_event_name"]));
                rows.extend(
                    p.events
                        .iter()
                        .map(|(label, unique)| vec![label.clone(), "1".into(), unique.clone()]),
                );
            }
            RedcapFile::Designations => {
                rows.push(header(&["arm_num", "unique_event_name", "form"]));
                rows.extend(
                    p.designations
                        .iter()
                        .map(|(e, f)| vec!["1".into(), e.clone(), f.clone()]),
                );
            }
            RedcapFile::Repeating => {
                rows.push(header(&["event_name", "form_name", "custom_form_label"]));
                rows.extend(
                    p.repeating
                        .iter()
                        .map(|(e, f)| vec![e.clone(), f.clone(), String::new()]),
                );
            }
            RedcapFile::Data => rows.push(p.data_header().into_iter().map(String::from).collect()),
        }
        rows
    }
}
