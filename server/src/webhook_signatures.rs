//! Standard Webhooks (standardwebhooks.com) signatures: HMAC-SHA256 over
//! "{webhook-id}.{webhook-timestamp}.{raw body}", keyed with the integration's secret
//! ("whsec_" + base64), sent as one or more "v1,<base64>" in `webhook-signature`.
use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far the sender's clock may be from ours.
pub const TOLERANCE_SECONDS: i64 = 5 * 60;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    #[error("webhook-timestamp is not a number of seconds")]
    BadTimestamp,
    #[error("webhook-timestamp is more than 5 minutes from the server's clock")]
    TimestampOutOfTolerance,
    #[error("no signature matches")]
    NoMatch,
}

/// A fresh secret to give an integration once.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    format!("whsec_{}", STANDARD.encode(key))
}

fn key_bytes(secret: &str) -> Vec<u8> {
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    STANDARD.decode(encoded).unwrap_or_else(|_| secret.as_bytes().to_vec())
}

fn mac(secret: &str, id: &str, timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key_bytes(secret)).unwrap_or_else(|_| unreachable!());
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `webhook-signature` value a sender puts on a message (used by tests and tools).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, id, &timestamp.to_string(), body).finalize().into_bytes();
    format!("v1,{}", STANDARD.encode(tag))
}

/// Checks the timestamp window, then each offered signature in constant time.
pub fn verify(
    secret: &str,
    id: &str,
    timestamp: &str,
    signatures: &str,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let sent: i64 = timestamp.trim().parse().map_err(|_| SignatureError::BadTimestamp)?;
    // abs_diff: a timestamp near i64::MIN overflowed `now - sent` (found by the fuzzer).
    if now.abs_diff(sent) > TOLERANCE_SECONDS.unsigned_abs() {
        return Err(SignatureError::TimestampOutOfTolerance);
    }
    let matched = signatures
        .split(' ')
        .filter_map(|s| s.strip_prefix("v1,"))
        .any(|candidate| {
            STANDARD
                .decode(candidate)
                .is_ok_and(|tag| mac(secret, id, timestamp.trim(), body).verify_slice(&tag).is_ok())
        });
    if matched {
        Ok(())
    } else {
        Err(SignatureError::NoMatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timestamp_at_the_end_of_the_range_is_out_of_tolerance_not_an_overflow() {
        for timestamp in ["-9223372036854775807", "-9223372036854775808", "9223372036854775807"] {
            assert_eq!(
                verify(
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                    "msg",
                    timestamp,
                    "v1,x",
                    b"{}",
                    1_800_000_000
                ),
                Err(SignatureError::TimestampOutOfTolerance),
                "{timestamp}"
            );
        }
    }

    // The example of the Standard Webhooks specification's reference libraries.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const EXPECTED: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    #[test]
    fn signs_like_the_specification_example() {
        assert_eq!(sign(SECRET, ID, TIMESTAMP, BODY), EXPECTED);
    }

    #[test]
    fn accepts_a_good_signature_among_several_and_refuses_tampering() {
        let ts = TIMESTAMP.to_string();
        let offered = format!("v1,bm90IGl0 {EXPECTED}");
        assert_eq!(verify(SECRET, ID, &ts, &offered, BODY, TIMESTAMP + 10), Ok(()));
        assert_eq!(
            verify(SECRET, ID, &ts, EXPECTED, br#"{"test": 2432232315}"#, TIMESTAMP),
            Err(SignatureError::NoMatch)
        );
        assert_eq!(
            verify(SECRET, "msg_other", &ts, EXPECTED, BODY, TIMESTAMP),
            Err(SignatureError::NoMatch)
        );
        assert_eq!(
            verify(
                "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                ID,
                &ts,
                EXPECTED,
                BODY,
                TIMESTAMP
            ),
            Err(SignatureError::NoMatch)
        );
    }

    #[test]
    fn refuses_timestamps_more_than_five_minutes_away_either_side() {
        let ts = TIMESTAMP.to_string();
        assert_eq!(verify(SECRET, ID, &ts, EXPECTED, BODY, TIMESTAMP + 300), Ok(()));
        assert_eq!(
            verify(SECRET, ID, &ts, EXPECTED, BODY, TIMESTAMP + 301),
            Err(SignatureError::TimestampOutOfTolerance)
        );
        assert_eq!(
            verify(SECRET, ID, &ts, EXPECTED, BODY, TIMESTAMP - 301),
            Err(SignatureError::TimestampOutOfTolerance)
        );
        assert_eq!(
            verify(SECRET, ID, "soon", EXPECTED, BODY, TIMESTAMP),
            Err(SignatureError::BadTimestamp)
        );
    }
}
