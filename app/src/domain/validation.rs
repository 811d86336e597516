//! Parsing of what people type, at the boundary. After this, the rest of the code
//! never checks again. Problems are keys, translated where they are shown.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    EmailInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordsDiffer,
    InvitationCodeInvalid,
    Required,
    TooLong,
    DateInvalid,
    DateInFuture,
    PhoneInvalid,
    ChoiceInvalid,
    TimeZoneInvalid,
    EmailTaken,
    OrderReferenceTaken,
    OrderReferenceInvalid,
    OrderReferenceHasName,
    ActiveTreatmentExists,
    DateTooFar,
    NameTaken,
    PushEndpointInvalid,
    PushKeysInvalid,
    DateRangeReversed,
    /// FHIR was asked for alone, but none of the datasets chosen are questionnaire answers.
    FhirNeedsAnswers,
    /// The wide format was asked for alone, without answers or scores.
    WideNeedsAnswers,
    /// Syntax files were asked for without the CSV files they label.
    LabelsNeedCsv,
    /// The filters leave fewer consented patients than anonymisation needs.
    TooFewPatients,
    /// A day that must come after today does not.
    DateNotAhead,
    /// Not a quarter such as `2026-Q1`.
    QuarterInvalid,
    /// The cohort may not be released (too few patients, or too close to a cohort released
    /// before): one answer for every cause, so that the refusal tells nothing.
    CohortRefused,
    /// The project's approval has ended.
    ProjectExpired,
    /// The project's privacy budget cannot pay for this.
    BudgetSpent,
    /// Epsilon must be a number from 0 to 10.
    EpsilonInvalid,
    /// As many questions for the next visit are open as a list may hold.
    TooManyQuestions,
    /// As many messages to the team wait for a reply as a thread may hold.
    TooManyWaiting,
    /// A promised reply time outside one hour to a week.
    ReplyHoursInvalid,
    /// A snooze not among the offered durations.
    SnoozeHours,
    /// A flag or patient given to someone not a nurse of the centre.
    NurseUnknown,
    /// Not a hospital number as hospitals write them (letters, digits, `-` `/` `.`).
    HospitalNumberInvalid,
    /// Another patient of the centre has this hospital number.
    HospitalNumberTaken,
    /// Not an origin (`https://host[:port]`) the server can send to.
    OriginInvalid,
    /// A webhook address whose origin no admin has allowed.
    OriginNotAllowed,
    /// Not the code the authenticator app shows now (or a recovery code not left).
    SecondFactorCodeWrong,
}

/// A problem with one field of a form, by the field's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: &str, problem: Problem) -> FieldProblem {
        FieldProblem {
            field: field.to_string(),
            problem,
        }
    }
}

/// Trimmed text, required, at most `max` characters.
pub fn required_text(raw: &str, max: usize) -> Result<String, Problem> {
    let value = raw.trim();
    if value.is_empty() {
        Err(Problem::Required)
    } else if value.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(value.to_string())
    }
}

/// A `YYYY-MM-DD` date: the one date format that forms, payloads and stored rows use. (As
/// chrono reads it: leading spaces and single-digit months and days are taken too.)
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A date typed in a form (spaces around it ignored): `None` when left empty,
/// `DateInvalid` when it is not a calendar date.
pub fn optional_date(raw: &str) -> Result<Option<NaiveDate>, Problem> {
    match raw.trim() {
        "" => Ok(None),
        text => iso_date(text).map(Some).ok_or(Problem::DateInvalid),
    }
}

/// A date a form requires: as [`optional_date`], but `Required` when left empty.
pub fn required_date(raw: &str) -> Result<NaiveDate, Problem> {
    optional_date(raw)?.ok_or(Problem::Required)
}

/// A hospital's own patient number (medical record number), optional: letters, digits and
/// `-` `/` `.` inside, 1 to 32 characters. Spaces around it are dropped; the letters' case
/// is kept, since some hospitals tell numbers apart by it.
pub fn hospital_number(raw: &str) -> Result<Option<String>, Problem> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let inside_ok = |c: char| c.is_ascii_alphanumeric() || "-/.".contains(c);
    let ends_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if value.len() <= 32
        && value.chars().all(inside_ok)
        && ends_ok(value.chars().next())
        && ends_ok(value.chars().last())
    {
        Ok(Some(value.to_string()))
    } else {
        Err(Problem::HospitalNumberInvalid)
    }
}

/// A phone number as people write it: digits with optional +, spaces, dots, dashes and
/// brackets; 6 to 15 digits (E.164's maximum).
pub fn phone(raw: &str) -> Result<String, Problem> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    if allowed && (6..=15).contains(&digits) {
        Ok(value.to_string())
    } else {
        Err(Problem::PhoneInvalid)
    }
}

/// An IANA time zone name such as Europe/Brussels, or UTC. The shape is checked here;
/// whether the zone exists is checked where the time zone database is at hand.
pub fn time_zone(raw: &str) -> Result<String, Problem> {
    let value = raw.trim();
    let part_ok = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c));
    let parts: Vec<&str> = value.split('/').collect();
    let shaped = value == "UTC"
        || (parts.len() >= 2
            && parts.iter().all(|p| part_ok(p))
            && parts[0].chars().next().is_some_and(|c| c.is_ascii_uppercase()));
    if shaped && value.len() <= 64 {
        Ok(value.to_string())
    } else {
        Err(Problem::TimeZoneInvalid)
    }
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
    fn a_form_date_is_iso_trimmed_and_empty_means_not_given() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 20);
        assert_eq!(optional_date(" 2026-03-20 "), Ok(day));
        assert_eq!(optional_date("  "), Ok(None));
        assert_eq!(required_date(""), Err(Problem::Required));
        assert_eq!(required_date("2026-02-30"), Err(Problem::DateInvalid));
        assert_eq!(required_date("20/03/2026"), Err(Problem::DateInvalid));
        assert_eq!(iso_date("2026-03-20"), day);
        assert_eq!(iso_date("2026-3-20x"), None);
    }

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
    fn phones_and_time_zones_are_checked_for_shape() {
        assert_eq!(phone(" +32 (0)16 33 22 11 ").unwrap(), "+32 (0)16 33 22 11");
        assert_eq!(phone("12345"), Err(Problem::PhoneInvalid));
        assert_eq!(phone("call me"), Err(Problem::PhoneInvalid));
        assert_eq!(phone("32+16332211"), Err(Problem::PhoneInvalid));
        assert_eq!(time_zone("Europe/Brussels").unwrap(), "Europe/Brussels");
        assert_eq!(
            time_zone("America/Argentina/Buenos_Aires").unwrap(),
            "America/Argentina/Buenos_Aires"
        );
        assert_eq!(time_zone("UTC").unwrap(), "UTC");
        for bad in ["", "Brussels", "europe/brussels", "Europe/", "Europe/Brus sels"] {
            assert_eq!(time_zone(bad), Err(Problem::TimeZoneInvalid), "{bad}");
        }
        assert_eq!(required_text("  ", 10), Err(Problem::Required));
        assert_eq!(required_text("abcdefghijk", 10), Err(Problem::TooLong));
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
