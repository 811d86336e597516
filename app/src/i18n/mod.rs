//! The one way user-facing text is produced. Every language's `match` is exhaustive, so
//! a new message does not compile until it has its English, French, Dutch and German text.
pub mod dates;
mod de;
mod en;
mod fr;
mod msg;
mod nl;
mod phone;
mod research;

pub use msg::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Fr,
    Nl,
    De,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::Nl, Locale::De];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Nl => "nl",
            Locale::De => "de",
        }
    }

    /// Each language's name in itself, as language pickers show them.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Nl => "Nederlands",
            Locale::De => "Deutsch",
        }
    }

    /// Accepts "fr", "FR", "fr-BE", "nl_NL".
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
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
        Locale::En => en::text(msg),
        Locale::Fr => fr::text(msg),
        Locale::Nl => nl::text(msg),
        Locale::De => de::text(msg),
    }
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
