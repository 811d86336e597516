//! The nurses' review queue, sorted and paged. The queue's own order is worst first, then
//! oldest; a column chosen sorts by that column instead, ties keeping the queue's order, and
//! `desc` reverses the whole. Fifty rows to a page, as the board: a centre with 500 open
//! flags still gets its page within 50 ms, and the reads audited are the rows shown. The
//! overdue warning above the table counts every page, so nothing urgent hides on page 2.
use super::validation::{FieldProblem, Problem};
use serde::{Deserialize, Serialize};
use std::ops::Range;

pub use super::desk_board::{pages, LAST_PAGE, PAGE_SIZE};

/// As the page's address carries it (all optional: none is the first page, worst first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    pub sort: String,
    pub desc: bool,
    /// From 0.
    pub page: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// The queue's own order: urgent, high, review; oldest first within each.
    #[default]
    Level,
    Patient,
    /// Oldest first.
    Raised,
    /// Assigned first, by the nurse's name; then the unassigned.
    Assignee,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [SortKey::Level, SortKey::Patient, SortKey::Raised, SortKey::Assignee];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Level => "level",
            SortKey::Patient => "patient",
            SortKey::Raised => "raised",
            SortKey::Assignee => "assignee",
        }
    }
}

/// A checked [`QueueQuery`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueOrder {
    pub sort: SortKey,
    pub descending: bool,
    pub page: i64,
}

impl QueueOrder {
    pub fn parse(query: &QueueQuery) -> Result<QueueOrder, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let sort = match query.sort.as_str() {
            "" => Some(SortKey::Level),
            code => SortKey::ALL.into_iter().find(|k| k.as_str() == code),
        };
        if sort.is_none() {
            problems.push(FieldProblem::new("sort", Problem::ChoiceInvalid));
        }
        if !(0..=LAST_PAGE).contains(&query.page) {
            problems.push(FieldProblem::new("page", Problem::ChoiceInvalid));
        }
        match sort {
            Some(sort) if problems.is_empty() => Ok(QueueOrder {
                sort,
                descending: query.desc,
                page: query.page,
            }),
            _ => Err(problems),
        }
    }
}

/// What the order looks at in a flag.
pub struct FlagKey<'a> {
    pub patient_name: &'a str,
    pub raised_at: i64,
    pub assignee: Option<&'a str>,
}

/// Sorts `flags`, given in the queue's own order, as `order` asks.
pub fn sort<T>(flags: &mut [T], order: &QueueOrder, key: impl Fn(&T) -> FlagKey<'_>) {
    match order.sort {
        SortKey::Level => {}
        SortKey::Patient => flags.sort_by_cached_key(|f| key(f).patient_name.to_lowercase()),
        SortKey::Raised => flags.sort_by_key(|f| key(f).raised_at),
        SortKey::Assignee => flags.sort_by_cached_key(|f| {
            let assignee = key(f).assignee.map(str::to_lowercase);
            (assignee.is_none(), assignee)
        }),
    }
    if order.descending {
        flags.reverse();
    }
}

/// The page shown of `total` rows (the last one if `page` is past it, as when a nurse
/// resolved the last rows of the last page) and the rows on it.
pub fn page_of(total: usize, page: i64) -> (i64, Range<usize>) {
    let page = page.clamp(0, pages(total as i64) - 1);
    let start = (page * PAGE_SIZE) as usize;
    (page, start.min(total)..(start + PAGE_SIZE as usize).min(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    struct Flag {
        id: usize,
        name: &'static str,
        raised_at: i64,
        assignee: Option<&'static str>,
    }

    fn key(f: &Flag) -> FlagKey<'_> {
        FlagKey {
            patient_name: f.name,
            raised_at: f.raised_at,
            assignee: f.assignee,
        }
    }

    fn flags() -> Vec<Flag> {
        // In the queue's own order: 0 urgent, 1 and 2 high, 3 review.
        vec![
            Flag {
                id: 0,
                name: "kim",
                raised_at: 30,
                assignee: None,
            },
            Flag {
                id: 1,
                name: "Ann",
                raised_at: 10,
                assignee: Some("Zoë"),
            },
            Flag {
                id: 2,
                name: "bob",
                raised_at: 20,
                assignee: Some("adam"),
            },
            Flag {
                id: 3,
                name: "ann",
                raised_at: 5,
                assignee: None,
            },
        ]
    }

    fn sorted(sort: &str, desc: bool) -> Vec<usize> {
        let order = QueueOrder::parse(&QueueQuery {
            sort: sort.into(),
            desc,
            page: 0,
        })
        .expect("valid");
        let mut f = flags();
        super::sort(&mut f, &order, key);
        f.into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn each_column_sorts_and_ties_keep_the_queues_order() {
        assert_eq!(sorted("", false), [0, 1, 2, 3]);
        assert_eq!(sorted("level", true), [3, 2, 1, 0]);
        assert_eq!(sorted("patient", false), [1, 3, 2, 0], "case-blind, Ann before ann");
        assert_eq!(sorted("raised", false), [3, 1, 2, 0], "oldest first");
        assert_eq!(sorted("assignee", false), [2, 1, 0, 3], "assigned first, then by name");
    }

    #[test]
    fn unknown_sorts_and_pages_out_of_range_are_refused_by_field() {
        let bad = QueueQuery {
            sort: "level; DROP TABLE flags".into(),
            desc: false,
            page: -1,
        };
        let fields: Vec<String> = QueueOrder::parse(&bad)
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["sort", "page"]);
    }

    #[test]
    fn a_page_past_the_end_is_the_last_one() {
        assert_eq!(page_of(0, 0), (0, 0..0));
        assert_eq!(page_of(60, 1), (1, 50..60));
        assert_eq!(page_of(60, 7), (1, 50..60));
        assert_eq!(page_of(50, 1), (0, 0..50));
    }

    proptest! {
        /// Every row is on exactly one page, in order.
        #[test]
        fn the_pages_together_are_the_queue(total in 0usize..400) {
            let pages = pages(total as i64);
            let mut seen = Vec::new();
            for page in 0..pages {
                let (shown, rows) = page_of(total, page);
                prop_assert_eq!(shown, page);
                prop_assert!(rows.len() <= PAGE_SIZE as usize);
                seen.extend(rows);
            }
            prop_assert_eq!(seen, (0..total).collect::<Vec<_>>());
        }
    }
}
