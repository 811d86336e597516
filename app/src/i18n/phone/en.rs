//! English texts of the phone: the lock screen, the offline page, the plan kept on the
//! phone and the answers kept there until sent.
use crate::i18n::Msg;

/// `None` for a message of another page.
pub fn text(msg: Msg) -> Option<&'static str> {
    Some(match msg {
        Msg::LockScreenTitle => "On the lock screen",
        Msg::LockScreenExplain => "By default a reminder on your phone only says \"You have a new reminder\". What it is about shows inside the app.",
        Msg::LockScreenDetail => "Show what each reminder is about",
        Msg::LockScreenWarning => "Anyone who sees your phone, even locked, can then read it, for example \"{example}\".",
        Msg::NotificationDiscreetTitle => "You have a new reminder",
        Msg::NotificationDiscreetUrgentTitle => "You have an urgent message",
        Msg::NotificationDiscreetBody => "Open Vein-to-Vein to read it",
        Msg::OfflineTitle => "No connection",
        Msg::OfflineExplain => "This page needs the internet. Vein-to-Vein opens it again as soon as your phone is back online.",
        Msg::OfflineEmergencyTitle => "If it is an emergency",
        Msg::OfflineOtherNumbers => "Outside Europe:",
        Msg::OfflineHotlineWhere => "Your care team's 24/7 number is on your alert card. Calls work without mobile data.",
        Msg::OfflineTryAgain => "Try again",
        Msg::KeepPlanTitle => "Keep my plan on this phone",
        Msg::KeepPlanExplain => "Without signal, the app then still shows your timeline, your alert card, your care team's number and the check-ins due in the next 48 hours. The copy is encrypted and updated each time you open the app online. It is forgotten after 7 days without an update, and when you sign out.",
        Msg::KeepPlanWhoCanRead => "Anyone who holds this phone unlocked can read it. Keep it only on a phone that is yours alone.",
        Msg::KeepPlanButton => "Keep my plan on this phone",
        Msg::KeepPlanDrop => "Remove the copy from this phone",
        Msg::KeepPlanKept => "Kept on this phone, updated at {time}.",
        Msg::KeepPlanNone => "No copy on this phone.",
        Msg::KeepPlanFailed => "The copy could not be made. Try again when you are online.",
        Msg::KeepPlanUnsupported => "This browser cannot keep a copy.",
        Msg::ForgetPhoneTitle => "Forget this phone",
        Msg::ForgetPhoneExplain => "Signs you out, stops reminders on this phone and removes everything the app keeps here. Answers not sent yet are sent first, or kept until you sign in again.",
        Msg::ForgetPhoneButton => "Forget this phone",
        Msg::OfflineSaved => "Saved on this phone. It will be sent when you are online.",
        Msg::OfflineSavedSignIn => "Saved on this phone. It will be sent after you sign in again.",
        Msg::OfflineUnsent => "Answers waiting on this phone: {count}. They are sent when you are online and signed in.",
        Msg::OfflineUnsentOther => "Answers given on this phone are waiting for the person who gave them. They are sent after that person signs in.",
        Msg::OfflineRefused => "Answers the server could not accept: {count}. Please tell your care team.",
        Msg::OfflinePlanUpdated => "Your plan as kept on this phone, updated at {time}.",
        Msg::OfflineAnswerNow => "Answer now",
        Msg::SignedOutKept => "You are signed out. Answers not sent yet are kept on this phone and sent after you sign in again.",
        Msg::SignedOutSent => "You are signed out. Your answers given offline were sent first.",
        Msg::CheckinArrivedLater => "kept on the phone offline, arrived {when}",
        Msg::LanguageExplain => "The app and your reminders use this language, and its way of writing dates and times.",
        Msg::LanguageSave => "Save language",
        Msg::LanguageSaved => "Language saved.",
        Msg::InstrumentInEnglish => "This questionnaire is shown in English because your care team has not yet added its official translation in your language.",
        _ => return None,
    })
}
