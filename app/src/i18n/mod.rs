//! The one way user-facing text is produced. Every language's `match` is exhaustive, so
//! a new message does not compile until it has its English, French, Dutch and German text.
pub mod dates;
mod de;
mod desk;
mod en;
mod fr;
mod history;
mod hospital;
mod instruments;
mod messages;
mod msg;
mod nl;
mod own_story;
mod passkeys;
mod phone;
mod research;
mod second_factor;
mod sso;

pub use msg::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    /// English words with American dates and 12-hour times.
    EnUs,
    Fr,
    Nl,
    De,
}

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::En, Locale::EnUs, Locale::Fr, Locale::Nl, Locale::De];

    /// The tag stored with an account and put in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::EnUs => "en-US",
            Locale::Fr => "fr",
            Locale::Nl => "nl",
            Locale::De => "de",
        }
    }

    /// The language its words are in: questionnaires, catalogues and reminder rules are
    /// written per language, not per country.
    pub fn language(self) -> &'static str {
        match self {
            Locale::EnUs => "en",
            other => other.code(),
        }
    }

    /// The locale whose words this one reads (American English reads English).
    pub fn words(self) -> Locale {
        match self {
            Locale::EnUs => Locale::En,
            other => other,
        }
    }

    /// Each language's name in itself, as language pickers show them.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::EnUs => "English (US)",
            Locale::Fr => "Français",
            Locale::Nl => "Nederlands",
            Locale::De => "Deutsch",
        }
    }

    /// Accepts "fr", "FR", "fr-BE", "nl_NL", "en-US"; other English is British English.
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        if tag == "en-us" {
            return Some(Locale::EnUs);
        }
        let primary = tag.split('-').next()?;
        Locale::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Picks the first supported language of an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut ranked: Vec<(f32, Locale)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let locale = Locale::parse(pieces.next()?)?;
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (quality > 0.0).then_some((quality, locale))
            })
            .collect();
        // Stable sort keeps header order among equal weights.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, locale)| *locale)
    }
}

pub fn t(locale: Locale, msg: Msg) -> &'static str {
    match locale {
        Locale::En | Locale::EnUs => en::text(msg),
        Locale::Fr => fr::text(msg),
        Locale::Nl => nl::text(msg),
        Locale::De => de::text(msg),
    }
}

/// A message of one page's own table (research, the phone, …), in `locale`'s words.
fn page_text(locale: Locale, msg: Msg) -> Option<&'static str> {
    macro_rules! tables {
        ($($page:ident),*) => {
            match locale.words() {
                Locale::Fr => None$(.or_else(|| $page::fr::text(msg)))*,
                Locale::Nl => None$(.or_else(|| $page::nl::text(msg)))*,
                Locale::De => None$(.or_else(|| $page::de::text(msg)))*,
                Locale::En | Locale::EnUs => None$(.or_else(|| $page::en::text(msg)))*,
            }
        };
    }
    tables!(
        research,
        phone,
        history,
        passkeys,
        own_story,
        messages,
        desk,
        instruments,
        hospital,
        second_factor,
        sso
    )
}

/// Fills `{name}`-style placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_string(), |text, (key, value)| {
        text.replace(&format!("{{{key}}}"), value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_weight_supported_language() {
        assert_eq!(Locale::from_accept_language("de-CH, fr;q=0.9"), Some(Locale::De));
        assert_eq!(Locale::from_accept_language("es, nl;q=0.5, fr;q=0.8"), Some(Locale::Fr));
        assert_eq!(Locale::from_accept_language("es, it"), None);
        assert_eq!(Locale::from_accept_language("fr;q=0, en;q=0.1"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9"), Some(Locale::EnUs));
        assert_eq!(Locale::from_accept_language("en-GB,en;q=0.9"), Some(Locale::En));
    }

    #[test]
    fn every_locale_reads_back_from_its_code_and_american_english_reads_english() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.code()), Some(locale));
        }
        assert_eq!(Locale::parse("en_us"), Some(Locale::EnUs));
        assert_eq!((Locale::EnUs.language(), Locale::EnUs.words()), ("en", Locale::En));
        assert_eq!(t(Locale::EnUs, Msg::SignIn), t(Locale::En, Msg::SignIn));
    }

    #[test]
    fn every_message_has_text_in_every_language_and_placeholders_fill() {
        for locale in Locale::ALL {
            for msg in Msg::ALL {
                assert!(!t(locale, *msg).is_empty(), "{locale:?} {msg:?}");
            }
        }
        assert_eq!(fill("Call {centre}", &[("centre", "Leuven")]), "Call Leuven");
    }

    #[test]
    fn translations_keep_the_placeholders_of_the_english_text() {
        for locale in Locale::ALL {
            for msg in Msg::ALL {
                let english = en::text(*msg);
                let translated = t(locale, *msg);
                for placeholder in english.split('{').skip(1).filter_map(|s| s.split('}').next()) {
                    assert!(translated.contains(&format!("{{{placeholder}}}")), "{locale:?} {msg:?}");
                }
            }
        }
    }
}
