//! "Ask the team": non-urgent messages from a patient (or their caregiver) to the care team,
//! and the team's replies. The rules, in one place:
//!
//! - A message is free text, 1 to [`MAX_CHARS`] characters once trimmed.
//! - Before a message is sent, its words are read for red flags (`triage::message_words`).
//!   One that reads like a red flag is not sent until its writer has seen the advice and
//!   chosen to send it anyway ([`gate`]): the browser shows the advice before any network
//!   round trip, and the server refuses an unconfirmed one all the same.
//! - A patient's message waits from when it was sent until the team's next reply. A thread
//!   waits from its oldest waiting message; it is overdue once it has waited longer than the
//!   centre's promised reply time ([`overdue`]), counted in clock hours (nights and weekends
//!   included: the promise a patient reads is in hours, so is the check).
//! - A patient may have at most [`MAX_WAITING`] messages waiting: a conversation, not a log
//!   (and a bound on what a runaway client can store).
use super::{
    triage::{message_words::RedFlagWords, Advice},
    validation::{required_text, Problem},
};

pub const MAX_CHARS: usize = 2000;
pub const MAX_WAITING: i64 = 20;
/// The range an admin may set a centre's promised reply time in (it starts at 48 hours, the
/// default of `centres.reply_hours` in migration 0021).
pub const REPLY_HOURS: std::ops::RangeInclusive<i64> = 1..=168;

/// The message as stored: trimmed, and neither empty nor too long.
pub fn message(raw: &str) -> Result<String, Problem> {
    required_text(raw, MAX_CHARS)
}

/// A promised reply time an admin may set: whole hours, from one hour to a week.
pub fn reply_hours(hours: i64) -> Result<i64, Problem> {
    if REPLY_HOURS.contains(&hours) {
        Ok(hours)
    } else {
        Err(Problem::ReplyHoursInvalid)
    }
}

/// What happens to a message about to be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Sent; with the advice its writer saw and chose to send it past, if any.
    Send(Option<Advice>),
    /// Not sent: show this advice first, and offer to send it anyway.
    ShowAdvice(Advice),
}

/// Whether a message may go: one that reads like a red flag goes only once its writer has
/// seen the advice (`confirmed`). The same function runs in the browser and on the server.
pub fn gate(words: &RedFlagWords, text: &str, confirmed: bool) -> Gate {
    match words.advice(text) {
        Some(advice) if !confirmed => Gate::ShowAdvice(advice),
        advice => Gate::Send(advice),
    }
}

/// A thread waiting since `since` (seconds) is overdue at `now` past `reply_hours`.
pub fn overdue(since: i64, now: i64, reply_hours: i64) -> bool {
    now - since > reply_hours * 3600
}

/// How long a thread has waited, in whole hours (rounded down; never below zero).
pub fn waited_hours(since: i64, now: i64) -> i64 {
    (now - since).max(0) / 3600
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_trimmed_and_kept_within_its_length() {
        assert_eq!(message("  Can I shower?  "), Ok("Can I shower?".into()));
        assert_eq!(message(" \n "), Err(Problem::Required));
        assert_eq!(
            message(&"ß".repeat(MAX_CHARS)).map(|m| m.chars().count()),
            Ok(MAX_CHARS)
        );
        assert_eq!(message(&"ß".repeat(MAX_CHARS + 1)), Err(Problem::TooLong));
    }

    #[test]
    fn a_red_flag_goes_only_once_its_advice_was_seen() {
        let words = RedFlagWords::builtin().expect("the lists read");
        let cases = [
            ("Can I take the bus home?", false, Gate::Send(None)),
            ("Can I take the bus home?", true, Gate::Send(None)),
            ("I have a fever of 38.6", false, Gate::ShowAdvice(Advice::CallCareTeam)),
            ("I have a fever of 38.6", true, Gate::Send(Some(Advice::CallCareTeam))),
            (
                "Il a fait une crise d'épilepsie",
                false,
                Gate::ShowAdvice(Advice::EmergencyFirst),
            ),
            ("Ich will nicht mehr leben", false, Gate::ShowAdvice(Advice::Crisis)),
            ("Ich will nicht mehr leben", true, Gate::Send(Some(Advice::Crisis))),
        ];
        for (text, confirmed, expected) in cases {
            assert_eq!(gate(&words, text, confirmed), expected, "{text} confirmed={confirmed}");
        }
    }

    #[test]
    fn a_thread_is_overdue_past_the_promised_hours_not_at_them() {
        let sent = 1_000_000;
        assert!(!overdue(sent, sent + 48 * 3600, 48));
        assert!(overdue(sent, sent + 48 * 3600 + 1, 48));
        assert!(!overdue(sent, sent + 3600, 2));
        assert_eq!(waited_hours(sent, sent + 3 * 3600 - 1), 2);
        assert_eq!(waited_hours(sent, sent - 5), 0);
    }

    #[test]
    fn the_promised_time_is_an_hour_to_a_week() {
        assert_eq!(reply_hours(1), Ok(1));
        assert_eq!(reply_hours(168), Ok(168));
        assert_eq!(reply_hours(0), Err(Problem::ReplyHoursInvalid));
        assert_eq!(reply_hours(169), Err(Problem::ReplyHoursInvalid));
        assert_eq!(reply_hours(-4), Err(Problem::ReplyHoursInvalid));
    }
}
