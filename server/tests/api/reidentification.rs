//! The re-identification attacks of the privacy issue, as a motivated researcher runs them on
//! the files an export gives: pure functions over parsed CSV tables. `attack_reidentification.rs`
//! gets the files and the ground truth (which research id is which patient) and judges.
use std::collections::{BTreeMap, BTreeSet};

/// One CSV file, header and rows (the exported values hold no commas or quotes).
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn parse(text: &str) -> Table {
        let mut lines = text
            .lines()
            .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>());
        Table {
            header: lines.next().unwrap_or_default(),
            rows: lines.collect(),
        }
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The value of a named column in a row ("" if there is no such column).
    pub fn get<'r>(&self, row: &'r [String], name: &str) -> &'r str {
        self.column(name).and_then(|i| row.get(i)).map_or("", String::as_str)
    }
}

/// How many records are alone in their group, and how many are in a group smaller than k.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uniqueness {
    pub records: usize,
    pub unique: usize,
    pub below_k: usize,
}

impl Uniqueness {
    pub fn percent_unique(&self) -> f64 {
        percent(self.unique, self.records)
    }

    pub fn percent_below_k(&self) -> f64 {
        percent(self.below_k, self.records)
    }
}

pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Groups the records by their key and counts the small groups.
pub fn uniqueness<K: Ord>(keys: impl IntoIterator<Item = K>, k: usize) -> Uniqueness {
    let mut sizes: BTreeMap<K, usize> = BTreeMap::new();
    for key in keys {
        *sizes.entry(key).or_default() += 1;
    }
    let records = sizes.values().sum();
    Uniqueness {
        records,
        unique: sizes.values().filter(|n| **n == 1).count(),
        below_k: sizes.values().filter(|n| **n < k).sum(),
    }
}

/// The quasi-identifiers the export checks, per research id, from `patients.csv`.
pub fn checked_attributes(patients: &Table) -> BTreeMap<String, Vec<String>> {
    const CHECKED: [&str; 8] = [
        "anchor",
        "anchor_period",
        "age_band",
        "sex",
        "product",
        "centre",
        "country",
        "region",
    ];
    patients
        .rows
        .iter()
        .map(|r| {
            let id = patients.get(r, "research_id").to_string();
            (id, CHECKED.iter().map(|c| patients.get(r, c).to_string()).collect())
        })
        .collect()
}

/// Per research id, what a table says of them once folded into one value (all their rows of
/// the named columns, in file order).
pub fn folded(table: &Table, columns: &[&str]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for row in &table.rows {
        let id = table.get(row, "research_id").to_string();
        let values: Vec<&str> = columns.iter().map(|c| table.get(row, c)).collect();
        let entry = out.entry(id).or_default();
        entry.push_str(&values.join("|"));
        entry.push(';');
    }
    out
}

/// Uniqueness of the released records once one more attribute joins the checked ones; a
/// patient with no value of it (no rows) counts with the empty value.
pub fn with_attribute(
    checked: &BTreeMap<String, Vec<String>>,
    extra: &BTreeMap<String, String>,
    k: usize,
) -> Uniqueness {
    uniqueness(
        checked.iter().map(|(id, attrs)| {
            let mut key = attrs.clone();
            key.push(extra.get(id).cloned().unwrap_or_default());
            key
        }),
        k,
    )
}

/// A history: each (instrument, time) a research id answered, time as the file gives it
/// (`timepoint#week#weeks_after_due`).
pub type History = BTreeSet<(String, String)>;

/// The check-in history of each research id, from any file of answers.
pub fn histories(table: &Table) -> BTreeMap<String, History> {
    let mut out: BTreeMap<String, History> = BTreeMap::new();
    for row in &table.rows {
        let time = format!(
            "{}#{}#{}",
            table.get(row, "timepoint"),
            table.get(row, "week"),
            table.get(row, "weeks_after_due")
        );
        out.entry(table.get(row, "research_id").to_string())
            .or_default()
            .insert((table.get(row, "instrument").to_string(), time));
    }
    out
}

/// Links the research ids of two exports whose histories (cut to their first `prefix`
/// entries, if given) are equal and unique on both sides.
pub fn link_by_history(
    a: &BTreeMap<String, History>,
    b: &BTreeMap<String, History>,
    prefix: Option<usize>,
) -> Vec<(String, String)> {
    let cut = |h: &History| -> Vec<(String, String)> { h.iter().take(prefix.unwrap_or(usize::MAX)).cloned().collect() };
    let index = |m: &BTreeMap<String, History>| {
        let mut by: BTreeMap<Vec<(String, String)>, Vec<String>> = BTreeMap::new();
        for (id, h) in m {
            by.entry(cut(h)).or_default().push(id.clone());
        }
        by
    };
    let (ia, ib) = (index(a), index(b));
    ia.iter()
        .filter(|(h, ids)| ids.len() == 1 && !h.is_empty())
        .filter_map(|(h, ids)| match ib.get(h) {
            Some(other) if other.len() == 1 => Some((ids[0].clone(), other[0].clone())),
            _ => None,
        })
        .collect()
}

/// Links an earlier export's ids to a later one's whose history holds the earlier history
/// (containment: the later export has more check-ins of the same people).
pub fn link_by_containment(
    earlier: &BTreeMap<String, History>,
    later: &BTreeMap<String, History>,
) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for (id, h) in earlier.iter().filter(|(_, h)| !h.is_empty()) {
        let hits: Vec<&String> = later
            .iter()
            .filter(|(_, l)| h.is_subset(l))
            .map(|(lid, _)| lid)
            .collect();
        if let [only] = hits[..] {
            links.push((id.clone(), only.clone()));
        }
    }
    links
}

/// The latest week any table dates for each research id: the week where given, else the
/// nominal day of the timepoint (from infusion) in weeks.
pub fn last_week(tables: &[&Table]) -> BTreeMap<String, i64> {
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    for table in tables {
        for row in &table.rows {
            let week =
                table.get(row, "week").parse::<i64>().ok().or_else(|| {
                    app::domain::research::timepoints::nominal_day(table.get(row, "timepoint")).map(|d| d / 7)
                });
            let Some(week) = week else { continue };
            let slot = out.entry(table.get(row, "research_id").to_string()).or_insert(week);
            *slot = (*slot).max(week);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_counted() {
        let u = uniqueness(["a", "a", "b", "c", "c", "c"], 3);
        assert_eq!(
            u,
            Uniqueness {
                records: 6,
                unique: 1,
                below_k: 3
            }
        );
    }

    #[test]
    fn histories_link_only_when_unique_on_both_sides() {
        let h = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(i, t)| (i.to_string(), t.to_string()))
                .collect::<History>()
        };
        let a = BTreeMap::from([
            ("x".to_string(), h(&[("phq", "D28#4"), ("gad", "D100#14")])),
            ("y".to_string(), h(&[("phq", "D28#5")])),
            ("z".to_string(), h(&[("phq", "D28#5")])),
        ]);
        let b = BTreeMap::from([
            ("X".to_string(), h(&[("phq", "D28#4"), ("gad", "D100#14")])),
            ("Y".to_string(), h(&[("phq", "D28#5")])),
        ]);
        assert_eq!(link_by_history(&a, &b, None), [("x".to_string(), "X".to_string())]);
        let later = BTreeMap::from([(
            "X".to_string(),
            h(&[("phq", "D28#4"), ("gad", "D100#14"), ("phq", "D180#25")]),
        )]);
        assert_eq!(link_by_containment(&a, &later), [("x".to_string(), "X".to_string())]);
    }
}
