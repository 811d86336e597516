//! What goes on the one-page summary a patient downloads, and what gives way when it would
//! not fit. The page is for a doctor elsewhere, a pharmacist, a relative: the timeline, the
//! latest score of each scale with its band in words, and the questions still open.
//!
//! The rule: the timeline starts [`DONE_SHOWN`] steps before the first one still to come
//! ([`from_recent`]), the steps done long ago being in the app; every section keeps its
//! first rows up to its cap and says how many more the app holds ([`capped`]); a text longer
//! than [`LONGEST`] characters is cut at a word with "…" ([`clipped`]). The caps are chosen
//! so that a full timeline, every scale with its context and the capped questions, each on
//! two lines, fit one A4 page at the sizes the renderer uses (measured in the HTTP test with
//! 50 long questions); the renderer still stops at the foot of the page, with "…", rather
//! than start a second.

/// One line of a section: when (a date, or empty), and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub when: String,
    pub what: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub rows: Vec<Row>,
    /// Said instead of rows when there are none ("No open questions.").
    pub empty: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub title: String,
    /// The patient's name and the day the summary was made.
    pub about: String,
    pub sections: Vec<Section>,
    /// The centre, its hotline, and the emergency number.
    pub footer: Vec<String>,
    /// The document's language (`fr`), for readers that speak it aloud.
    pub language: String,
}

/// Rows per section, at most: the timeline's steps, the scales, the open questions.
pub const TIMELINE_ROWS: usize = 12;
pub const SCORE_ROWS: usize = 6;
pub const QUESTION_ROWS: usize = 6;
/// Characters of one row's text, at most: two lines.
pub const LONGEST: usize = 160;
/// Steps done shown before the first still to come.
pub const DONE_SHOWN: usize = 2;

/// The timeline's rows from [`DONE_SHOWN`] before the first still to come (`first_open`, in
/// date order; past the end when all are done, which shows the last ones).
pub fn from_recent(rows: Vec<Row>, first_open: usize) -> Vec<Row> {
    let start = first_open.min(rows.len()).saturating_sub(DONE_SHOWN);
    rows.into_iter().skip(start).collect()
}

/// The first `cap` rows; past it, the last one kept says how many more there are, in the
/// words `more` gives for that number.
pub fn capped(mut rows: Vec<Row>, cap: usize, more: impl Fn(usize) -> String) -> Vec<Row> {
    if rows.len() <= cap || cap == 0 {
        rows.truncate(cap);
        return rows;
    }
    let hidden = rows.len() - (cap - 1);
    rows.truncate(cap - 1);
    rows.push(Row {
        when: String::new(),
        what: more(hidden),
    });
    rows
}

/// `text` whole if it is at most `longest` characters, else cut at the last space before
/// that (or at `longest` if there is none) and ended with "…".
pub fn clipped(text: &str, longest: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= longest {
        return text.to_string();
    }
    let cut: String = text.chars().take(longest.saturating_sub(1)).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(space) if space > 0 => cut[..space].trim_end().to_string(),
        _ => cut,
    };
    format!("{at_word}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|i| Row {
                when: format!("day {i}"),
                what: format!("step {i}"),
            })
            .collect()
    }

    #[test]
    fn a_section_within_its_cap_is_kept_whole() {
        assert_eq!(capped(rows(3), 3, |n| format!("{n} more")), rows(3));
        assert_eq!(capped(rows(0), 3, |n| format!("{n} more")), rows(0));
    }

    #[test]
    fn past_its_cap_the_last_row_counts_what_was_left_out() {
        let kept = capped(rows(10), 4, |n| format!("and {n} more in the app"));
        assert_eq!(kept.len(), 4);
        assert_eq!(kept[..3], rows(3)[..]);
        // Rows 3 to 9: seven left out, the last row's place included.
        assert_eq!(kept[3].what, "and 7 more in the app");
        assert_eq!(kept[3].when, "");
    }

    #[test]
    fn the_timeline_starts_just_before_what_comes_next() {
        let whats = |kept: Vec<Row>| kept.into_iter().map(|r| r.what).collect::<Vec<_>>();
        assert_eq!(whats(from_recent(rows(6), 0)), whats(rows(6)), "nothing done yet");
        assert_eq!(whats(from_recent(rows(6), 4)), ["step 2", "step 3", "step 4", "step 5"]);
        assert_eq!(
            whats(from_recent(rows(6), 6)),
            ["step 4", "step 5"],
            "all done: the last ones"
        );
        assert_eq!(whats(from_recent(rows(6), 99)), ["step 4", "step 5"]);
    }

    #[test]
    fn long_text_is_cut_at_a_word_and_marked() {
        assert_eq!(clipped("  short  ", 10), "short");
        assert_eq!(clipped("Puis-je conduire après l'hôpital", 20), "Puis-je conduire…");
        // No space to cut at: cut in the word, on a character (not a byte) boundary.
        assert_eq!(clipped("ééééééééééé", 5), "éééé…");
        let cut = clipped(&"Größe ".repeat(60), LONGEST);
        assert!(cut.chars().count() <= LONGEST, "{}", cut.chars().count());
        assert!(cut.ends_with("Größe…"), "{cut}");
    }
}
