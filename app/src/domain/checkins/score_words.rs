//! A scale's name and a severity band's key in the reader's language ("PHQ-4 anxiety: 5
//! (moderate)"). The keys are the built-in questionnaires' own; an imported questionnaire's
//! other keys read as written, underscores as spaces.
use crate::i18n::{t, Locale, Msg};

pub fn scale_words(lang: &str, scale: &str) -> String {
    let msg = match scale {
        "total" => Msg::ScaleTotal,
        "anxiety" => Msg::ScaleAnxiety,
        "depression" => Msg::ScaleDepression,
        other => return other.replace('_', " "),
    };
    in_language(lang, msg)
}

pub fn band_words(lang: &str, band: &str) -> String {
    let msg = match band {
        "minimal" => Msg::BandMinimal,
        "mild" => Msg::BandMild,
        "moderate" => Msg::BandModerate,
        "moderately_severe" => Msg::BandModeratelySevere,
        "severe" => Msg::BandSevere,
        "normal" => Msg::BandNormal,
        "below_cutoff" => Msg::BandBelowCutoff,
        "at_or_above_cutoff" => Msg::BandAtOrAboveCutoff,
        other => return other.replace('_', " "),
    };
    in_language(lang, msg)
}

fn in_language(lang: &str, msg: Msg) -> String {
    t(Locale::parse(lang).unwrap_or_default(), msg).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_keys_are_translated_and_others_read_as_written() {
        assert_eq!(band_words("nl", "moderately_severe"), "matig ernstig");
        assert_eq!(scale_words("de", "total"), "Gesamtwert");
        assert_eq!(band_words("fr", "very_high"), "very high");
        assert_eq!(scale_words("en", "anxiety"), "anxiety");
    }
}
