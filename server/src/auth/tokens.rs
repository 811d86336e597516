//! Random secrets: session tokens for cookies and invitation codes for people.
use app::domain::validation::{INVITATION_ALPHABET, INVITATION_CODE_LEN};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{rngs::OsRng, Rng, RngCore};
use sha2::{Digest, Sha256};

/// 256 random bits, URL-safe.
pub fn new_session_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// 12 characters from a 31-letter alphabet: about 59 bits, single use, 7 days, throttled.
pub fn new_invitation_code() -> String {
    let alphabet: Vec<char> = INVITATION_ALPHABET.chars().collect();
    (0..INVITATION_CODE_LEN)
        .map(|_| alphabet[OsRng.gen_range(0..alphabet.len())])
        .collect()
}

/// How codes are shown to staff: three groups of four.
pub fn display_code(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// What the database keeps instead of a token or a code.
pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::validation::normalise_invitation_code;

    #[test]
    fn codes_are_valid_and_read_back_after_display() {
        for _ in 0..200 {
            let code = new_invitation_code();
            assert_eq!(normalise_invitation_code(&display_code(&code)).unwrap(), code);
        }
    }

    #[test]
    fn tokens_differ_and_digests_are_stable() {
        assert_ne!(new_session_token(), new_session_token());
        assert_eq!(new_session_token().len(), 43);
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
