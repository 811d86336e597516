//! Passwords, tokens, sessions and the sign-in forms.
pub mod handlers;
pub mod lockout;
pub mod password;
pub mod tokens;
