//! The texts of what patients get back (issue 20): the wait's published figure, the diary's
//! "none of these today", the calendar feed; apart from the rest of each language's table.
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
