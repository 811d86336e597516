//! English texts of staff sign-in through the hospital's OpenID provider.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SsoSignIn => "Sign in with your hospital account",
        Msg::SsoStaffOnly => "For the care team and staff. Patients and caregivers sign in with their own email and password.",
        Msg::SsoSignedIn => "You are signed in. Opening Vein-to-Vein…",
        Msg::SsoContinue => "Continue",
        Msg::SsoNoRole => "Your hospital account has no role in Vein-to-Vein. Ask the hospital’s IT team to add you to the right group.",
        Msg::SsoNoCentre => "Your hospital account says you are a nurse, but not of which centre. Ask the hospital’s IT team to set your centre.",
        Msg::SsoAccountRefused => "This hospital account cannot sign in here: the account it matches is not a staff account, or it was switched off. Ask an administrator.",
        Msg::SsoFailed => "Signing in through the hospital did not work. Try again in a moment; if it keeps failing, tell the hospital’s IT team.",
        Msg::SsoStartAgain => "This sign-in expired or was started in another browser. Start again.",
        Msg::SsoPasswordsOff => "Staff sign in with their hospital account here: use the button below.",
        Msg::BreakGlassTitle => "Break-glass sign-ins",
        Msg::BreakGlassExplain => "These local admin accounts signed in with a password, without the hospital’s sign-in, in the last 30 days. Check that each was needed.",
        _ => return None,
    })
}
