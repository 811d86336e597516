//! English texts of passkey sign-in and of the phone marked as one's own.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::PasskeySignIn => "Sign in with a passkey",
        Msg::PasskeysTitle => "Passkeys",
        Msg::PasskeysExplain => "A passkey lets you sign in with your fingerprint, your face or your phone's screen lock, instead of typing your password. It stays on your phone.",
        Msg::PasskeyCreate => "Create a passkey on this phone",
        Msg::PasskeysNone => "You have no passkey yet.",
        Msg::PasskeyItem => "Passkey {n}",
        Msg::PasskeyCreatedOn => "made on {date}",
        Msg::PasskeyLastUsed => "last used on {date}",
        Msg::PasskeyNeverUsed => "not used yet",
        Msg::PasskeyRemove => "Remove this passkey",
        Msg::PasskeyUnsupported => "This browser cannot use passkeys. Sign in with your password.",
        Msg::PasskeyCancelled => "No passkey was used. You can try again, or sign in with your password.",
        Msg::PasskeyWorking => "Follow what your phone asks…",
        Msg::PasskeyAdded => "Your passkey is ready. Next time, choose “Sign in with a passkey”.",
        Msg::PasskeyFailed => "That passkey could not be used. Try again, or sign in with your password.",
        Msg::PasskeyRemoved => "The passkey was removed. It may still be listed on your phone: you can delete it there.",
        Msg::OwnDeviceLabel => "This phone is mine: nobody else uses it",
        Msg::OwnDeviceExplain => "When you sign in here with a passkey, you then stay signed in for up to 30 days, or 7 days without opening the app. Do not choose this on a shared phone or computer.",
        Msg::OwnDeviceSave => "Save",
        Msg::OwnDeviceSaved => "Saved.",
        Msg::OwnDeviceUnknown => "Sign in on this phone with your password once, then try again.",
        _ => return None,
    })
}
