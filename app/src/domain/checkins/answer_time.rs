//! When an answer was given, as opposed to when it arrived. A phone without signal keeps a
//! check-in and sends it later, saying when the person answered; the server believes that
//! time only within bounds, so that a late send of a timely answer is not marked late, and
//! a wrong clock (or a made-up time) cannot move an answer far.
//!
//! The rule: a claimed time is believed when it is at most `OFFLINE_WINDOW_SECONDS` (72 h)
//! before the arrival and at most `CLOCK_SKEW_SECONDS` (5 min) after it; an answer cannot
//! be given after it arrived, so a time slightly ahead (a fast clock) counts as the arrival.
//! Otherwise, and when no time is claimed, the answer was given when it arrived.

/// How long a phone may keep an answer and still have its time believed.
pub const OFFLINE_WINDOW_SECONDS: i64 = 72 * 3600;
/// How far ahead of the server a phone's clock may run.
pub const CLOCK_SKEW_SECONDS: i64 = 5 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnswerTime {
    /// Unix seconds: when the answer counts as given.
    pub at: i64,
    /// The phone's own time was used (the answer was kept offline and sent later).
    pub claimed: bool,
}

/// When an answer that arrived at `arrived` (Unix seconds) counts as given, from the time
/// the phone claims, if any.
pub fn answer_time(claimed: Option<i64>, arrived: i64) -> AnswerTime {
    match claimed {
        Some(at) if at >= arrived - OFFLINE_WINDOW_SECONDS && at <= arrived + CLOCK_SKEW_SECONDS => AnswerTime {
            at: at.min(arrived),
            claimed: at < arrived,
        },
        _ => AnswerTime {
            at: arrived,
            claimed: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn a_table_of_cases() {
        let cases = [
            (None, NOW, false, "nothing claimed: the arrival"),
            (Some(NOW - 3600), NOW - 3600, true, "an hour offline: believed"),
            (
                Some(NOW - OFFLINE_WINDOW_SECONDS),
                NOW - OFFLINE_WINDOW_SECONDS,
                true,
                "72 h exactly: believed",
            ),
            (
                Some(NOW - OFFLINE_WINDOW_SECONDS - 1),
                NOW,
                false,
                "past 72 h: the arrival",
            ),
            (Some(NOW + 60), NOW, false, "a fast clock: the arrival"),
            (Some(NOW + CLOCK_SKEW_SECONDS + 1), NOW, false, "far ahead: the arrival"),
            (Some(0), NOW, false, "the epoch: the arrival"),
            (Some(i64::MIN), NOW, false, "nonsense: the arrival"),
        ];
        for (claimed, at, was_claimed, why) in cases {
            assert_eq!(
                answer_time(claimed, NOW),
                AnswerTime {
                    at,
                    claimed: was_claimed
                },
                "{why}"
            );
        }
    }

    proptest! {
        #[test]
        fn never_after_arrival_nor_more_than_the_window_before(claimed in any::<Option<i64>>(), arrived in 0i64..4_000_000_000) {
            let time = answer_time(claimed, arrived);
            prop_assert!(time.at <= arrived);
            prop_assert!(time.at >= arrived - OFFLINE_WINDOW_SECONDS);
            prop_assert_eq!(time.claimed, time.at != arrived);
        }
    }
}
