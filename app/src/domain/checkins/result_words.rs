//! How a patient's own results are told back to them ("My results"), and why so. The
//! wording choices, in one place (the README's "My results" repeats them):
//!
//! - A score is named with its band in plain words ("PHQ-4 anxiety: 5, moderate"), never
//!   as a bare number.
//! - A band that reads as alarming on its own ([`ALARMING_BANDS`]: "moderately severe",
//!   "severe", "at or above the cut-off") is never shown alone: it always comes with what
//!   the team did (told, or seen on a date; with no flag raised, that the team can see it
//!   and to ask at the next visit) and that it is something to talk through with them. A
//!   label such as "severe depression" is not a diagnosis, and read alone at home it
//!   frightens without helping. Nothing is promised that the app does not do.
//! - An answer that raised crisis advice (PHQ-9 item 9 above 0: thoughts of being better off
//!   dead or of self-harm) is not repeated back in its own words. The patient reads that
//!   they told the team about thoughts of harming themselves, that the team was told at
//!   once (and saw it, when a nurse did), and the numbers to call if the thoughts come now.
//! - Every past answer says what the team was told: nothing needed their attention, it
//!   goes to the next review, they will look soon, or they were alerted at once.
use crate::domain::triage::{Advice, Level};
use crate::i18n::Msg;

/// Bands never shown without what the team did and what happens next.
pub const ALARMING_BANDS: [&str; 3] = ["moderately_severe", "severe", "at_or_above_cutoff"];

/// What the care team was told of one answer, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TeamTold {
    /// Alerted at once (an urgent flag).
    AtOnce,
    /// Told, to look at soon (a high flag).
    Soon,
    /// For the team's next review (a review flag).
    AtReview,
    /// Nothing needed the team's attention.
    Nothing,
}

impl TeamTold {
    /// The sentence that tells the patient.
    pub fn words(self) -> Msg {
        match self {
            TeamTold::AtOnce => Msg::TeamToldAtOnce,
            TeamTold::Soon => Msg::TeamToldSoon,
            TeamTold::AtReview => Msg::TeamToldAtReview,
            TeamTold::Nothing => Msg::TeamToldNothing,
        }
    }
}

/// What the team was told, from the worst flag the answer raised.
pub fn team_told(level: Option<Level>) -> TeamTold {
    match level {
        Some(Level::Urgent) => TeamTold::AtOnce,
        Some(Level::High) => TeamTold::Soon,
        Some(Level::Review) => TeamTold::AtReview,
        None => TeamTold::Nothing,
    }
}

/// Whether a band is shown only with its context.
pub fn is_alarming(band: &str) -> bool {
    ALARMING_BANDS.contains(&band)
}

/// Whether the answer is told back with the crisis wording instead of its own words: any of
/// its flags carried crisis advice.
pub fn is_crisis(advice: &[Advice]) -> bool {
    advice.contains(&Advice::Crisis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_team_told_follows_the_worst_flag() {
        assert_eq!(team_told(Some(Level::Urgent)), TeamTold::AtOnce);
        assert_eq!(team_told(Some(Level::High)), TeamTold::Soon);
        assert_eq!(team_told(Some(Level::Review)), TeamTold::AtReview);
        assert_eq!(team_told(None), TeamTold::Nothing);
    }

    #[test]
    fn alarming_bands_and_crisis_advice_are_recognised() {
        assert!(is_alarming("severe") && is_alarming("moderately_severe") && is_alarming("at_or_above_cutoff"));
        assert!(!is_alarming("moderate") && !is_alarming("mild") && !is_alarming("minimal"));
        assert!(is_crisis(&[Advice::CallCareTeam, Advice::Crisis]));
        assert!(!is_crisis(&[Advice::EmergencyFirst]));
    }

    /// Every band the built-in questionnaires can give that is not in the list reads as
    /// calm on its own; a new alarming band must be added here and to the list.
    #[test]
    fn every_built_in_band_is_known_to_be_calm_or_alarming() {
        let calm = ["minimal", "mild", "moderate", "normal", "below_cutoff"];
        for q in crate::domain::checkins::builtin::all().expect("built in") {
            for scale in &q.scales {
                for band in &scale.bands {
                    assert!(
                        calm.contains(&band.label.as_str()) || is_alarming(&band.label),
                        "{}: band {} is neither",
                        q.id,
                        band.label
                    );
                }
            }
        }
    }
}
