//! "My results" shows past answers a page at a time, newest first: a year of twice-daily
//! diaries in words is over a megabyte, too much for a phone on a poor network. The charts
//! still draw every answer. The rule, in one place: a page holds [`PAGE`] answers from the
//! `from`-th newest (0 the newest); a `from` past the end shows the last page.
use serde::{Deserialize, Serialize};

pub const PAGE: usize = 30;

/// Which answers a page shows, newest first, and where its neighbours start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// The newest-first positions shown: `start..end`.
    pub start: usize,
    pub end: usize,
    pub total: usize,
    /// Older answers, from there on; none on the last page.
    pub older_from: Option<usize>,
    /// Newer answers, from there on; none on the first page.
    pub newer_from: Option<usize>,
}

pub fn window(total: usize, from: usize) -> Window {
    let last_page_start = total.saturating_sub(1) / PAGE * PAGE;
    let start = from.min(last_page_start);
    let end = (start + PAGE).min(total);
    Window {
        start,
        end,
        total,
        older_from: (end < total).then_some(end),
        newer_from: (start > 0).then(|| start.saturating_sub(PAGE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_run_newest_first_and_a_page_past_the_end_is_the_last() {
        let w = |start, end, total, older, newer| Window {
            start,
            end,
            total,
            older_from: older,
            newer_from: newer,
        };
        assert_eq!(window(0, 0), w(0, 0, 0, None, None));
        assert_eq!(window(2, 0), w(0, 2, 2, None, None));
        assert_eq!(window(30, 0), w(0, 30, 30, None, None));
        assert_eq!(window(31, 0), w(0, 30, 31, Some(30), None));
        assert_eq!(window(31, 30), w(30, 31, 31, None, Some(0)));
        assert_eq!(window(730, 60), w(60, 90, 730, Some(90), Some(30)));
        assert_eq!(window(730, 725), w(720, 730, 730, None, Some(690)));
        assert_eq!(window(31, 999), w(30, 31, 31, None, Some(0)));
        // A `from` between pages starts there; its newer page ends where it starts.
        assert_eq!(window(100, 45), w(45, 75, 100, Some(75), Some(15)));
    }
}
