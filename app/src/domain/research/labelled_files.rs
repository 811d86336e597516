//! The CSV files of an export as statistics packages see them: each variable with its
//! measure (text, integer, decimal), its label and the labels of its codes. The codebook
//! lists the same labels; the syntax files (`stats_syntax`) apply them.
use super::{
    file_variables::variables,
    wide::{yes_no, WideLayout},
};
use crate::domain::{
    checkins::{timepoint::UNSCHEDULED, CheckinSchedule},
    enrolment::Sex,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Text,
    Integer,
    Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub measure: Measure,
    pub label: String,
    /// Each code with its label; empty where the values are numbers or free of codes.
    pub values: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelledFile {
    /// The CSV file's name (`patients.csv`).
    pub file: String,
    pub variables: Vec<Variable>,
}

impl LabelledFile {
    /// What the packages call the dataset: the file's name without `.csv`.
    pub fn stem(&self) -> &str {
        self.file.trim_end_matches(".csv")
    }
}

fn measure(kind: &str) -> Measure {
    match kind {
        "integer" => Measure::Integer,
        "decimal" => Measure::Decimal,
        _ => Measure::Text,
    }
}

fn pairs(codes: &[(&str, &str)]) -> Vec<(String, String)> {
    codes.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect()
}

/// What a timepoint's name says, in words: `D28` is day 28 after infusion, `Y2` year 2,
/// `D0-D28` days 0 to 28; other names (`baseline`, `waiting`) stand as they are.
pub fn timepoint_label(name: &str) -> String {
    let number = |t: &str, prefix: char| t.strip_prefix(prefix).and_then(|n| n.parse::<u32>().ok());
    if let Some((from, to)) = name.split_once('-') {
        if let (Some(a), Some(b)) = (number(from, 'D'), number(to, 'D')) {
            return format!("Days {a} to {b} after infusion");
        }
    }
    match (number(name, 'D'), number(name, 'Y'), name) {
        (Some(d), _, _) => format!("Day {d} after infusion"),
        (_, Some(y), _) => format!("Year {y} after infusion"),
        (_, _, "baseline") => "Baseline, before infusion".into(),
        (_, _, UNSCHEDULED) => "Outside every check-in window".into(),
        (_, _, "acute") => "Days 0 to 20 after infusion (answers stored without their window)".into(),
        (_, _, "after-Y15") => "After year 15 (answers stored without their window)".into(),
        _ => name.to_string(),
    }
}

/// Every timepoint the files may name, in order: the schedule's (scheduled, then the periods
/// of the repeating ones), `unscheduled`, then those that place answers stored without one.
pub fn timepoint_codes(schedule: &CheckinSchedule) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    let scheduled = schedule.scheduled_timepoints().into_iter().map(|(_, t)| t);
    let periods = schedule.schedules.iter().flat_map(|r| r.timepoints.iter().cloned());
    let by_day = std::iter::once("acute".to_string())
        .chain(["D28", "D100", "D180", "D365"].map(String::from))
        .chain((2..=15).map(|y| format!("Y{y}")))
        .chain(["after-Y15".to_string()]);
    for code in scheduled
        .chain(periods)
        .chain([UNSCHEDULED.to_string(), "baseline".to_string()])
        .chain(by_day)
    {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// The labels of a fixed column's codes; `timepoints`, every timepoint name the files may hold.
fn values_of(column: &str, kind: &str, timepoints: &[String]) -> Vec<(String, String)> {
    match column {
        "timepoint" => timepoints.iter().map(|t| (t.clone(), timepoint_label(t))).collect(),
        "reported_by" => pairs(&[
            ("patient", "Patient"),
            ("caregiver", "Caregiver on the patient's behalf"),
        ]),
        "anchor" => pairs(&[("infusion", "Infusion"), ("apheresis", "Apheresis")]),
        "sex" => Sex::ALL
            .iter()
            .map(|s| {
                let code = s.as_str();
                (code.to_string(), format!("{}{}", code[..1].to_uppercase(), &code[1..]))
            })
            .collect(),
        "manufacturing" => pairs(&[("centralised", "Centralised"), ("point_of_care", "Point of care")]),
        "status" => pairs(&[
            ("active", "Active"),
            ("completed", "Completed"),
            ("withdrawn", "Withdrawn"),
            ("transferred", "Transferred"),
            ("deceased", "Deceased"),
        ]),
        "level" => pairs(&[("urgent", "Urgent"), ("high", "High"), ("review", "Review")]),
        "advice" => pairs(&[
            ("emergency_first", "Call the emergency number first"),
            ("crisis", "Crisis line"),
            ("call_care_team", "Call the care team"),
        ]),
        "release_delay" | "infusion_delay" => pairs(&[
            ("none", "Not late"),
            ("1-7", "1 to 7 days late"),
            ("8-14", "8 to 14 days late"),
            ("15-28", "15 to 28 days late"),
            ("29+", "29 days or more late"),
            ("late", "Late (coarsened)"),
        ]),
        "remanufactures" => pairs(&[
            ("0", "None"),
            ("1", "Once"),
            ("2", "Twice"),
            ("1+", "Once or more (coarsened)"),
        ]),
        _ if kind == "boolean" => yes_no(),
        _ => Vec::new(),
    }
}

/// Every CSV file of `files` with its variables labelled; `wide`, the layout of
/// `wide.csv` if the export holds it.
pub fn labelled(files: &[&str], wide: Option<&WideLayout>, timepoints: &[String]) -> Vec<LabelledFile> {
    let mut out = Vec::new();
    for file in files.iter().filter(|f| f.ends_with(".csv")) {
        let mut vars: Vec<Variable> = Vec::new();
        let fixed = if *file == "wide.csv" {
            variables("items.csv").into_iter().take(2).collect()
        } else {
            variables(file)
        };
        for (name, kind, _, description) in fixed {
            vars.push(Variable {
                name: name.into(),
                measure: measure(kind),
                label: description.into(),
                values: values_of(name, kind, timepoints),
            });
        }
        if let (true, Some(layout)) = (*file == "wide.csv", wide) {
            vars.extend(layout.columns.iter().map(|c| Variable {
                name: c.name.clone(),
                measure: measure(c.kind),
                label: c.describe().2,
                values: c.values.clone(),
            }));
        }
        out.push(LabelledFile {
            file: file.to_string(),
            variables: vars,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timepoints_read_as_words() {
        let cases = [
            ("D28", "Day 28 after infusion"),
            ("Y2", "Year 2 after infusion"),
            ("D0-D28", "Days 0 to 28 after infusion"),
            ("baseline", "Baseline, before infusion"),
            ("unscheduled", "Outside every check-in window"),
            ("waiting", "waiting"),
            ("apheresis-D365", "apheresis-D365"),
        ];
        for (name, words) in cases {
            assert_eq!(timepoint_label(name), words);
        }
    }

    #[test]
    fn every_timepoint_of_the_schedule_and_of_old_answers_is_listed_once() {
        let codes = timepoint_codes(&CheckinSchedule::builtin().expect("schedule"));
        assert_eq!(&codes[..3], ["baseline", "D28", "D100"]);
        for code in ["Y15", "waiting", "D0-D28", "unscheduled", "acute", "after-Y15"] {
            assert_eq!(codes.iter().filter(|c| *c == code).count(), 1, "{code}");
        }
    }

    #[test]
    fn codes_and_numbers_are_told_apart() {
        let files = labelled(&["patients.csv", "flags.csv", "codebook.json"], None, &["D28".into()]);
        assert_eq!(files.len(), 2);
        let flags = &files[1];
        let find = |n: &str| flags.variables.iter().find(|v| v.name == n).expect(n);
        assert_eq!(
            find("timepoint").values,
            [("D28".to_string(), "Day 28 after infusion".to_string())]
        );
        assert_eq!(find("week").measure, Measure::Integer);
        assert_eq!(find("level").values.len(), 3);
        assert_eq!(find("rule").values, []);
        let sex = files[0].variables.iter().find(|v| v.name == "sex").expect("sex");
        assert_eq!(sex.values[0], ("female".to_string(), "Female".to_string()));
    }
}
