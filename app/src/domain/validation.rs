//! Parsing of what people type, at the boundary. After this, the rest of the code
//! never checks again. Problems are keys, translated where they are shown.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    EmailInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordsDiffer,
    InvitationCodeInvalid,
    Required,
}

pub const PASSWORD_MIN_CHARS: usize = 10;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// A login name: an email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Problem> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(Problem::Required);
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err(Problem::EmailInvalid);
        };
        let plausible = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && value.len() <= 254
            && !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if plausible {
            Ok(Email(value))
        } else {
            Err(Problem::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password as chosen by its owner. Length is what matters (NIST SP 800-63B);
/// no composition rules, which only push people to predictable patterns.
pub fn check_new_password(password: &str, confirmation: &str) -> Result<(), Problem> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(Problem::PasswordTooShort);
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(Problem::PasswordTooLong);
    }
    if password != confirmation {
        return Err(Problem::PasswordsDiffer);
    }
    Ok(())
}

/// Invitation and reset codes are read out over the phone or copied from paper:
/// spaces and dashes are ignored and case does not matter.
pub fn normalise_invitation_code(raw: &str) -> Result<String, Problem> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() == INVITATION_CODE_LEN && code.chars().all(|c| INVITATION_ALPHABET.contains(c)) {
        Ok(code)
    } else {
        Err(Problem::InvitationCodeInvalid)
    }
}

/// No 0/O or 1/I/L: codes are read aloud and typed on phones.
pub const INVITATION_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const INVITATION_CODE_LEN: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Nurse@Centre.EXAMPLE ").unwrap().as_str(),
            "nurse@centre.example"
        );
    }

    #[test]
    fn implausible_emails_are_refused() {
        for raw in ["nurse", "nurse@", "@centre.example", "a@b", "a b@c.d", "a@.c", "a@c."] {
            assert_eq!(Email::parse(raw), Err(Problem::EmailInvalid), "{raw}");
        }
        assert_eq!(Email::parse("   "), Err(Problem::Required));
    }

    #[test]
    fn passwords_need_length_and_a_matching_confirmation() {
        assert_eq!(check_new_password("short", "short"), Err(Problem::PasswordTooShort));
        let long = "x".repeat(129);
        assert_eq!(check_new_password(&long, &long), Err(Problem::PasswordTooLong));
        assert_eq!(
            check_new_password("correct horse", "correct house"),
            Err(Problem::PasswordsDiffer)
        );
        assert_eq!(check_new_password("correct horse", "correct horse"), Ok(()));
        // Length counts characters, not bytes: ten accented letters are enough.
        assert_eq!(check_new_password("éééééééééé", "éééééééééé"), Ok(()));
    }

    #[test]
    fn invitation_codes_forgive_spacing_and_case() {
        assert_eq!(normalise_invitation_code("abcd-efgh-jkmn").unwrap(), "ABCDEFGHJKMN");
        assert_eq!(
            normalise_invitation_code("ABCD EFGH JKM"),
            Err(Problem::InvitationCodeInvalid)
        );
        assert_eq!(
            normalise_invitation_code("ABCD-EFGH-JKM0"),
            Err(Problem::InvitationCodeInvalid)
        );
    }
}
