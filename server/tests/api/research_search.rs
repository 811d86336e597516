//! Searching an export's output for what must not be in it: every value in one pass,
//! calendar dates in any common form, and the files of a folder export.
use crate::helpers::TestApp;
use sqlx::Row;
use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

pub fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .expect("export folder")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&path).expect("UTF-8 file"))
        })
        .collect()
}

pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    // The exported values hold no commas or quotes, except the codebook (not read here).
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// Which of the needles occur in the text, in one pass: each position is looked up by its
/// first four bytes, and only needles starting so are compared. (Thousands of `contains`
/// over megabytes take minutes in a debug build.)
pub fn find_any(text: &str, needles: &[String]) -> Vec<String> {
    let mut by_prefix: std::collections::HashMap<&[u8], Vec<&str>> = std::collections::HashMap::new();
    for needle in needles {
        assert!(needle.len() >= 4, "needle too short to search: {needle}");
        by_prefix.entry(&needle.as_bytes()[..4]).or_default().push(needle);
    }
    let bytes = text.as_bytes();
    let mut found = BTreeSet::new();
    for i in 0..bytes.len().saturating_sub(3) {
        if let Some(candidates) = by_prefix.get(&bytes[i..i + 4]) {
            for needle in candidates {
                if bytes[i..].starts_with(needle.as_bytes()) {
                    found.insert(needle.to_string());
                }
            }
        }
    }
    found.into_iter().collect()
}

#[test]
fn find_any_finds_every_needle_and_only_those() {
    let needles = [
        "Aline Peeters".to_string(),
        "1961-04-12".to_string(),
        "+32 470".to_string(),
        "absent".to_string(),
    ];
    let found = find_any("x,Aline Peeters,\"born 1961-04-12\"\n+32 470 00", &needles);
    assert_eq!(found, ["+32 470", "1961-04-12", "Aline Peeters"]);
}

pub fn has_iso_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (0..b.len().saturating_sub(9))
        .find(|&i| {
            (0..4).all(|j| d(i + j))
                && b[i + 4] == b'-'
                && d(i + 5)
                && d(i + 6)
                && b[i + 7] == b'-'
                && d(i + 8)
                && d(i + 9)
        })
        .map(|i| text[i..i + 10].to_string())
}

/// Every calendar date the database holds, as text, and the days of its instants.
pub async fn dates_in_database(app: &TestApp) -> BTreeSet<String> {
    let mut dates = BTreeSet::new();
    for sql in [
        "SELECT date_of_birth FROM patients",
        "SELECT start_on FROM treatments",
        "SELECT infusion_on FROM treatments WHERE infusion_on IS NOT NULL",
        "SELECT planned_on FROM milestones",
        "SELECT actual_on FROM milestones WHERE actual_on IS NOT NULL",
        "SELECT signed_on FROM research_consents WHERE signed_on IS NOT NULL",
    ] {
        for row in sqlx::query(sql).fetch_all(&app.db.pool).await.expect(sql) {
            dates.insert(row.try_get::<String, _>(0).expect("text date"));
        }
    }
    for sql in [
        "SELECT submitted_at FROM checkin_responses",
        "SELECT raised_at FROM flags",
    ] {
        for row in sqlx::query(sql).fetch_all(&app.db.pool).await.expect(sql) {
            let at: i64 = row.try_get(0).expect("instant");
            if let Some(t) = chrono::DateTime::from_timestamp(at, 0) {
                dates.insert(t.date_naive().to_string());
            }
        }
    }
    dates
}

pub fn other_forms(iso: &str) -> Vec<String> {
    let (y, rest) = iso.split_at(4);
    let (m, d) = (&rest[1..3], &rest[4..6]);
    vec![
        format!("{d}/{m}/{y}"),
        format!("{m}/{d}/{y}"),
        format!("{d}.{m}.{y}"),
        format!("{d}-{m}-{y}"),
    ]
}
