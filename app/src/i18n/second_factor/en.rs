//! English texts of staff's two-step sign-in.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::SecondStepTitle => "Second step",
        Msg::SecondStepExplain => "Open your authenticator app and type the 6-digit code it shows for Vein-to-Vein. Lost your phone? Type one of your recovery codes instead.",
        Msg::SecondStepCodeLabel => "Code",
        Msg::SecondStepContinue => "Continue",
        Msg::SecondStepRefused => "That code is not right, or was used already. Type the code your app shows now.",
        Msg::SecondFactorTitle => "Two-step sign-in",
        Msg::SecondFactorExplain => "With two-step sign-in, your password alone does not open your account: you also type a code from an authenticator app on your phone (any app for one-time codes, such as FreeOTP, Aegis or Microsoft Authenticator).",
        Msg::SecondFactorOn => "Two-step sign-in is on. Recovery codes left: {n}.",
        Msg::SecondFactorOff => "Two-step sign-in is off.",
        Msg::SecondFactorStart => "Set up two-step sign-in",
        Msg::SecondFactorAddKey => "Add this key to your authenticator app (or open the link on the phone that has the app), then type the code the app shows.",
        Msg::SecondFactorKeyLabel => "Key:",
        Msg::SecondFactorLink => "Open in an authenticator app",
        Msg::SecondFactorConfirm => "Turn on",
        Msg::SecondFactorRecoveryTitle => "Your recovery codes",
        Msg::SecondFactorRecoveryExplain => "Each code signs you in once without your phone. Keep them somewhere safe, away from your phone: they are shown only now.",
        Msg::SecondFactorNewCodes => "Make new recovery codes",
        Msg::SecondFactorRemove => "Turn off two-step sign-in",
        Msg::SecondFactorRemoveHint => "Type a code from your app (or a recovery code) to turn it off.",
        Msg::SecondStepNeeded => "Your centre asks staff to sign in in two steps. Set it up first: Settings, then Two-step sign-in.",
        Msg::SecondFactorRequiredNote => "Your centre requires two-step sign-in of every staff account.",
        Msg::SecondFactorRequire => "Require it of every staff account",
        Msg::SecondFactorRequireStop => "Stop requiring it",
        Msg::SecondFactorRequireExplain => "Admins: while it is required, a staff account without it can only set it up, and nobody can turn theirs off.",
        _ => return None,
    })
}
