//! Passwords, tokens, sessions and the sign-in forms.
mod caregiver_joining;
pub mod handlers;
pub mod lockout;
pub mod password;
pub mod tokens;
