//! The texts of the check-in instruments page (issue 23): a centre's own schedules, triage
//! rules and reminders, and the approval of triage changes.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
