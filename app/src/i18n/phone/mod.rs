//! The phone's texts (lock screen, offline, the plan kept on the phone), apart from the rest
//! of each language's table.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
