//! The wide layout (`wide.csv`): one row per research id and timepoint of the scheduled
//! instruments (those asked on given days: baseline, D28 … Y15), one column per item and per
//! score, as R's `read.csv`, Stata and SPSS take a dataset without reshaping. The rule:
//!
//! - A row holds what the patient answered to each scheduled instrument at that timepoint:
//!   the first answer where there are two (a window moved with its milestone after it was
//!   answered can take a second answer, as can answers placed by their day; the long files
//!   keep both).
//! - Each instrument has its own time columns (`<instrument>_week`,
//!   `<instrument>_weeks_after_due`), version and reporter, since the instruments of one
//!   timepoint are answered on different days, by the patient or a caregiver.
//! - Items, then scores, in the instrument's order; every version present adds the items
//!   it has that the others lack. Free text and display items have no column.
//! - Repeating instruments (the diary twice a day, PHQ-4 weekly while waiting) and answers
//!   outside every window stay long: no single answer can stand for the others.
//!
//! Names follow `variable_names`; a cell is empty where nothing was answered or released.
use super::variable_names::{item_name, name_of, prefix, Namer};
use super::{Dataset, ExportRequest};
use crate::domain::checkins::{Answer, Answers, ItemKind, Questionnaire, Score};

/// The columns every row begins with.
pub const FIXED: [&str; 2] = ["research_id", "timepoint"];

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    Version,
    ReportedBy,
    Week,
    WeeksAfterDue,
    Item(String),
    Total(String),
    Band(String),
    Positive(String),
    Missing(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub instrument: String,
    pub cell: Cell,
    /// As the codebook types a variable: `integer`, `decimal`, `boolean`, `code`, `string`.
    pub kind: &'static str,
    /// Each code the column may hold, with its label (an option's text, a band, yes/no).
    pub values: Vec<(String, String)>,
}

/// Yes and no, as booleans are written (`true`, `false`).
pub fn yes_no() -> Vec<(String, String)> {
    vec![("true".into(), "Yes".into()), ("false".into(), "No".into())]
}

/// The type and value labels of a cell, from the latest version defining it.
fn typed(versions: &[&Questionnaire], cell: &Cell) -> (&'static str, Vec<(String, String)>) {
    let latest_item = |link_id: &str| versions.iter().rev().find_map(|q| q.item(link_id));
    // Every version's options, the latest's first: an old answer's code keeps its label.
    let options_of = |link_id: &str| {
        let mut all: Vec<(String, String)> = Vec::new();
        for q in versions.iter().rev() {
            if let Some(ItemKind::Choice(options)) = q.item(link_id).map(|i| &i.kind) {
                for o in options {
                    if !all.iter().any(|(c, _)| *c == o.code) {
                        all.push((o.code.clone(), o.display.default.clone()));
                    }
                }
            }
        }
        all
    };
    let latest_scale = |id: &str| versions.iter().rev().find_map(|q| q.scales.iter().find(|s| s.id == id));
    match cell {
        Cell::Item(link_id) => match latest_item(link_id).map(|i| &i.kind) {
            Some(ItemKind::Choice(_)) => ("code", options_of(link_id)),
            Some(ItemKind::Integer(_)) => ("integer", Vec::new()),
            Some(ItemKind::Decimal(_)) => ("decimal", Vec::new()),
            Some(ItemKind::Boolean) => ("boolean", yes_no()),
            _ => ("string", Vec::new()),
        },
        Cell::Band(id) => (
            "code",
            latest_scale(id)
                .map(|s| s.bands.iter().map(|b| (b.label.clone(), b.label.clone())).collect())
                .unwrap_or_default(),
        ),
        Cell::Positive(_) => ("boolean", yes_no()),
        Cell::ReportedBy => (
            "code",
            vec![
                ("patient".into(), "Patient".into()),
                ("caregiver".into(), "Caregiver on the patient's behalf".into()),
            ],
        ),
        Cell::Week | Cell::WeeksAfterDue | Cell::Total(_) | Cell::Missing(_) => ("integer", Vec::new()),
        Cell::Version => ("string", Vec::new()),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WideLayout {
    pub columns: Vec<Column>,
}

/// One response of the patient at the row's timepoint, as released.
pub struct WideAnswer<'a> {
    pub instrument: &'a str,
    pub version: &'a str,
    pub reported_by: &'a str,
    /// Timepoint, week and weeks after due, as `time_release` writes them.
    pub time: &'a [String; 3],
    pub answers: &'a Answers,
    pub scores: &'a [Score],
}

/// An answer as a CSV cell: an option's code, a number, true or false; free text never.
pub fn answer_text(answer: &Answer) -> Option<String> {
    match answer {
        Answer::Choice(code) => Some(code.clone()),
        Answer::Integer(n) => Some(n.to_string()),
        Answer::Decimal(x) => Some(x.to_string()),
        Answer::Boolean(b) => Some(b.to_string()),
        Answer::String(_) => None,
    }
}

/// Items with a column: those with an answer that is not free text.
fn has_column(kind: &ItemKind) -> bool {
    !matches!(kind, ItemKind::Group | ItemKind::Display | ItemKind::String { .. })
}

/// The cells of one instrument, every version's items and scales once each, the latest
/// version's order first.
fn cells_of(versions: &[&Questionnaire]) -> Vec<Cell> {
    let mut cells = vec![Cell::Version, Cell::ReportedBy, Cell::Week, Cell::WeeksAfterDue];
    let mut items: Vec<Cell> = Vec::new();
    let mut scales: Vec<Cell> = Vec::new();
    for q in versions.iter().rev() {
        for item in q.all_items().into_iter().filter(|i| has_column(&i.kind)) {
            let cell = Cell::Item(item.link_id.clone());
            if !items.contains(&cell) {
                items.push(cell);
            }
        }
        for scale in &q.scales {
            let total = Cell::Total(scale.id.clone());
            if !scales.contains(&total) {
                scales.push(total);
                scales.push(Cell::Band(scale.id.clone()));
                if scale.positive_at.is_some() {
                    scales.push(Cell::Positive(scale.id.clone()));
                }
                scales.push(Cell::Missing(scale.id.clone()));
            }
        }
    }
    cells.extend(items);
    cells.extend(scales);
    cells
}

fn column_name(instrument: &str, cell: &Cell) -> String {
    let p = &prefix(instrument);
    match cell {
        Cell::Version => name_of(&[p, "version"]),
        Cell::ReportedBy => name_of(&[p, "reported_by"]),
        Cell::Week => name_of(&[p, "week"]),
        Cell::WeeksAfterDue => name_of(&[p, "weeks_after_due"]),
        Cell::Item(link_id) => item_name(instrument, link_id),
        Cell::Total(scale) => name_of(&[p, scale]),
        Cell::Band(scale) => name_of(&[p, scale, "band"]),
        Cell::Positive(scale) => name_of(&[p, scale, "positive"]),
        Cell::Missing(scale) => name_of(&[p, scale, "missing"]),
    }
}

impl Column {
    /// (type, unit, description), as the codebook lists a variable.
    pub fn describe(&self) -> (&'static str, &'static str, String) {
        let q = &self.instrument;
        match &self.cell {
            Cell::Version => ("string", "", format!("Version of {q} answered at this timepoint; empty: not answered")),
            Cell::ReportedBy => ("code", "", format!("Who answered {q}: patient, or caregiver on the patient's behalf")),
            Cell::Week => (
                "integer",
                "weeks",
                format!("Whole weeks from the patient's anchor to the {q} answer; empty where the k check released the timepoint alone"),
            ),
            Cell::WeeksAfterDue => (
                "integer",
                "weeks",
                format!("Whole weeks from the day the {q} window was due to the answer (0: within a week)"),
            ),
            Cell::Item(link_id) => (
                self.kind,
                "",
                format!("Answer to item {link_id} of {q} (see instruments for its text and unit)"),
            ),
            Cell::Total(scale) => (
                "integer",
                "points",
                format!("Total of scale {scale} of {q}, prorated when up to the allowed number of items are missing; empty when more are"),
            ),
            Cell::Band(scale) => ("code", "", format!("Severity band of scale {scale} of {q}")),
            Cell::Positive(scale) => ("boolean", "", format!("Scale {scale} of {q} at or above its screening cut-off")),
            Cell::Missing(scale) => ("integer", "items", format!("Items of scale {scale} of {q} left unanswered")),
        }
    }
}

impl WideLayout {
    /// Only the columns an export writes: each instrument's items where it writes them, the
    /// scores where it holds scores.
    pub fn keep(mut self, request: &ExportRequest) -> WideLayout {
        let scores = request.datasets.contains(&Dataset::Scores);
        self.columns.retain(|c| match c.cell {
            Cell::Item(_) => request.writes_items_of(&c.instrument),
            Cell::Total(_) | Cell::Band(_) | Cell::Positive(_) | Cell::Missing(_) => scores,
            _ => true,
        });
        self
    }

    /// `instruments`: the definitions of the scheduled instruments the export's answers
    /// give, every version present; laid out by name, each version's items once.
    pub fn of(instruments: &[&Questionnaire]) -> WideLayout {
        let mut names: Vec<&str> = instruments.iter().map(|q| q.short_name()).collect();
        names.sort_unstable();
        names.dedup();
        let mut namer = Namer::without(&FIXED);
        let mut columns = Vec::new();
        for name in names {
            let mut versions: Vec<&Questionnaire> =
                instruments.iter().copied().filter(|q| q.short_name() == name).collect();
            versions.sort_by(|a, b| version_order(&a.version, &b.version));
            for cell in cells_of(&versions) {
                let (kind, values) = typed(&versions, &cell);
                columns.push(Column {
                    name: namer.unique(column_name(name, &cell)),
                    instrument: name.to_string(),
                    cell,
                    kind,
                    values,
                });
            }
        }
        WideLayout { columns }
    }

    pub fn header(&self) -> Vec<&str> {
        FIXED
            .iter()
            .copied()
            .chain(self.columns.iter().map(|c| c.name.as_str()))
            .collect()
    }

    /// The cells after `research_id` and `timepoint`, from the responses of one patient at
    /// one timepoint (the first of each instrument counts).
    pub fn row(&self, answered: &[WideAnswer<'_>]) -> Vec<String> {
        self.columns
            .iter()
            .map(|c| {
                answered
                    .iter()
                    .find(|a| a.instrument == c.instrument)
                    .map(|a| cell(a, &c.cell))
                    .unwrap_or_default()
            })
            .collect()
    }
}

fn cell(a: &WideAnswer<'_>, cell: &Cell) -> String {
    let score = |scale: &str| a.scores.iter().find(|s| s.scale == scale);
    match cell {
        Cell::Version => a.version.to_string(),
        Cell::ReportedBy => a.reported_by.to_string(),
        Cell::Week => a.time[1].clone(),
        Cell::WeeksAfterDue => a.time[2].clone(),
        Cell::Item(link_id) => a.answers.get(link_id).and_then(answer_text).unwrap_or_default(),
        Cell::Total(s) => score(s)
            .and_then(|s| s.total)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        Cell::Band(s) => score(s).and_then(|s| s.band.clone()).unwrap_or_default(),
        Cell::Positive(s) => score(s)
            .and_then(|s| s.positive)
            .map(|p| p.to_string())
            .unwrap_or_default(),
        Cell::Missing(s) => score(s).map(|s| s.missing.to_string()).unwrap_or_default(),
    }
}

/// Versions compared as numbers where both are (`2` before `10`), else as text.
pub fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}
