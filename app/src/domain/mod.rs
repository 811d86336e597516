//! Pure domain logic: no I/O, compiled into both the server and the browser.
pub mod access;
pub mod account_controls;
pub mod caregiver_invitation;
pub mod checkins;
pub mod desk_board;
pub mod enrolment;
pub mod fhir_api;
pub mod flag_queue;
pub mod instruments;
pub mod my_data;
#[cfg(test)]
mod plain_words_tests;
pub mod practical_help;
pub mod reminders;
pub mod research;
pub mod role;
pub mod sso_claims;
pub mod team_messages;
#[cfg(test)]
pub(crate) mod test_journeys;
pub mod timeline;
pub mod triage;
pub mod turnaround;
pub mod validation;
pub mod visit_questions;
