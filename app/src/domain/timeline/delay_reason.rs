//! Why a step is late, from a small coded list: the nurse's editor and the manufacturing
//! webhook give one with a delay. The code, not free text, is what patients read in their
//! own language and what past delays are grouped by ("past delays for this reason lasted
//! 5 to 12 days"). The rule, in one place:
//!
//! - A delay's length is the days its step moved later (the new date less the old one), as
//!   the change's history recorded; a move earlier or to the same day is no delay.
//! - Past delays are counted per treatment, not per change: a treatment delayed three times
//!   for one reason is one case of the sum of the three, so that 10 cases are 10 patients'
//!   treatments and nobody's single history makes up the figure. The reader's own treatment
//!   is left out: their figure is the others'.
//! - A reason is optional: a delay without one is stored without one and counted in no
//!   reason's figures. A code that is not on the list is refused.
use crate::domain::validation::Problem;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DelayReason {
    /// No manufacturing slot free yet.
    Slot,
    Shipping,
    /// The product did not meet its release specification.
    OutOfSpecification,
    /// The patient is not well enough to go on yet.
    PatientCondition,
    Other,
}

impl DelayReason {
    pub const ALL: [DelayReason; 5] = [
        DelayReason::Slot,
        DelayReason::Shipping,
        DelayReason::OutOfSpecification,
        DelayReason::PatientCondition,
        DelayReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DelayReason::Slot => "slot",
            DelayReason::Shipping => "shipping",
            DelayReason::OutOfSpecification => "out_of_specification",
            DelayReason::PatientCondition => "patient_condition",
            DelayReason::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<DelayReason> {
        DelayReason::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// As a form or a payload gives it: empty is none; anything else must be on the list.
    pub fn from_field(raw: &str) -> Result<Option<DelayReason>, Problem> {
        match raw.trim() {
            "" => Ok(None),
            code => DelayReason::parse(code).map(Some).ok_or(Problem::ChoiceInvalid),
        }
    }
}

/// How many days a step moved later; `None` when it did not move later.
pub fn delay_days(old_on: NaiveDate, new_on: NaiveDate) -> Option<i64> {
    Some((new_on - old_on).num_days()).filter(|days| *days > 0)
}

/// Each other treatment's delay days for one reason, summed: (treatment, days) in any order,
/// without `own`'s; one figure per treatment, in no particular order.
pub fn per_treatment(delays: &[(i64, i64)], own: i64) -> Vec<i64> {
    let mut sums = std::collections::BTreeMap::new();
    for (treatment, days) in delays.iter().filter(|(t, _)| *t != own) {
        *sums.entry(*treatment).or_insert(0) += days;
    }
    sums.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_reads_back_and_nothing_else_does() {
        for reason in DelayReason::ALL {
            assert_eq!(DelayReason::parse(reason.as_str()), Some(reason));
            let json = serde_json::to_value(reason).expect("json");
            assert_eq!(json, reason.as_str(), "the API names it as stored");
        }
        assert_eq!(DelayReason::from_field("  shipping "), Ok(Some(DelayReason::Shipping)));
        assert_eq!(DelayReason::from_field(""), Ok(None));
        assert_eq!(DelayReason::from_field("Slot"), Err(Problem::ChoiceInvalid));
        assert_eq!(
            DelayReason::from_field("the lab was closed"),
            Err(Problem::ChoiceInvalid)
        );
    }

    #[test]
    fn a_delay_is_a_move_later() {
        let day = |d| NaiveDate::from_ymd_opt(2027, 3, d).expect("date");
        assert_eq!(delay_days(day(1), day(8)), Some(7));
        assert_eq!(delay_days(day(8), day(8)), None);
        assert_eq!(delay_days(day(8), day(1)), None);
    }

    #[test]
    fn past_delays_count_once_per_treatment_and_never_the_reader_s_own() {
        let delays = [(1, 3), (2, 5), (1, 4), (3, 2), (9, 30), (9, 1)];
        let mut figures = per_treatment(&delays, 9);
        figures.sort_unstable();
        assert_eq!(figures, [2, 5, 7]);
        assert!(per_treatment(&[], 1).is_empty());
    }
}
