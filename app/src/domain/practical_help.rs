//! Practical help: what a centre's admins write down for patients who come from far (where
//! to stay, how to get there, where to park, what to pack), and where the patient stays.
//!
//! The rules, in one place:
//! - four topics, each one text per centre, written by an admin in the centre's own words;
//!   an empty text removes the topic; at most [`LONGEST`] characters; control characters
//!   other than line breaks and tabs are dropped;
//! - a patient (or their caregiver) records the country they stay in while treated, when it
//!   is not the centre's; the emergency number shown to them is that country's
//!   ([`emergency_where`]), because a patient from Belgium treated in the Netherlands who
//!   goes home between visits must call the number of where they are;
//! - a country is one of [`COUNTRIES`], by its ISO 3166-1 alpha-2 code; the centre's own
//!   country is stored as none, so that moving the centre's country moves theirs.
use super::{triage::emergency_number, validation::Problem};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Topic {
    Lodging,
    Travel,
    Parking,
    Packing,
}

impl Topic {
    pub const ALL: [Topic; 4] = [Topic::Lodging, Topic::Travel, Topic::Parking, Topic::Packing];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Lodging => "lodging",
            Topic::Travel => "travel",
            Topic::Parking => "parking",
            Topic::Packing => "packing",
        }
    }

    pub fn parse(value: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == value)
    }
}

/// The countries a patient may say they stay in, each named in its own language (as
/// language pickers name languages), so that every reader finds their own: Europe, where
/// patients cross borders for CAR-T, and North America.
pub const COUNTRIES: [(&str, &str); 34] = [
    ("AT", "Österreich"),
    ("BE", "België / Belgique / Belgien"),
    ("BG", "България"),
    ("CA", "Canada"),
    ("CH", "Schweiz / Suisse / Svizzera"),
    ("CY", "Κύπρος / Kıbrıs"),
    ("CZ", "Česko"),
    ("DE", "Deutschland"),
    ("DK", "Danmark"),
    ("EE", "Eesti"),
    ("ES", "España"),
    ("FI", "Suomi / Finland"),
    ("FR", "France"),
    ("GB", "United Kingdom"),
    ("GR", "Ελλάδα"),
    ("HR", "Hrvatska"),
    ("HU", "Magyarország"),
    ("IE", "Éire / Ireland"),
    ("IS", "Ísland"),
    ("IT", "Italia"),
    ("LI", "Liechtenstein"),
    ("LT", "Lietuva"),
    ("LU", "Lëtzebuerg / Luxembourg"),
    ("LV", "Latvija"),
    ("MT", "Malta"),
    ("NL", "Nederland"),
    ("NO", "Norge"),
    ("PL", "Polska"),
    ("PT", "Portugal"),
    ("RO", "România"),
    ("SE", "Sverige"),
    ("SI", "Slovenija"),
    ("SK", "Slovensko"),
    ("US", "United States"),
];

/// A country's name in its own language, or its code if it is not one of [`COUNTRIES`].
pub fn country_name(code: &str) -> &str {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| name)
}

/// Characters of one topic's text, at most.
pub const LONGEST: usize = 4000;

/// A topic's text as stored: trimmed; `None` when empty (the topic is removed).
pub fn help_text(raw: &str) -> Result<Option<String>, Problem> {
    let text: String = raw
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let text = text.trim();
    if text.chars().count() > LONGEST {
        return Err(Problem::TooLong);
    }
    Ok((!text.is_empty()).then(|| text.to_string()))
}

/// Where the patient stays, as stored: `None` for the centre's own country (or nothing said).
pub fn staying_country(raw: &str, centre_country: &str) -> Result<Option<String>, Problem> {
    let country = raw.trim().to_ascii_uppercase();
    if country.is_empty() {
        return Ok(None);
    }
    if !COUNTRIES.iter().any(|(code, _)| *code == country) {
        return Err(Problem::ChoiceInvalid);
    }
    Ok((country != centre_country.trim().to_ascii_uppercase()).then_some(country))
}

/// The emergency number for where the patient is: the country they stay in, else the
/// centre's.
pub fn emergency_where(staying: Option<&str>, centre_country: &str) -> &'static str {
    emergency_number(staying.unwrap_or(centre_country))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_trimmed_bounded_and_cleared_of_control_characters() {
        assert_eq!(
            help_text("  Hotel Aurora, 5 min walk\r\nAsk for the patient rate. "),
            Ok(Some("Hotel Aurora, 5 min walk\nAsk for the patient rate.".into()))
        );
        assert_eq!(help_text("   "), Ok(None), "empty removes the topic");
        assert_eq!(
            help_text(&"é".repeat(LONGEST)).map(|t| t.map(|t| t.chars().count())),
            Ok(Some(LONGEST))
        );
        assert_eq!(help_text(&"é".repeat(LONGEST + 1)), Err(Problem::TooLong));
        assert_eq!(
            help_text("bell\u{7}\ttab"),
            Ok(Some("bell\ttab".into())),
            "a control character is dropped"
        );
    }

    #[test]
    fn a_stay_is_a_two_letter_country_and_the_centre_s_own_is_none() {
        assert_eq!(staying_country(" be ", "NL"), Ok(Some("BE".into())));
        assert_eq!(staying_country("nl", "NL"), Ok(None));
        assert_eq!(staying_country("", "NL"), Ok(None));
        for bad in ["BEL", "B", "1E", "É1", "B-", "ZZ"] {
            assert_eq!(staying_country(bad, "NL"), Err(Problem::ChoiceInvalid), "{bad}");
        }
    }

    #[test]
    fn the_countries_are_codes_in_order_each_once() {
        for pair in COUNTRIES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{pair:?}");
        }
        assert!(COUNTRIES
            .iter()
            .all(|(c, _)| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        assert_eq!(country_name("NL"), "Nederland");
        assert_eq!(country_name("ZZ"), "ZZ");
    }

    #[test]
    fn the_emergency_number_is_where_the_patient_stays() {
        assert_eq!(emergency_where(None, "BE"), "112");
        assert_eq!(
            emergency_where(Some("GB"), "BE"),
            "999",
            "treated in Belgium, staying in England"
        );
        assert_eq!(emergency_where(Some("BE"), "US"), "112");
    }
}
