//! Patients and caregivers read the app while unwell, often in a second language: clinical
//! terms ("CRS", "neurotoxicity", "ICANS", "lymphodepletion") appear only together with their
//! explanation in plain words. The explanations are written out below, once per language; a
//! text passes when, with these taken out, none of the terms is left.
//!
//! Every message is checked, staff pages' too: none needs the bare terms today. A staff-only
//! message that does would be listed here as an exception, with the reason.
use crate::{
    domain::{
        checkins::{builtin, questionnaire::Text, Item, ItemKind},
        reminders::ReminderCatalogue,
        timeline::CatalogueFile,
    },
    i18n::{t, Locale, Msg},
};

/// The explained forms, as the texts write them, by language.
fn explained(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::Fr => FRENCH,
        Locale::Nl => DUTCH,
        Locale::De => GERMAN,
        // English, and any variant of it (a locale with English words and other dates).
        _ => ENGLISH,
    }
}

const ENGLISH: &[&str] = &[
    "cytokine release syndrome (CRS: fever, chills or feeling faint, as the new cells go to work)",
    "neurotoxicity (ICANS: confusion, trouble speaking or unusual sleepiness, as the new cells affect the brain)",
    "chemotherapy to make room for your new cells (lymphodepletion)",
];
const FRENCH: &[&str] = &[
    "syndrome de relargage des cytokines (SRC : fièvre, frissons ou malaise, quand les nouvelles cellules se mettent au travail)",
    "neurotoxicité (ICANS : confusion, difficulté à parler ou somnolence inhabituelle, quand les nouvelles cellules agissent sur le cerveau)",
    "chimiothérapie qui fait de la place pour vos nouvelles cellules (lymphodéplétion)",
];
const DUTCH: &[&str] = &[
    "cytokinevrijgavesyndroom (CRS: koorts, rillingen of een flauw gevoel, doordat de nieuwe cellen aan het werk gaan)",
    "neurotoxiciteit (ICANS: verwardheid, moeite met spreken of ongewone slaperigheid, doordat de nieuwe cellen op de hersenen inwerken)",
    "chemotherapie die plaats maakt voor uw nieuwe cellen (lymfodepletie)",
];
const GERMAN: &[&str] = &[
    // Nominative and genitive ("das Risiko eines …syndroms").
    "zytokin-freisetzungssyndrom (CRS: Fieber, Schüttelfrost oder Schwächegefühl, weil die neuen Zellen zu arbeiten beginnen)",
    "zytokin-freisetzungssyndroms (CRS: Fieber, Schüttelfrost oder Schwächegefühl, weil die neuen Zellen zu arbeiten beginnen)",
    "neurotoxizität (ICANS: Verwirrtheit, Sprachstörungen oder ungewöhnliche Schläfrigkeit, weil die neuen Zellen auf das Gehirn wirken)",
    "chemotherapie, die platz für ihre neuen zellen schafft (lymphodepletion)",
];

/// Acronyms, matched as whole words and in capitals (so "src" in a path is not one).
const ACRONYMS: [&str; 3] = ["CRS", "SRC", "ICANS"];
/// Word stems, matched anywhere and in any case: cytokine/Zytokin, neurotoxicity in each
/// language, lymphodepletion/lymphodepleting/lymfodepletie/lymphodéplétion.
const STEMS: [&str; 4] = ["ytokin", "neurotox", "lymphod", "lymfod"];

/// The clinical terms left in `text` once its explained forms are taken out.
fn unexplained(locale: Locale, text: &str) -> Vec<&'static str> {
    let mut rest = text.to_lowercase();
    for form in explained(locale) {
        rest = rest.replace(&form.to_lowercase(), " ");
    }
    let mut found: Vec<&'static str> = STEMS.into_iter().filter(|stem| rest.contains(stem)).collect();
    // Acronyms are checked on the original case, in what the lowercase pass left.
    let mut cased = text.to_string();
    for form in explained(locale) {
        cased = replace_ignoring_case(&cased, form);
    }
    found.extend(ACRONYMS.into_iter().filter(|a| has_word(&cased, a)));
    found
}

fn replace_ignoring_case(text: &str, form: &str) -> String {
    let (lower, form) = (text.to_lowercase(), form.to_lowercase());
    // Lowercasing keeps byte offsets for the scripts these texts use; otherwise leave as is.
    if lower.len() != text.len() {
        return text.to_string();
    }
    let mut out = String::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&form) {
        out.push_str(&text[from..from + at]);
        out.push(' ');
        from += at + form.len();
    }
    out.push_str(&text[from..]);
    out
}

fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Every patient- or caregiver-facing text, with its language and where it comes from.
fn patient_texts() -> Vec<(Locale, String, String)> {
    let mut texts = Vec::new();
    for locale in Locale::ALL {
        for msg in Msg::ALL {
            texts.push((locale, format!("{msg:?}"), t(locale, *msg).to_string()));
        }
    }
    let journeys: CatalogueFile =
        toml::from_str(include_str!("../../catalogue/journeys.toml")).expect("the journeys catalogue parses");
    for e in journeys.explanations {
        let locale = Locale::parse(&e.locale).expect("a known language");
        for (field, text) in [("what", e.what), ("why", e.why), ("todo", e.todo), ("bring", e.bring)] {
            texts.push((locale, format!("journeys.toml {} {field}", e.kind), text));
        }
    }
    let reminders = ReminderCatalogue::builtin().expect("the reminders catalogue parses");
    for rule in reminders.rules {
        for (lang, text) in rule.title.iter().chain(rule.body.iter()) {
            let locale = Locale::parse(lang).expect("a known language");
            texts.push((locale, format!("reminders.json {}", rule.id), text.clone()));
        }
    }
    for q in builtin::all().expect("the built-in questionnaires import") {
        let mut all = vec![(q.id.clone(), q.title.clone())];
        collect_items(&q.items, &mut all);
        for (what, text) in all {
            for locale in Locale::ALL {
                texts.push((
                    locale,
                    format!("{} {what}", q.id),
                    text.in_language(locale.code()).to_string(),
                ));
            }
        }
    }
    texts
}

fn collect_items(items: &[Item], out: &mut Vec<(String, Text)>) {
    for item in items {
        out.push((item.link_id.clone(), item.text.clone()));
        if let ItemKind::Choice(options) = &item.kind {
            out.extend(
                options
                    .iter()
                    .map(|o| (format!("{} {}", item.link_id, o.code), o.display.clone())),
            );
        }
        collect_items(&item.items, out);
    }
}

#[test]
fn patients_never_read_a_clinical_term_without_its_explanation() {
    let problems: Vec<String> = patient_texts()
        .into_iter()
        .filter_map(|(locale, source, text)| {
            let terms = unexplained(locale, &text);
            (!terms.is_empty()).then(|| format!("{locale:?} {source}: {terms:?} in {text:?}"))
        })
        .collect();
    assert!(problems.is_empty(), "unexplained terms:\n{}", problems.join("\n"));
}

#[test]
fn the_check_catches_a_bare_term_and_accepts_the_explained_one() {
    assert_eq!(unexplained(Locale::En, "Watch for CRS after the infusion."), ["CRS"]);
    assert_eq!(unexplained(Locale::De, "Risiko von Neurotoxizität."), ["neurotox"]);
    assert_eq!(unexplained(Locale::Fr, "La lymphodéplétion commence."), ["lymphod"]);
    // An English explanation does not excuse a French text.
    let english = explained(Locale::En)[0];
    assert_eq!(unexplained(Locale::Fr, english), ["ytokin", "CRS"]);
    for locale in Locale::ALL {
        for form in explained(locale) {
            assert_eq!(
                unexplained(locale, &format!("Risk: {form}.")),
                Vec::<&str>::new(),
                "{form}"
            );
        }
    }
    assert!(
        unexplained(Locale::En, "see /srcset and CRSP").is_empty(),
        "whole words only"
    );
}

#[test]
fn every_language_explains_every_term_the_english_explains() {
    // Each language's explained forms carry the same acronyms, so none is left bare.
    for locale in Locale::ALL {
        let forms = explained(locale).join(" ");
        assert!(has_word(&forms, "ICANS"), "{locale:?}");
        assert!(has_word(&forms, "CRS") || has_word(&forms, "SRC"), "{locale:?}");
    }
}
