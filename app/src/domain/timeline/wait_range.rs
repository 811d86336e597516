//! "How long will I wait?", answered from the centre's own past: how many days cells for
//! this product took to come back after collection, as the median and the range that held
//! for 8 people out of 10, over the last 12 months. Fewer than [`MIN_CASES`] treatments say
//! nothing reliable and could single someone out: then the catalogue's published figure is
//! shown, and said to be one.
//!
//! The rule, in one place:
//! - the days are sorted; the value at rank `k` (1-based) is the `k`-th smallest;
//! - the median is the value at rank ⌈n/2⌉ (the lower of the two middle ones when n is even);
//! - the range runs from rank ⌈n/10⌉ to rank ⌈9n/10⌉ (nearest-rank 10th and 90th
//!   percentiles). At least ⌈9n/10⌉ − ⌈n/10⌉ + 1 ≥ 8n/10 of the past durations lie inside it,
//!   so "8 out of 10" is never an overstatement; and every figure is one that really happened.
use serde::{Deserialize, Serialize};

/// The fewest past treatments whose figures are shown (counts of 10 or more only).
pub const MIN_CASES: usize = 10;

/// What the centre's past says, in whole days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    pub median: i64,
    /// 8 out of 10 took from `low` to `high` days.
    pub low: i64,
    pub high: i64,
    /// How many past treatments it is drawn from (never under [`MIN_CASES`]).
    pub cases: usize,
}

/// What the waiting card can honestly say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitEstimate {
    /// From this centre's own past treatments of the product.
    AtThisCentre(DayRange),
    /// Too few past treatments here: the product's published figure, from `low` to `high` days.
    Published { low: i64, high: i64 },
    /// Neither: the card says nothing about how long.
    Unknown,
}

/// The value at 1-based rank `⌈p·n⌉` (at least 1) of sorted `days`; `p` in (0, 1].
fn nearest_rank(sorted: &[i64], numerator: usize, denominator: usize) -> i64 {
    let rank = (sorted.len() * numerator).div_ceil(denominator).max(1);
    sorted[rank - 1]
}

/// The range of `days` (any order; negative or absurd values are the caller's to leave out),
/// when there are enough of them.
pub fn day_range(days: &[i64]) -> Option<DayRange> {
    if days.len() < MIN_CASES {
        return None;
    }
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    Some(DayRange {
        median: nearest_rank(&sorted, 1, 2),
        low: nearest_rank(&sorted, 1, 10),
        high: nearest_rank(&sorted, 9, 10),
        cases: sorted.len(),
    })
}

/// The centre's own range when it has enough past treatments, else the published figure.
pub fn estimate(days: &[i64], published: Option<(i64, i64)>) -> WaitEstimate {
    match (day_range(days), published) {
        (Some(range), _) => WaitEstimate::AtThisCentre(range),
        (None, Some((low, high))) => WaitEstimate::Published { low, high },
        (None, None) => WaitEstimate::Unknown,
    }
}

#[cfg(test)]
#[path = "wait_range_tests.rs"]
mod tests;
