//! What a hospital webhook says, and what the dispatcher does with the receiver's answer:
//! pure, so that every branch is tested without a network.
//!
//! | answer | outcome |
//! |---|---|
//! | 2xx | sent |
//! | 408, 429, 5xx, no answer | retry: 30 s, doubling to an hour, never before `Retry-After` |
//! | 410 | the receiver is gone for good: give up |
//! | other 3xx and 4xx | the receiver refused it (a redirect, a signature it does not take): give up |
//! | a retry due more than a day after the flag | give up: by then the nurses' own queue has long shown it |
use crate::push::delivery::{backoff, retry_after};
use crate::storage::hospital_deliveries::FlagFacts;
use serde_json::json;

/// How long a red flag is worth telling.
pub const USEFUL_SECONDS: i64 = 24 * 3600;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Retry { at: i64 },
    GiveUp(String),
}

impl Outcome {
    /// The word kept in the history.
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::Retry { .. } => "retry",
            Outcome::GiveUp(_) => "failed",
        }
    }
}

/// What an attempt's answer means. `status` is `None` after a timeout or a network error;
/// `attempt` counts from 1; `created_at` is when the flag was queued.
pub fn classify(
    status: Option<u16>,
    retry_after_header: Option<&str>,
    attempt: u32,
    now: i64,
    created_at: i64,
) -> Outcome {
    let retry = || {
        let mut at = now.saturating_add(backoff(attempt));
        if let Some(asked) = retry_after_header.and_then(|v| retry_after(v, now)) {
            at = at.max(asked);
        }
        if at > created_at.saturating_add(USEFUL_SECONDS) {
            Outcome::GiveUp("no delivery within a day".into())
        } else {
            Outcome::Retry { at }
        }
    };
    match status {
        Some(200..=299) => Outcome::Sent,
        Some(408 | 429 | 500..=599) | None => retry(),
        Some(410) => Outcome::GiveUp("the receiver answered 410: gone".into()),
        Some(other) => Outcome::GiveUp(format!("the receiver refused it with {other}")),
    }
}

/// The message, in the Standard Webhooks shape (`type`, `timestamp`, `data`). It names the
/// patient by the hospital's number and this app's id only: no name, no answers.
pub fn body(flag: &FlagFacts, public_url: &str) -> String {
    let raised = chrono::DateTime::from_timestamp(flag.raised_at, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    json!({
        "type": "flag.raised",
        "timestamp": raised,
        "data": {
            "flag_id": flag.flag_id,
            "level": flag.level,
            "rule": flag.rule,
            "advice": flag.advice,
            "raised_at": raised,
            "patient": {
                "hospital_number": flag.hospital_number,
                "app_patient_id": flag.patient_id,
            },
            "centre": flag.centre,
            "link": format!("{}/patients/{}", public_url.trim_end_matches('/'), flag.patient_id),
        }
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn each_answer_has_its_outcome() {
        let queued = NOW - 60;
        let cases: &[(Option<u16>, Option<&str>, u32, Outcome)] = &[
            (Some(200), None, 1, Outcome::Sent),
            (Some(204), None, 3, Outcome::Sent),
            (Some(503), None, 1, Outcome::Retry { at: NOW + 30 }),
            (Some(500), None, 3, Outcome::Retry { at: NOW + 120 }),
            (None, None, 2, Outcome::Retry { at: NOW + 60 }),
            (Some(408), None, 1, Outcome::Retry { at: NOW + 30 }),
            (Some(429), Some("600"), 1, Outcome::Retry { at: NOW + 600 }),
            (Some(429), Some("5"), 1, Outcome::Retry { at: NOW + 30 }),
            (Some(503), None, 30, Outcome::Retry { at: NOW + 3600 }),
            (
                Some(410),
                None,
                1,
                Outcome::GiveUp("the receiver answered 410: gone".into()),
            ),
            (
                Some(401),
                None,
                1,
                Outcome::GiveUp("the receiver refused it with 401".into()),
            ),
            (
                Some(302),
                None,
                1,
                Outcome::GiveUp("the receiver refused it with 302".into()),
            ),
            (
                Some(429),
                Some("86400"),
                1,
                Outcome::GiveUp("no delivery within a day".into()),
            ),
        ];
        for (status, retry_after, attempt, expected) in cases {
            assert_eq!(
                classify(*status, *retry_after, *attempt, NOW, queued),
                *expected,
                "{status:?} {retry_after:?} {attempt}"
            );
        }
    }

    #[test]
    fn a_retry_past_a_day_after_the_flag_is_given_up() {
        let queued = NOW - USEFUL_SECONDS + 200;
        assert_eq!(classify(None, None, 3, NOW, queued), Outcome::Retry { at: NOW + 120 });
        assert_eq!(
            classify(None, None, 4, NOW, queued),
            Outcome::GiveUp("no delivery within a day".into())
        );
    }

    #[test]
    fn the_message_names_the_patient_by_numbers_only() {
        let flag = FlagFacts {
            flag_id: 7,
            patient_id: 42,
            hospital_number: Some("MRN-0042".into()),
            centre: "UZ Leuven".into(),
            rule: "fever".into(),
            level: "urgent".into(),
            advice: Some("call_now".into()),
            raised_at: 1_800_000_000,
        };
        let sent: serde_json::Value = serde_json::from_str(&body(&flag, "https://app.example/")).unwrap_or_default();
        assert_eq!(sent["type"], "flag.raised");
        assert_eq!(sent["timestamp"], "2027-01-15T08:00:00Z");
        assert_eq!(sent["data"]["patient"]["hospital_number"], "MRN-0042");
        assert_eq!(sent["data"]["patient"]["app_patient_id"], 42);
        assert_eq!(sent["data"]["link"], "https://app.example/patients/42");
        assert_eq!(sent["data"]["advice"], "call_now");
    }

    /// The worked example of the README's "red flags to your systems", made by this code.
    #[test]
    fn the_readme_example_is_what_is_sent() {
        let flag = FlagFacts {
            flag_id: 1234,
            patient_id: 57,
            hospital_number: Some("MRN-2026/0042".into()),
            centre: "UZ Leuven".into(),
            rule: "fever".into(),
            level: "urgent".into(),
            advice: Some("call_now".into()),
            raised_at: 1_796_592_000,
        };
        let sent = body(&flag, "https://vtv.hospital.example");
        let readme = include_str!("../../../README.md");
        assert!(readme.contains(&format!("\n{sent}\n")), "{sent}");
        let signature = crate::webhook_signatures::sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_vtv_3f9a0c1d2b7e4f6a8c5d1e2f3a4b5c6d_1",
            1_796_592_000,
            sent.as_bytes(),
        );
        assert!(
            readme.contains(&format!("webhook-signature: {signature}\n")),
            "{signature}"
        );
    }
}
