//! The research pages' texts, apart from the rest of each language's table.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
