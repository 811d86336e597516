//! The texts of "Ask the team" (issue 20): the thread, the advice before sending, the
//! nurses' waiting list and the centre's promised reply time.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
