//! The texts of staff's two-step sign-in (the authenticator app and recovery codes).
pub mod de;
pub mod en;
pub mod fr;
pub mod nl;
