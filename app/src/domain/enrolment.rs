//! The forms through which people get accounts: a nurse enrolling a patient, an invitation
//! to a caregiver, an admin adding staff or a centre. Parsed here, once, for both sides.
use super::{
    role::Role,
    validation::{hospital_number, phone, required_date, required_text, time_zone, Email, FieldProblem, Problem},
};
use crate::i18n::Locale;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Female,
    Male,
    Other,
    Unknown,
}

impl Sex {
    pub const ALL: [Sex; 4] = [Sex::Female, Sex::Male, Sex::Other, Sex::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
            Sex::Unknown => "unknown",
        }
    }

    pub fn parse(value: &str) -> Option<Sex> {
        Sex::ALL.into_iter().find(|s| s.as_str() == value.trim())
    }
}

/// As typed into the enrolment form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentForm {
    pub full_name: String,
    pub date_of_birth: String,
    pub sex: String,
    pub email: String,
    pub phone: String,
    pub locale: String,
    /// Empty means the centre's time zone.
    pub time_zone: String,
    /// The hospital's own patient number; may be left empty.
    #[serde(default)]
    pub hospital_number: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrolment {
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
    pub email: Email,
    pub phone: String,
    pub locale: Locale,
    pub time_zone: Option<String>,
    /// Never in a research export: it names the patient to anyone with the hospital's files.
    pub hospital_number: Option<String>,
}

/// Collects every problem at once, so the nurse fixes the form in one go.
struct Collector(Vec<FieldProblem>);

impl Collector {
    fn take<T>(&mut self, field: &str, result: Result<T, Problem>) -> Option<T> {
        result
            .map_err(|problem| self.0.push(FieldProblem::new(field, problem)))
            .ok()
    }
}

pub fn parse_enrolment(form: &EnrolmentForm, today: NaiveDate) -> Result<Enrolment, Vec<FieldProblem>> {
    let mut c = Collector(Vec::new());
    let full_name = c.take("full_name", required_text(&form.full_name, 200));
    let date_of_birth = c.take("date_of_birth", birth_date(&form.date_of_birth, today));
    let sex = c.take("sex", Sex::parse(&form.sex).ok_or(Problem::ChoiceInvalid));
    let email = c.take("email", Email::parse(&form.email));
    let phone = c.take("phone", phone(&form.phone));
    let locale = c.take("locale", Locale::parse(&form.locale).ok_or(Problem::ChoiceInvalid));
    let time_zone = if form.time_zone.trim().is_empty() {
        Some(None)
    } else {
        c.take("time_zone", time_zone(&form.time_zone)).map(Some)
    };
    let hospital_number = c.take("hospital_number", hospital_number(&form.hospital_number));
    match (
        full_name,
        date_of_birth,
        sex,
        email,
        phone,
        locale,
        time_zone,
        hospital_number,
    ) {
        (
            Some(full_name),
            Some(date_of_birth),
            Some(sex),
            Some(email),
            Some(phone),
            Some(locale),
            Some(time_zone),
            Some(hospital_number),
        ) if c.0.is_empty() => Ok(Enrolment {
            full_name,
            date_of_birth,
            sex,
            email,
            phone,
            locale,
            time_zone,
            hospital_number,
        }),
        _ => Err(c.0),
    }
}

fn birth_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let date = required_date(raw)?;
    if date > today {
        return Err(Problem::DateInFuture);
    }
    // Nobody treated today was born more than 120 years ago: a typo, most likely.
    if today.years_since(date).is_none_or(|age| age > 120) {
        return Err(Problem::DateInvalid);
    }
    Ok(date)
}

/// A caregiver or a staff member: a name and an email.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonForm {
    pub name: String,
    pub email: String,
}

pub fn parse_person(form: &PersonForm) -> Result<(String, Email), Vec<FieldProblem>> {
    let mut c = Collector(Vec::new());
    let name = c.take("name", required_text(&form.name, 200));
    let email = c.take("email", Email::parse(&form.email));
    match (name, email) {
        (Some(name), Some(email)) => Ok((name, email)),
        _ => Err(c.0),
    }
}

/// Staff roles an admin may create. Patients and caregivers come in through care staff.
pub fn parse_staff_role(raw: &str) -> Result<Role, Problem> {
    Role::parse(raw.trim())
        .filter(|r| r.is_staff())
        .ok_or(Problem::ChoiceInvalid)
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentreForm {
    pub name: String,
    pub country: String,
    pub time_zone: String,
    pub hotline: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Centre {
    pub name: String,
    pub country: String,
    pub time_zone: String,
    pub hotline: String,
}

pub fn parse_centre(form: &CentreForm) -> Result<Centre, Vec<FieldProblem>> {
    let mut c = Collector(Vec::new());
    let name = c.take("name", required_text(&form.name, 200));
    let country = c.take("country", country_code(&form.country));
    let time_zone = c.take("time_zone", time_zone(&form.time_zone));
    let hotline = c.take("hotline", phone(&form.hotline));
    match (name, country, time_zone, hotline) {
        (Some(name), Some(country), Some(time_zone), Some(hotline)) => Ok(Centre {
            name,
            country,
            time_zone,
            hotline,
        }),
        _ => Err(c.0),
    }
}

/// ISO 3166-1 alpha-2, upper-cased: the rules per country hang on it.
fn country_code(raw: &str) -> Result<String, Problem> {
    let value = raw.trim().to_ascii_uppercase();
    if value.is_empty() {
        Err(Problem::Required)
    } else if value.len() == 2 && value.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(value)
    } else {
        Err(Problem::ChoiceInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn good() -> EnrolmentForm {
        EnrolmentForm {
            full_name: " Jan Peeters ".into(),
            date_of_birth: "1958-02-28".into(),
            sex: "male".into(),
            email: "Jan.Peeters@Example.org".into(),
            phone: "+32 470 12 34 56".into(),
            locale: "nl".into(),
            time_zone: "".into(),
            hospital_number: "".into(),
        }
    }

    #[test]
    fn a_complete_enrolment_parses_with_the_centre_time_zone_by_default() {
        let enrolment = parse_enrolment(&good(), today()).unwrap();
        assert_eq!(enrolment.full_name, "Jan Peeters");
        assert_eq!(enrolment.email.as_str(), "jan.peeters@example.org");
        assert_eq!(enrolment.locale, Locale::Nl);
        assert_eq!(enrolment.time_zone, None);
        assert_eq!(enrolment.hospital_number, None);
    }

    #[test]
    fn a_hospital_number_is_optional_trimmed_and_plain() {
        let with = |number: &str| {
            parse_enrolment(
                &EnrolmentForm {
                    hospital_number: number.into(),
                    ..good()
                },
                today(),
            )
            .map(|e| e.hospital_number)
            .map_err(|problems| problems[0].problem)
        };
        assert_eq!(with("  "), Ok(None));
        assert_eq!(with(" MRN-2026/0042 "), Ok(Some("MRN-2026/0042".into())));
        assert_eq!(with("a1.B2"), Ok(Some("a1.B2".into())));
        assert_eq!(with(&"9".repeat(32)), Ok(Some("9".repeat(32))));
        for bad in [
            "MRN 12",
            "-12",
            "12/",
            "12;DROP",
            "=1+1",
            "１２",
            &"9".repeat(33),
            "12\n3",
        ] {
            assert_eq!(with(bad), Err(Problem::HospitalNumberInvalid), "{bad}");
        }
    }

    #[test]
    fn every_problem_of_an_enrolment_is_reported_at_once() {
        let form = EnrolmentForm {
            full_name: "".into(),
            date_of_birth: "2030-01-01".into(),
            sex: "x".into(),
            email: "nope".into(),
            phone: "1".into(),
            locale: "es".into(),
            time_zone: "Mars".into(),
            hospital_number: "MRN 12".into(),
        };
        let problems = parse_enrolment(&form, today()).unwrap_err();
        let fields: Vec<(&str, Problem)> = problems.iter().map(|p| (p.field.as_str(), p.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("full_name", Problem::Required),
                ("date_of_birth", Problem::DateInFuture),
                ("sex", Problem::ChoiceInvalid),
                ("email", Problem::EmailInvalid),
                ("phone", Problem::PhoneInvalid),
                ("locale", Problem::ChoiceInvalid),
                ("time_zone", Problem::TimeZoneInvalid),
                ("hospital_number", Problem::HospitalNumberInvalid),
            ]
        );
    }

    #[test]
    fn implausible_birth_dates_are_refused() {
        assert_eq!(birth_date("1900-01-01", today()), Err(Problem::DateInvalid));
        assert_eq!(birth_date("24/11/1960", today()), Err(Problem::DateInvalid));
        assert_eq!(birth_date("2026-11-24", today()), Ok(today()));
    }

    #[test]
    fn only_staff_roles_and_real_country_codes_pass() {
        assert_eq!(parse_staff_role("nurse"), Ok(Role::Nurse));
        assert_eq!(parse_staff_role("patient"), Err(Problem::ChoiceInvalid));
        assert_eq!(country_code("be"), Ok("BE".into()));
        assert_eq!(country_code("BEL"), Err(Problem::ChoiceInvalid));
    }
}
