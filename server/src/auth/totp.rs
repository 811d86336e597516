//! Time-based one-time passwords (RFC 6238, as authenticator apps make them): HMAC-SHA-1 of
//! the 30-second step since 1970, truncated to 6 digits (RFC 4226). A code is taken for the
//! step before, this one or the next (phones' clocks drift), and only for a step newer than
//! the last one taken, so that a code is good once. Recovery codes stand in for a lost phone:
//! ten, each good once, kept only as digests.
use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
/// Steps either side of now that a code is still taken for.
const DRIFT_STEPS: i64 = 1;
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits a person reads without confusing (no 0/O, 1/I/L).
const RECOVERY_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new secret: 20 random bytes (RFC 4226's recommended length), in base32 as apps take it.
pub fn new_secret() -> String {
    let mut key = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut key);
    BASE32_NOPAD.encode(&key)
}

/// The address an authenticator app reads (as a QR code or a link) to add the account.
pub fn provisioning_uri(secret: &str, issuer: &str, account: &str) -> String {
    let label = format!("{issuer}:{account}");
    format!(
        "otpauth://totp/{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        url::form_urlencoded::byte_serialize(label.as_bytes())
            .collect::<String>()
            .replace('+', "%20"),
        url::form_urlencoded::byte_serialize(issuer.as_bytes())
            .collect::<String>()
            .replace('+', "%20"),
    )
}

/// The 6-digit code of `step` (HOTP of the step counter).
pub fn code_at(secret: &str, step: i64) -> Option<u32> {
    let key = BASE32_NOPAD.decode(secret.trim_end_matches('=').as_bytes()).ok()?;
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let word = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    Some(word % 1_000_000)
}

/// The step a typed code belongs to, if it is right for a step near `now` newer than
/// `last_step`. Spaces typed in the middle are ignored; anything but 6 digits is wrong.
pub fn matching_step(secret: &str, typed: &str, now: i64, last_step: i64) -> Option<i64> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let wanted: u32 = digits.parse().ok()?;
    let current = now.div_euclid(STEP_SECONDS);
    (current - DRIFT_STEPS..=current + DRIFT_STEPS)
        .filter(|step| *step > last_step)
        .find(|step| code_at(secret, *step) == Some(wanted))
}

/// Ten fresh recovery codes, as shown once: `ABCDE-FGHJK`.
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10)
                .map(|_| char::from(RECOVERY_ALPHABET[(rng.next_u32() as usize) % RECOVERY_ALPHABET.len()]))
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// A typed recovery code in the one form its digest is taken of: upper case, no dash or
/// spaces. `None` when it cannot be one.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let plain: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (plain.len() == 10 && plain.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))).then_some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's test key for SHA-1 ("12345678901234567890"), in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        // The RFC's 8-digit values, of which authenticators show the last 6.
        let vectors: &[(i64, u32)] = &[
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ];
        for (time, expected) in vectors {
            assert_eq!(
                code_at(RFC_SECRET, time / STEP_SECONDS),
                Some(expected % 1_000_000),
                "{time}"
            );
        }
    }

    #[test]
    fn a_code_is_taken_near_now_and_only_once() {
        let now = 1_800_000_015;
        let step = now / STEP_SECONDS;
        let code = |s: i64| format!("{:06}", code_at(RFC_SECRET, s).unwrap_or_default());
        let cases: &[(String, i64, Option<i64>)] = &[
            (code(step), 0, Some(step)),
            (code(step - 1), 0, Some(step - 1)),
            (code(step + 1), 0, Some(step + 1)),
            (code(step - 2), 0, None),
            (code(step + 2), 0, None),
            (code(step), step, None),
            (code(step - 1), step - 1, None),
            (code(step + 1), step, Some(step + 1)),
            (format!("{} {}", &code(step)[..3], &code(step)[3..]), 0, Some(step)),
            ("12345".into(), 0, None),
            ("1234567".into(), 0, None),
            ("12345a".into(), 0, None),
        ];
        for (typed, last, expected) in cases {
            assert_eq!(
                matching_step(RFC_SECRET, typed, now, *last),
                *expected,
                "{typed} after {last}"
            );
        }
    }

    #[test]
    fn secrets_and_recovery_codes_have_their_shape() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32, "{secret}");
        assert!(code_at(&secret, 1).is_some());
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        for code in &codes {
            assert_eq!(
                normalise_recovery_code(&code.to_lowercase()),
                Some(code.replace('-', ""))
            );
        }
        assert_eq!(normalise_recovery_code("ABCDE-FGHJ0"), None, "0 is not in the alphabet");
        assert_eq!(normalise_recovery_code("ABCDE"), None);
        assert!(provisioning_uri(&secret, "Vein-to-Vein", "nurse@x.example")
            .starts_with("otpauth://totp/Vein-to-Vein%3Anurse%40x.example?secret="));
    }
}
