//! The nurses' board of a centre, searched, filtered, sorted and paged: what a request may
//! ask for, checked once at the boundary. After `BoardFilter::parse` the storage layer only
//! meets known sort keys and a search that is plain text (its `%` and `_` escaped), so
//! nothing a nurse types can change the query's shape.
use super::{
    timeline::Stage,
    validation::{FieldProblem, Problem},
};
use serde::{Deserialize, Serialize};

/// Rows on one page: a screen's worth on a desktop, quick to render on a phone.
pub const PAGE_SIZE: i64 = 50;
/// The highest page number taken (from 0): past any centre's patients or flags.
pub const LAST_PAGE: i64 = 100_000;
/// The longest search taken: a name or an order reference.
pub const SEARCH_MAX: usize = 100;

/// As the board's form sends it (all fields optional: an empty form is the whole centre).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoardQuery {
    /// A part of the name or of the order reference.
    pub q: String,
    /// A stage's code, `none` for patients without an active treatment, or empty for any.
    pub stage: String,
    /// Only patients with an open flag.
    pub flagged: bool,
    /// Only patients who missed a check-in.
    pub missed: bool,
    /// Only the viewer's own patients.
    pub mine: bool,
    pub sort: String,
    pub desc: bool,
    /// From 0.
    pub page: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageFilter {
    Any,
    NoTreatment,
    Is(Stage),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Worst open flag first, then missed check-ins, then name: who needs a look.
    #[default]
    Attention,
    Name,
    Stage,
    Next,
    Nurse,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Attention,
        SortKey::Name,
        SortKey::Stage,
        SortKey::Next,
        SortKey::Nurse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Attention => "attention",
            SortKey::Name => "name",
            SortKey::Stage => "stage",
            SortKey::Next => "next",
            SortKey::Nurse => "nurse",
        }
    }
}

/// A checked [`BoardQuery`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardFilter {
    /// Lower-cased, trimmed; empty for no search.
    pub search: String,
    pub stage: StageFilter,
    pub flagged: bool,
    pub missed: bool,
    pub mine: bool,
    pub sort: SortKey,
    pub descending: bool,
    pub page: i64,
}

impl BoardFilter {
    pub fn parse(query: &BoardQuery) -> Result<BoardFilter, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let search = query.q.trim().to_lowercase();
        if search.chars().count() > SEARCH_MAX {
            problems.push(FieldProblem::new("q", Problem::TooLong));
        }
        let stage = match query.stage.as_str() {
            "" => Some(StageFilter::Any),
            "none" => Some(StageFilter::NoTreatment),
            code => Stage::parse(code).map(StageFilter::Is),
        };
        let sort = match query.sort.as_str() {
            "" => Some(SortKey::Attention),
            code => SortKey::ALL.into_iter().find(|k| k.as_str() == code),
        };
        if stage.is_none() {
            problems.push(FieldProblem::new("stage", Problem::ChoiceInvalid));
        }
        if sort.is_none() {
            problems.push(FieldProblem::new("sort", Problem::ChoiceInvalid));
        }
        if !(0..=LAST_PAGE).contains(&query.page) {
            problems.push(FieldProblem::new("page", Problem::ChoiceInvalid));
        }
        match (stage, sort) {
            (Some(stage), Some(sort)) if problems.is_empty() => Ok(BoardFilter {
                search,
                stage,
                flagged: query.flagged,
                missed: query.missed,
                mine: query.mine,
                sort,
                descending: query.desc,
                page: query.page,
            }),
            _ => Err(problems),
        }
    }

    /// The search as a `LIKE` pattern: `%` and `_` typed by the nurse match themselves.
    pub fn like_pattern(&self) -> String {
        let escaped: String = self
            .search
            .chars()
            .flat_map(|c| match c {
                '\\' | '%' | '_' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        format!("%{escaped}%")
    }
}

/// How many pages `total` rows fill (at least one, so that "page 1 of 1" reads right).
pub fn pages(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_form_is_the_whole_centre_worst_first() {
        let f = BoardFilter::parse(&BoardQuery::default()).expect("valid");
        assert_eq!(
            (f.stage, f.sort, f.page, f.search.as_str()),
            (StageFilter::Any, SortKey::Attention, 0, "")
        );
    }

    #[test]
    fn unknown_stages_sorts_and_pages_and_long_searches_are_refused_by_field() {
        let bad = BoardQuery {
            q: "x".repeat(SEARCH_MAX + 1),
            stage: "cured".into(),
            sort: "full_name; DROP TABLE patients".into(),
            page: -1,
            ..BoardQuery::default()
        };
        let fields: Vec<String> = BoardFilter::parse(&bad)
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["q", "stage", "sort", "page"]);
    }

    #[test]
    fn the_search_matches_what_was_typed_even_wildcards() {
        let query = BoardQuery {
            q: "  ORD_50% ".into(),
            stage: "close_monitoring".into(),
            sort: "next".into(),
            ..BoardQuery::default()
        };
        let f = BoardFilter::parse(&query).expect("valid");
        assert_eq!(f.like_pattern(), "%ord\\_50\\%%");
        assert_eq!(
            (f.stage, f.sort),
            (StageFilter::Is(Stage::CloseMonitoring), SortKey::Next)
        );
    }

    #[test]
    fn pages_round_up_and_an_empty_board_has_one() {
        assert_eq!(
            [pages(0), pages(1), pages(50), pages(51), pages(2000)],
            [1, 1, 1, 2, 40]
        );
    }
}
