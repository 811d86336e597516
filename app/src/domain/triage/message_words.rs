//! Whether a message to the care team reads like a red flag ("Ask the team"): the patient
//! is then shown the same advice as the diary would give, on the screen, before the message
//! is sent. Messages are read by people in office hours; a fever at night must not wait.
//!
//! The rule, in one place: the words are data (`catalogue/message_red_flags.json`), one
//! list per language and advice. A word matches at the start of a word of the message,
//! ignoring case and accents (`confus` matches "confused", "Confusion"); a phrase matches
//! its words in order. Every language's lists are checked, whatever the writer's language,
//! and the worst advice found wins: a false alarm costs a tap, a missed one may cost a life.
//! A temperature of 38 to 42.9 written with a decimal or a degree sign ("38,5", "39°",
//! "39 C"), or of 100.4 to 108 °F, counts as a fever.
use super::Advice;
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq)]
pub struct RedFlagWords {
    pub version: String,
    /// (advice, language, the word as normalised).
    words: Vec<(Advice, String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    #[allow(dead_code)]
    about: String,
    lists: Vec<List>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct List {
    advice: Advice,
    language: String,
    words: Vec<String>,
}

/// The languages every advice must have a list in.
const LANGUAGES: [&str; 4] = ["en", "fr", "nl", "de"];

impl RedFlagWords {
    /// The built-in lists, read once (in the browser and on the server alike).
    pub fn shared() -> Result<&'static RedFlagWords, String> {
        static WORDS: std::sync::OnceLock<Result<RedFlagWords, String>> = std::sync::OnceLock::new();
        WORDS.get_or_init(RedFlagWords::builtin).as_ref().map_err(Clone::clone)
    }

    pub fn builtin() -> Result<RedFlagWords, String> {
        RedFlagWords::from_json(include_str!("../../../catalogue/message_red_flags.json"))
    }

    /// Reads the lists; refuses an empty word, and a language without a list of each advice.
    pub fn from_json(text: &str) -> Result<RedFlagWords, String> {
        let file: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut words = Vec::new();
        for list in &file.lists {
            for word in &list.words {
                let word = normalised(word);
                if word.is_empty() {
                    return Err(format!(
                        "an empty word in the {} list of {:?}",
                        list.language, list.advice
                    ));
                }
                words.push((list.advice, list.language.clone(), word));
            }
        }
        for language in LANGUAGES {
            for advice in [Advice::EmergencyFirst, Advice::Crisis, Advice::CallCareTeam] {
                if !words.iter().any(|(a, l, _)| *a == advice && l == language) {
                    return Err(format!("no {advice:?} words in {language}"));
                }
            }
        }
        Ok(RedFlagWords {
            version: file.version,
            words,
        })
    }

    /// The worst advice the message calls for, if it reads like a red flag.
    pub fn advice(&self, message: &str) -> Option<Advice> {
        let text = format!(" {} ", normalised(message));
        let found = self
            .words
            .iter()
            .filter(|(_, _, word)| text.contains(&format!(" {word}")))
            .map(|(advice, _, _)| *advice);
        let fever = has_fever(message).then_some(Advice::CallCareTeam);
        found.chain(fever).min()
    }
}

/// Lower case, without accents, every run of other characters than letters and digits one
/// space (an apostrophe too: "n'arrive" reads "n arrive").
pub fn normalised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        if plain == " " && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push_str(plain);
    }
    out.trim_end().to_string()
}

/// A temperature that is a fever: 38–42.9 with a decimal or a degree sign, or 100.4–108 °F.
fn has_fever(message: &str) -> bool {
    let text = message.to_lowercase();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if !starts_number {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || matches!(chars[j], '.' | ',')) {
            j += 1;
        }
        let number: String = chars[i..j].iter().collect();
        let number = number.trim_end_matches(['.', ',']).replace(',', ".");
        let decimal = number.contains('.');
        let rest: String = chars[j..].iter().take(8).collect::<String>().trim_start().to_string();
        let degree = rest.starts_with('°')
            || rest.starts_with("c ")
            || rest == "c"
            || rest.starts_with("deg")
            || rest.starts_with("grad");
        let fahrenheit = rest.starts_with("°f") || rest.starts_with("f ") || rest == "f";
        if let Ok(value) = number.parse::<f64>() {
            if fahrenheit && (100.4..=108.0).contains(&value) {
                return true;
            }
            if !fahrenheit && (decimal || degree) && (38.0..43.0).contains(&value) {
                return true;
            }
        }
        i = j.max(i + 1);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use Advice::*;

    fn words() -> RedFlagWords {
        RedFlagWords::builtin().expect("the catalogue's lists read")
    }

    #[test]
    fn red_flags_are_found_in_each_language_whatever_the_case_and_accents() {
        let w = words();
        let cases: [(&str, Option<Advice>); 16] = [
            ("Since last night I feel feverish and shivery", Some(CallCareTeam)),
            ("He seems CONFUSED and can't find his words", Some(CallCareTeam)),
            ("Il a fait une crise d'épilepsie ce matin", Some(EmergencyFirst)),
            ("J'ai de la fievre depuis hier soir", Some(CallCareTeam)),
            ("Je n'ai plus envie de vivre", Some(Crisis)),
            ("Hij is de hele dag verward en duizelig", Some(CallCareTeam)),
            ("Ik wil dood", Some(Crisis)),
            ("Sie ist bewusstlos!", Some(EmergencyFirst)),
            ("Schüttelfrost seit dem Frühstück", Some(CallCareTeam)),
            ("Ich habe Suizidgedanken", Some(Crisis)),
            // The worst wins.
            ("fever, and now a seizure", Some(EmergencyFirst)),
            // A message in English from a French screen, and the other way round.
            ("je ne peux pas... I can't breathe", Some(EmergencyFirst)),
            // No red flag: everyday words that share letters with one.
            ("Can I take the bus home after the visit? Thank you!", None),
            ("Die Ergebnisse vom Bluttest, bitte", None),
            ("Dat was toevallig een goede dag", None),
            ("Ma fille vient me voir samedi", None),
        ];
        for (message, expected) in cases {
            assert_eq!(w.advice(message), expected, "{message}");
        }
    }

    #[test]
    fn a_temperature_is_a_fever_from_38_with_a_decimal_or_a_degree_sign() {
        let w = words();
        for message in [
            "38.5 this morning",
            "j'ai 38,2",
            "39° ce soir",
            "39 C since noon",
            "101.3 F",
            "40 Grad",
        ] {
            assert_eq!(w.advice(message), Some(CallCareTeam), "{message}");
        }
        for message in [
            "I am 38",
            "room 39, bed 2",
            "37.9 this morning",
            "my appointment is at 10.30",
            "43 days after",
        ] {
            assert_eq!(w.advice(message), None, "{message}");
        }
    }

    #[test]
    fn every_language_has_every_advice_and_no_word_is_empty() {
        assert!(words().version.starts_with("20"));
        let missing =
            r#"{"version": "x", "about": "", "lists": [{"advice": "crisis", "language": "en", "words": ["suicid"]}]}"#;
        assert!(RedFlagWords::from_json(missing).is_err());
        let empty =
            r#"{"version": "x", "about": "", "lists": [{"advice": "crisis", "language": "en", "words": ["  "]}]}"#;
        assert!(RedFlagWords::from_json(empty).unwrap_err().contains("empty"));
    }

    #[test]
    fn text_is_normalised_to_plain_lower_case_words() {
        assert_eq!(normalised("  N'arrive   PAS à Respirer!! "), "n arrive pas a respirer");
        assert_eq!(
            normalised("Schüttelfrost, Œdème, Straße"),
            "schuttelfrost oedeme strasse"
        );
    }
}
