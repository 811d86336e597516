//! The texts of passkeys and of the phone marked as one's own, apart from the rest of each
//! language's table.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
