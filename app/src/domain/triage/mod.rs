//! Triage: which answers need a nurse, how soon, and what the patient must do right now.
//! Rules are data (`app/catalogue/triage.json`); this code only applies them.
pub mod describe;
pub mod emergency;
pub mod evaluate;
pub mod message_words;
pub mod rules;
pub mod silence;

pub use describe::describe;
pub use emergency::emergency_number;
pub use evaluate::{advice_now, temperature_c, triage, Flag, Response, Triage};
pub use rules::{Advice, Condition, Level, Rule, RulesError, TriageRules};

#[cfg(test)]
mod tests;
