//! A centre's own check-in instruments, set at run time: the schedules, triage rules and
//! reminders an admin adds (for an imported questionnaire, say) on top of the built-in
//! catalogues, which are version 0 of each kind.
//!
//! Each kind is versioned as a whole: a version holds every site rule of its kind, so the
//! version in force says all there is to know. `in_force` merges a version onto the
//! built-in catalogue and checks the result as the built-in files are checked, and more
//! (`site_checks.rs`): every rule's questionnaire, item, code and scale must exist.
pub mod merge;
pub mod site_checks;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use merge::{in_force, InForce, SiteVersions};

/// Site rules' ids start with this, so that a built-in rule shipped later never takes one.
pub const SITE_PREFIX: &str = "site-";

/// What an admin can add to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Schedule,
    Triage,
    Reminders,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Schedule, Kind::Triage, Kind::Reminders];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Schedule => "schedule",
            Kind::Triage => "triage",
            Kind::Reminders => "reminders",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Triage rules decide what nurses are alerted to: a change waits for a second person
    /// with a clinical role. Schedules and reminders take effect when saved.
    pub fn needs_clinical_approval(self) -> bool {
        self == Kind::Triage
    }
}

/// The catalogue version a merged catalogue carries: the built-in one's, and the site
/// version on top when there is one (`2026-12-05.1+site.3`). Stored with every answer and
/// flag, so a later change never passes for the one they were given under.
pub fn version_name(builtin: &str, site: i64) -> String {
    if site == 0 {
        builtin.to_string()
    } else {
        format!("{builtin}+site.{site}")
    }
}
