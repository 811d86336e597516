//! The texts of the nurses' desk (issue 21): silence flags, snoozing, admission,
//! assignment, nursing notes, the board's search, the handover and manufacturing turnaround.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
