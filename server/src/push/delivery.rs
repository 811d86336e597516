//! What the dispatcher does with a push service's answer, and the headers it sends: pure,
//! so that every branch is tested without a network.
//!
//! | answer | outcome |
//! |---|---|
//! | 2xx | sent |
//! | 404, 410 | the device is gone: delete its subscription |
//! | 413 | too large: record it, no retry |
//! | 429, 5xx, no answer | retry with exponential backoff, never before Retry-After |
//! | other 4xx | give up and record it (a VAPID mismatch answers 403) |
use chrono::DateTime;

/// The first retry waits this long; each next one twice as long, up to `MAX_BACKOFF`.
pub const FIRST_BACKOFF: i64 = 30;
pub const MAX_BACKOFF: i64 = 3600;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Gone,
    TooLarge,
    /// Try again at this instant (seconds).
    Retry {
        at: i64,
    },
    /// Not worth trying again: why.
    GiveUp(String),
}

/// Seconds to wait before attempt `attempt + 1` (attempt counts from 1).
pub fn backoff(attempt: u32) -> i64 {
    let doublings = attempt.saturating_sub(1).min(16);
    (FIRST_BACKOFF << doublings).min(MAX_BACKOFF)
}

/// `Retry-After` as an instant: delta-seconds or an HTTP date. The web-push crates drop it
/// on 429, so the dispatcher reads the header itself.
pub fn retry_after(value: &str, now: i64) -> Option<i64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<i64>() {
        return if seconds >= 0 { now.checked_add(seconds) } else { None };
    }
    DateTime::parse_from_rfc2822(value).ok().map(|t| t.timestamp())
}

/// What an attempt's answer means. `status` is `None` after a timeout or a network error;
/// a retry that would come after the reminder stops being useful is given up.
pub fn classify(
    status: Option<u16>,
    retry_after_header: Option<&str>,
    attempt: u32,
    now: i64,
    expires_at: i64,
) -> Outcome {
    let retry = || {
        let mut at = now.saturating_add(backoff(attempt));
        if let Some(asked) = retry_after_header.and_then(|v| retry_after(v, now)) {
            at = at.max(asked);
        }
        if at >= expires_at {
            Outcome::GiveUp("expired before it could be delivered".into())
        } else {
            Outcome::Retry { at }
        }
    };
    match status {
        Some(200..=299) => Outcome::Sent,
        Some(404 | 410) => Outcome::Gone,
        Some(413) => Outcome::TooLarge,
        Some(429) | Some(500..=599) | None => retry(),
        Some(other) => Outcome::GiveUp(format!("the push service answered {other}")),
    }
}

/// What a push service said, fit to store: printable text only (PostgreSQL refuses NUL),
/// at most 200 characters.
pub fn detail(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The push `TTL`: the reminder's remaining useful life, never the services' 28-day
/// default. `None` when it is no longer worth sending.
pub fn ttl(now: i64, expires_at: i64) -> Option<u32> {
    let left = expires_at - now;
    (left > 0).then(|| u32::try_from(left).unwrap_or(u32::MAX))
}

/// The push `Topic`: one per reminder, so that a re-send after a crash replaces the first
/// on the device instead of showing twice (at most 32 URL-safe characters).
pub fn topic(reminder_id: i64) -> String {
    format!("reminder-{reminder_id}")
}

/// The push `Urgency`: high for the nurses' urgent alerts, normal otherwise.
pub fn urgency(urgent: bool) -> &'static str {
    if urgent {
        "high"
    } else {
        "normal"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;
    const LATER: i64 = NOW + 6 * 3600;

    #[test]
    fn each_answer_has_its_outcome() {
        assert_eq!(classify(Some(201), None, 1, NOW, LATER), Outcome::Sent);
        assert_eq!(classify(Some(410), None, 1, NOW, LATER), Outcome::Gone);
        assert_eq!(classify(Some(404), None, 1, NOW, LATER), Outcome::Gone);
        assert_eq!(classify(Some(413), None, 1, NOW, LATER), Outcome::TooLarge);
        assert_eq!(
            classify(Some(503), None, 1, NOW, LATER),
            Outcome::Retry { at: NOW + 30 }
        );
        assert_eq!(classify(None, None, 2, NOW, LATER), Outcome::Retry { at: NOW + 60 });
        assert_eq!(
            classify(Some(403), None, 1, NOW, LATER),
            Outcome::GiveUp("the push service answered 403".into())
        );
    }

    #[test]
    fn a_429_is_retried_no_earlier_than_retry_after() {
        // Asked to wait 120 s: longer than the first backoff (30 s), so 120 s it is.
        assert_eq!(
            classify(Some(429), Some("120"), 1, NOW, LATER),
            Outcome::Retry { at: NOW + 120 }
        );
        // Asked to wait 5 s on the fourth attempt: the backoff (240 s) is longer.
        assert_eq!(
            classify(Some(429), Some("5"), 4, NOW, LATER),
            Outcome::Retry { at: NOW + 240 }
        );
        // As an HTTP date.
        let date = DateTime::from_timestamp(NOW + 600, 0).expect("date").to_rfc2822();
        assert_eq!(
            classify(Some(429), Some(&date), 1, NOW, LATER),
            Outcome::Retry { at: NOW + 600 }
        );
        // Unreadable: the backoff alone.
        assert_eq!(
            classify(Some(429), Some("soon"), 1, NOW, LATER),
            Outcome::Retry { at: NOW + 30 }
        );
    }

    #[test]
    fn backoff_doubles_up_to_an_hour_and_gives_up_when_the_reminder_is_stale() {
        let waits: Vec<i64> = (1..=9).map(backoff).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(u32::MAX), 3600);
        assert!(matches!(
            classify(Some(500), None, 1, NOW, NOW + 10),
            Outcome::GiveUp(_)
        ));
        assert!(matches!(
            classify(Some(429), Some("7200"), 1, NOW, NOW + 3600),
            Outcome::GiveUp(_)
        ));
    }

    #[test]
    fn what_a_push_service_said_is_stored_printable_and_short() {
        assert_eq!(detail(b"bad\0request\r\n"), "bad request");
        assert_eq!(detail(&[b'x'; 500]).len(), 200);
        assert_eq!(detail(&[0xff, b'a']), "\u{fffd}a");
        // A huge Retry-After does not overflow.
        assert_eq!(retry_after("9223372036854775807", NOW), None);
        assert!(matches!(
            classify(Some(429), Some("9223372036854775807"), 1, NOW, LATER),
            Outcome::Retry { .. } | Outcome::GiveUp(_)
        ));
    }

    #[test]
    fn ttl_is_the_remaining_useful_life_and_topic_and_urgency_follow_the_reminder() {
        assert_eq!(ttl(NOW, NOW + 4 * 3600), Some(14_400));
        assert_eq!(ttl(NOW, NOW), None);
        assert_eq!(ttl(NOW, NOW - 5), None);
        let t = topic(9_223_372_036_854_775_807);
        assert!(t.len() <= 32, "{t}");
        assert!(t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(urgency(true), "high");
        assert_eq!(urgency(false), "normal");
    }
}
