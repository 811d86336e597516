//! A study project as the data steward approves it: who is in its cohort (products, an
//! infusion period in whole quarters, centres where the deployment allows), which datasets it
//! may release, on what grounds (ethics approval, data-use agreement), to which researchers,
//! until when. Parsed once at the boundary; the cohort is then frozen by the server.
use super::request::{Dataset, PROJECT_NAME_MAX};
use crate::domain::validation::{iso_date, required_text, FieldProblem, Problem};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A calendar quarter, written `2026-Q1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

impl Quarter {
    pub fn parse(raw: &str) -> Option<Quarter> {
        let (year, number) = raw.trim().split_once("-Q")?;
        let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let number: u32 = number.parse().ok().filter(|n| (1..=4).contains(n))?;
        Some(Quarter { year, number })
    }

    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            number: date.month0() / 3 + 1,
        }
    }

    pub fn label(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }
}

/// As typed into the steward's form. Unchecked boxes send nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectForm {
    pub name: String,
    /// Product ids; none for all.
    pub products: Vec<String>,
    /// Infusion quarters, inclusive (`2026-Q1`); empty for no bound.
    pub from_quarter: String,
    pub to_quarter: String,
    /// Centre ids; none for all (only where the deployment allows choosing centres).
    pub centres: Vec<String>,
    pub datasets: Vec<String>,
    pub ethics_ref: String,
    pub dua_ref: String,
    /// Researcher account ids.
    pub researchers: Vec<String>,
    /// YYYY-MM-DD: no export after this day.
    pub expires_on: String,
    /// The privacy budget of the project's open aggregates (epsilon); empty for 1.
    pub epsilon_budget: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    pub products: BTreeSet<String>,
    pub from: Option<Quarter>,
    pub to: Option<Quarter>,
    pub centres: BTreeSet<i64>,
    pub datasets: BTreeSet<Dataset>,
    pub ethics_ref: String,
    pub dua_ref: String,
    pub researchers: BTreeSet<i64>,
    pub expires_on: NaiveDate,
    /// Epsilon for the project's aggregate tables, in thousandths (unit: one patient).
    #[serde(default = "default_budget")]
    pub epsilon_thousandths: u32,
}

fn default_budget() -> u32 {
    1000
}

/// The most a steward may give one project: past it, differential privacy promises little.
pub const LARGEST_EPSILON: f64 = 10.0;

/// Epsilon as typed (`1`, `0.5`, `2.25`), from 0 to 10, to the thousandth; empty for 1.
pub fn epsilon_thousandths(raw: &str) -> Result<u32, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(default_budget());
    }
    let value: f64 = raw.replace(',', ".").parse().map_err(|_| Problem::EpsilonInvalid)?;
    let thousandths = value * 1000.0;
    if !(0.0..=LARGEST_EPSILON * 1000.0).contains(&thousandths) || (thousandths - thousandths.round()).abs() > 1e-6 {
        return Err(Problem::EpsilonInvalid);
    }
    Ok(thousandths.round() as u32)
}

pub const REFERENCE_MAX: usize = 200;
/// Approvals last at most five years; a longer study asks again.
pub const LONGEST_DAYS: i64 = 5 * 366;

/// Every problem at once. Whether products, centres and researchers exist is the server's
/// to check. A project without researchers is exported only by the operator's command line.
pub fn parse_project(
    form: &ProjectForm,
    today: NaiveDate,
    needs_researchers: bool,
) -> Result<Project, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut text = |field: &str, raw: &str, max: usize| {
        required_text(raw, max)
            .map_err(|p| problems.push(FieldProblem::new(field, p)))
            .unwrap_or_default()
    };
    let name = text("name", &form.name, PROJECT_NAME_MAX);
    let ethics_ref = text("ethics_ref", &form.ethics_ref, REFERENCE_MAX);
    let dua_ref = text("dua_ref", &form.dua_ref, REFERENCE_MAX);
    let datasets = choices(&form.datasets, "datasets", true, &mut problems, Dataset::parse);
    let researchers = choices(
        &form.researchers,
        "researchers",
        needs_researchers,
        &mut problems,
        positive_id,
    );
    let centres = choices(&form.centres, "centres", false, &mut problems, positive_id);
    let products = form
        .products
        .iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let (from, to) = period(form, &mut problems);
    let expires_on = expiry(&form.expires_on, today)
        .map_err(|p| problems.push(FieldProblem::new("expires_on", p)))
        .ok();
    let epsilon = epsilon_thousandths(&form.epsilon_budget)
        .map_err(|p| problems.push(FieldProblem::new("epsilon_budget", p)))
        .unwrap_or_default();
    match expires_on {
        Some(expires_on) if problems.is_empty() => Ok(Project {
            name,
            products,
            from,
            to,
            centres,
            datasets,
            ethics_ref,
            dua_ref,
            researchers,
            expires_on,
            epsilon_thousandths: epsilon,
        }),
        _ => Err(problems),
    }
}

/// The infusion quarters, first to last (either open).
fn period(form: &ProjectForm, problems: &mut Vec<FieldProblem>) -> (Option<Quarter>, Option<Quarter>) {
    let from = quarter(&form.from_quarter, "from_quarter", problems);
    let to = quarter(&form.to_quarter, "to_quarter", problems);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            problems.push(FieldProblem::new("to_quarter", Problem::DateRangeReversed));
        }
    }
    (from, to)
}

/// A day after today, at most `LONGEST_DAYS` ahead.
fn expiry(raw: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    match iso_date(raw.trim()) {
        None if raw.trim().is_empty() => Err(Problem::Required),
        None => Err(Problem::DateInvalid),
        Some(day) if day <= today => Err(Problem::DateNotAhead),
        Some(day) if (day - today).num_days() > LONGEST_DAYS => Err(Problem::DateTooFar),
        Some(day) => Ok(day),
    }
}

fn positive_id(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

fn choices<T: Ord>(
    raw: &[String],
    field: &str,
    required: bool,
    problems: &mut Vec<FieldProblem>,
    parse: impl Fn(&str) -> Option<T>,
) -> BTreeSet<T> {
    let parsed: Vec<Option<T>> = raw.iter().map(|r| parse(r)).collect();
    if parsed.iter().any(Option::is_none) {
        problems.push(FieldProblem::new(field, Problem::ChoiceInvalid));
    } else if required && parsed.is_empty() {
        problems.push(FieldProblem::new(field, Problem::Required));
    }
    parsed.into_iter().flatten().collect()
}

fn quarter(raw: &str, field: &str, problems: &mut Vec<FieldProblem>) -> Option<Quarter> {
    if raw.trim().is_empty() {
        return None;
    }
    let parsed = Quarter::parse(raw);
    if parsed.is_none() {
        problems.push(FieldProblem::new(field, Problem::QuarterInvalid));
    }
    parsed
}

/// What a patient's place in a cohort is judged on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CohortFacts<'a> {
    pub product: &'a str,
    pub centre_id: i64,
    pub infused_on: Option<NaiveDate>,
}

/// Whether the project's cohort takes this patient. With an infusion period, only patients
/// infused within it; without, everyone anchored.
pub fn selects(project: &Project, patient: &CohortFacts<'_>) -> bool {
    let quarter = patient.infused_on.map(Quarter::of);
    let in_period = match (project.from, project.to) {
        (None, None) => true,
        (from, to) => quarter.is_some_and(|q| from.is_none_or(|f| q >= f) && to.is_none_or(|t| q <= t)),
    };
    (project.products.is_empty() || project.products.contains(patient.product))
        && (project.centres.is_empty() || project.centres.contains(&patient.centre_id))
        && in_period
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        iso_date(s).unwrap()
    }

    fn form() -> ProjectForm {
        ProjectForm {
            name: "CRS outcomes".into(),
            products: vec!["axi-cel".into()],
            from_quarter: "2026-Q1".into(),
            to_quarter: "2026-Q2".into(),
            centres: vec![],
            datasets: vec!["scores".into()],
            ethics_ref: "EC 2026/114".into(),
            dua_ref: "DUA-7".into(),
            researchers: vec!["12".into()],
            expires_on: "2027-12-31".into(),
            epsilon_budget: String::new(),
        }
    }

    #[test]
    fn a_full_form_parses() {
        let p = parse_project(&form(), day("2026-12-03"), true).unwrap();
        assert_eq!(p.from, Some(Quarter { year: 2026, number: 1 }));
        assert_eq!(p.researchers, BTreeSet::from([12]));
        assert_eq!(p.datasets, BTreeSet::from([Dataset::Scores]));
        assert_eq!(p.epsilon_thousandths, 1000, "1 unless the steward says");
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let bad = ProjectForm {
            name: "".into(),
            from_quarter: "2026-Q5".into(),
            datasets: vec!["everything".into()],
            researchers: vec![],
            ethics_ref: "x".repeat(201),
            expires_on: "2026-12-03".into(),
            ..form()
        };
        let fields: Vec<(String, Problem)> = parse_project(&bad, day("2026-12-03"), true)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("name".into(), Problem::Required),
                ("ethics_ref".into(), Problem::TooLong),
                ("datasets".into(), Problem::ChoiceInvalid),
                ("researchers".into(), Problem::Required),
                ("from_quarter".into(), Problem::QuarterInvalid),
                ("expires_on".into(), Problem::DateNotAhead),
            ]
        );
    }

    #[test]
    fn quarters_read_and_order() {
        assert_eq!(Quarter::of(day("2026-03-31")).label(), "2026-Q1");
        assert_eq!(Quarter::of(day("2026-04-01")).label(), "2026-Q2");
        assert_eq!(Quarter::of(day("2026-12-31")).label(), "2026-Q4");
        assert!(Quarter::parse("2026-Q4") > Quarter::parse("2026-Q1"));
        assert_eq!(Quarter::parse("2026-q1"), None);
        let reversed = ProjectForm {
            from_quarter: "2026-Q3".into(),
            to_quarter: "2026-Q1".into(),
            ..form()
        };
        assert_eq!(
            parse_project(&reversed, day("2026-12-03"), true).unwrap_err()[0].problem,
            Problem::DateRangeReversed
        );
    }

    #[test]
    fn the_cohort_takes_the_products_centres_and_period_asked_for() {
        let p = parse_project(&form(), day("2026-12-03"), true).unwrap();
        let facts = |product, infused: Option<&str>| CohortFacts {
            product,
            centre_id: 3,
            infused_on: infused.map(day),
        };
        assert!(selects(&p, &facts("axi-cel", Some("2026-06-30"))));
        assert!(!selects(&p, &facts("axi-cel", Some("2026-07-01"))));
        assert!(!selects(&p, &facts("tisa-cel", Some("2026-02-01"))));
        assert!(
            !selects(&p, &facts("axi-cel", None)),
            "a period leaves out the not yet infused"
        );
        let open = Project {
            from: None,
            to: None,
            products: BTreeSet::new(),
            ..p
        };
        assert!(selects(&open, &facts("tisa-cel", None)));
    }

    #[test]
    fn epsilon_is_a_number_from_0_to_10_to_the_thousandth() {
        for (raw, parsed) in [
            ("", Ok(1000)),
            ("1", Ok(1000)),
            ("0.5", Ok(500)),
            ("2,25", Ok(2250)),
            ("10", Ok(10000)),
            ("0", Ok(0)),
        ] {
            assert_eq!(epsilon_thousandths(raw), parsed, "{raw}");
        }
        for raw in ["-1", "10.5", "abc", "0.0001", "NaN", "inf"] {
            assert_eq!(epsilon_thousandths(raw), Err(Problem::EpsilonInvalid), "{raw}");
        }
    }
}
