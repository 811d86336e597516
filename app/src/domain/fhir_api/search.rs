//! A search of the FHIR API, read from its query ([`parse`]). The rules, in one place:
//!
//! - `patient` is `Patient/patient-12` or `patient-12`; `patient.identifier` is the
//!   hospital's number, `system|value` or the value alone (then in every centre the client
//!   may read). A Patient search takes `identifier` the same way.
//! - The date (`date`, `authored` or `sent`, see [`Kind::date_param`]) takes the prefixes
//!   `eq` (the default), `gt`, `ge`, `lt` and `le`, and a year, a month, a day or an instant
//!   with its offset. A value without a time is a period in UTC; a resource's instant is in
//!   the period when it is at or after its start and before its end. Several date
//!   parameters all hold.
//! - `status` is a comma-separated list of the kind's statuses; any one matches.
//! - `_count` is 1 to [`MAX_COUNT`] ([`DEFAULT_COUNT`] when absent; more is read as the
//!   most). `_after` is the `next` link's place, which a client copies and never makes.
//! - Anything else is refused, not ignored: a hospital that misspells `patient` must not
//!   get every patient back.
use super::Kind;
use crate::domain::validation::iso_date;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, TimeZone, Utc};

pub const DEFAULT_COUNT: i64 = 50;
pub const MAX_COUNT: i64 = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatientChoice {
    /// The app's own id for the patient.
    Id(i64),
    /// The hospital's number, in one centre's system or in any the client may read.
    Number { system: Option<String>, value: String },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    pub patient: Option<PatientChoice>,
    /// Resources dated at or after this instant (Unix seconds)…
    pub from: Option<i64>,
    /// …and before this one.
    pub until: Option<i64>,
    /// Any of these; all when empty.
    pub statuses: Vec<&'static str>,
    pub count: i64,
    /// Resources after this place in the order (date, then number).
    pub after: Option<Place>,
}

/// A place in a search's order: a resource's date and its record number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub at: i64,
    pub number: i64,
}

impl Place {
    pub fn encode(self) -> String {
        format!("{}.{}", self.at, self.number)
    }

    fn decode(raw: &str) -> Option<Place> {
        let (at, number) = raw.split_once('.')?;
        Some(Place {
            at: at.parse().ok()?,
            number: number.parse().ok()?,
        })
    }
}

/// What was wrong with a search: the parameter, and why, for the OperationOutcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub parameter: String,
    pub why: &'static str,
}

fn refuse(parameter: &str, why: &'static str) -> Refusal {
    Refusal {
        parameter: parameter.chars().take(64).collect(),
        why,
    }
}

/// Reads a search of `kind` from its query's decoded pairs.
pub fn parse(kind: Kind, pairs: &[(String, String)]) -> Result<Search, Refusal> {
    let mut search = Search {
        count: DEFAULT_COUNT,
        ..Search::default()
    };
    for (name, value) in pairs {
        read_one(kind, &mut search, name, value)?;
    }
    Ok(search)
}

fn read_one(kind: Kind, search: &mut Search, name: &str, value: &str) -> Result<(), Refusal> {
    let patient_kind = kind == Kind::Patient;
    match name {
        "_count" => search.count = count(value).ok_or_else(|| refuse(name, "is not a whole number from 1"))?,
        "_after" => {
            search.after = Some(Place::decode(value).ok_or_else(|| refuse(name, "is not a place this server gave"))?)
        }
        "_format" if matches!(value, "json" | "application/fhir+json" | "application/json") => {}
        "patient" if !patient_kind => once(&mut search.patient, name, patient_id(value))?,
        "patient.identifier" if !patient_kind => once(&mut search.patient, name, number(value))?,
        "identifier" if patient_kind => once(&mut search.patient, name, number(value))?,
        "status" if !patient_kind => {
            search.statuses =
                statuses(kind, value).ok_or_else(|| refuse(name, "names a status this kind does not have"))?
        }
        _ if kind.date_param().is_some_and(|(param, _)| param == name) => {
            let (from, until) = bounds(value).ok_or_else(|| refuse(name, "is not a date this server reads"))?;
            search.from = search.from.max(from);
            search.until = match (search.until, until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        _ => return Err(refuse(name, "is not a search parameter of this kind")),
    }
    Ok(())
}

/// One patient per search: a second one would be read as "either", which no one means.
fn once(slot: &mut Option<PatientChoice>, name: &str, choice: Option<PatientChoice>) -> Result<(), Refusal> {
    let choice = choice.ok_or_else(|| refuse(name, "does not name a patient"))?;
    if slot.replace(choice).is_some() {
        return Err(refuse(name, "names a second patient"));
    }
    Ok(())
}

fn count(value: &str) -> Option<i64> {
    let n: i64 = value.parse().ok()?;
    (n >= 1).then_some(n.min(MAX_COUNT))
}

fn patient_id(value: &str) -> Option<PatientChoice> {
    let id = value.strip_prefix("Patient/").unwrap_or(value);
    Kind::Patient.number_of(id).map(PatientChoice::Id)
}

/// `system|value` or `value`; the value as a nurse records it (`enrolment::hospital_number`
/// says which), so that nothing odd reaches a query.
fn number(raw: &str) -> Option<PatientChoice> {
    let (system, value) = match raw.split_once('|') {
        Some((system, value)) => (Some(system.to_string()).filter(|s| !s.is_empty()), value),
        None => (None, raw),
    };
    let value = crate::domain::validation::hospital_number(value).ok().flatten()?;
    system
        .as_ref()
        .is_none_or(|s| s.len() <= 200)
        .then_some(PatientChoice::Number { system, value })
}

fn statuses(kind: Kind, value: &str) -> Option<Vec<&'static str>> {
    value
        .split(',')
        .map(|s| kind.statuses().iter().copied().find(|known| *known == s))
        .collect()
}

/// The bounds a dated resource must fall within, `[from, until)`, from one date parameter.
fn bounds(value: &str) -> Option<(Option<i64>, Option<i64>)> {
    let (prefix, rest) = match value.get(..2) {
        Some(p @ ("eq" | "gt" | "ge" | "lt" | "le")) => (p, &value[2..]),
        _ => ("eq", value),
    };
    let (start, end) = period(rest)?;
    Some(match prefix {
        "eq" => (Some(start), Some(end)),
        "gt" => (Some(end), None),
        "ge" => (Some(start), None),
        "lt" => (None, Some(start)),
        _ => (None, Some(end)),
    })
}

/// The period a written date stands for, in Unix seconds, `[start, end)`.
fn period(raw: &str) -> Option<(i64, i64)> {
    if raw.len() > 10 {
        let at = DateTime::parse_from_rfc3339(raw).ok()?.timestamp();
        return Some((at, at + 1));
    }
    let (first, next) = match raw.len() {
        4 => {
            let first = NaiveDate::from_ymd_opt(raw.parse().ok()?, 1, 1)?;
            (first, first.with_year(first.year() + 1)?)
        }
        7 => {
            let first = iso_date(&format!("{raw}-01"))?;
            (first, first.checked_add_months(Months::new(1))?)
        }
        10 => {
            let day = iso_date(raw)?;
            (day, day.succ_opt()?)
        }
        _ => return None,
    };
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)).timestamp();
    Some((midnight(first), midnight(next)))
}

/// The first day whose midnight (UTC) is at or after `at`: a dated-by-day resource (a
/// CarePlan's start) is within `[from, until)` when its day is within
/// `[first_day_from(from), first_day_from(until))`.
pub fn first_day_from(at: i64) -> NaiveDate {
    let moment = DateTime::from_timestamp(at, 0).unwrap_or_default();
    let day = moment.date_naive();
    if moment.time() == NaiveTime::MIN {
        day
    } else {
        day.succ_opt().unwrap_or(day)
    }
}
