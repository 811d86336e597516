//! The hospital's FHIR R4 API, its pure part: which resources it serves and how they are
//! searched ([`search`]), what a client may ask for ([`scopes`]), what the server says it
//! does ([`capability`]) and how a page of results is written ([`searchset`]). The resources
//! themselves are written by `my_data::fhir_resources`, as in the patient's own download.
pub mod capability;
pub mod scopes;
pub mod search;
#[cfg(test)]
mod search_tests;
pub mod searchset;

/// The kinds of resource the API serves. A Patient carries only the hospital number: it is
/// how the hospital finds the app's id for its own patient, nothing more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Patient,
    CarePlan,
    QuestionnaireResponse,
    Flag,
    Communication,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Patient,
        Kind::CarePlan,
        Kind::QuestionnaireResponse,
        Kind::Flag,
        Kind::Communication,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Patient => "Patient",
            Kind::CarePlan => "CarePlan",
            Kind::QuestionnaireResponse => "QuestionnaireResponse",
            Kind::Flag => "Flag",
            Kind::Communication => "Communication",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The prefix of its ids (`flag-5`), as in the patient's own download.
    pub fn id_prefix(self) -> &'static str {
        match self {
            Kind::Patient => "patient-",
            Kind::CarePlan => "treatment-",
            Kind::QuestionnaireResponse => "response-",
            Kind::Flag => "flag-",
            Kind::Communication => "message-",
        }
    }

    /// The id of the record `number`'s resource: `Kind::Flag.id_of(5)` is `flag-5`.
    pub fn id_of(self, number: i64) -> String {
        format!("{}{number}", self.id_prefix())
    }

    /// The record number behind an id of this kind: `flag-5` is 5 for a Flag, nothing for
    /// a CarePlan.
    pub fn number_of(self, id: &str) -> Option<i64> {
        let digits = id.strip_prefix(self.id_prefix())?;
        if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// The standard search parameter for its date, and the element it reads.
    pub fn date_param(self) -> Option<(&'static str, &'static str)> {
        match self {
            Kind::Patient => None,
            Kind::CarePlan => Some(("date", "CarePlan.period.start")),
            Kind::QuestionnaireResponse => Some(("authored", "QuestionnaireResponse.authored")),
            Kind::Flag => Some(("date", "Flag.period.start")),
            Kind::Communication => Some(("sent", "Communication.sent")),
        }
    }

    /// The statuses its resources can have: what `status=` may ask for.
    pub fn statuses(self) -> &'static [&'static str] {
        match self {
            Kind::Patient => &[],
            Kind::CarePlan => &["active", "completed", "revoked"],
            Kind::QuestionnaireResponse | Kind::Communication => &["completed"],
            Kind::Flag => &["active", "inactive"],
        }
    }
}
