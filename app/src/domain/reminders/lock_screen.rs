//! What a notification says on a locked phone. Anyone near a phone reads its lock screen,
//! and a reminder's own words can name a treatment step ("CAR-T infusion (day 0)"). So,
//! unless the person chose otherwise in settings, every notification says the same
//! discreet line in their language, urgent ones saying only that they are urgent; the
//! reminder's words wait inside the app, on the page the tap opens.
use crate::i18n::{t, Locale, Msg};

/// The notification's title and body: the reminder's own words when the person chose to
/// see them, otherwise the discreet line.
pub fn lock_screen_words(detailed: bool, urgent: bool, locale: Locale, words: (String, String)) -> (String, String) {
    if detailed {
        return words;
    }
    let title = if urgent {
        Msg::NotificationDiscreetUrgentTitle
    } else {
        Msg::NotificationDiscreetTitle
    };
    (
        t(locale, title).to_string(),
        t(locale, Msg::NotificationDiscreetBody).to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> (String, String) {
        (
            "CAR-T infusion (day 0)".into(),
            "Tomorrow at 09:00 at Hôpital Saint-Louis".into(),
        )
    }

    #[test]
    fn discreet_words_tell_nothing_of_the_reminder() {
        for locale in Locale::ALL {
            for urgent in [false, true] {
                let (title, body) = lock_screen_words(false, urgent, locale, words());
                for shown in [&title, &body] {
                    assert!(!shown.contains("CAR-T") && !shown.contains("Saint-Louis"), "{shown}");
                    assert!(!shown.is_empty());
                }
                let (other, _) = lock_screen_words(false, !urgent, locale, words());
                assert_ne!(title, other, "urgent ones say they are urgent");
            }
        }
    }

    #[test]
    fn the_detail_is_shown_only_when_chosen() {
        assert_eq!(lock_screen_words(true, true, Locale::En, words()), words());
        assert_eq!(
            lock_screen_words(false, false, Locale::Fr, words()).0,
            "Vous avez un nouveau rappel"
        );
    }
}
