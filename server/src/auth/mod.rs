//! Passwords, tokens, sessions and the sign-in forms.
mod caregiver_joining;
pub mod handlers;
pub mod lockout;
pub mod passkey_settings;
pub mod passkeys;
pub mod password;
pub mod relying_party;
pub mod second_step;
mod session_length;
mod session_start;
pub mod sso;
pub mod tokens;
pub mod totp;
