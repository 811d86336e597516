//! A translation of an instrument is the same instrument in other words: the same questions
//! (link ids, in the same order and groups), the same kinds of answer with the same codes,
//! ordinals and bounds, the same conditions and the same scales. Only texts may differ.
//! A centre imports the official translation of a built-in instrument (PHQ-9, GAD-7, PHQ-4)
//! under its name on that condition, so scoring, triage and schedules stay as they are.
use super::questionnaire::{Item, ItemKind, Questionnaire};

/// Whether `imported` may stand for `built_in`: the same instrument, as a version of its own
/// (each response names the version it answered), speaking a language the built-in one does not.
pub fn translation_of(built_in: &Questionnaire, imported: &Questionnaire) -> bool {
    let new_language = imported
        .all_items()
        .iter()
        .flat_map(|item| item.text.translations.keys())
        .any(|language| imported.speaks(language) && !built_in.speaks(language));
    same_instrument(built_in, imported) && imported.version != built_in.version && new_language
}

pub fn same_instrument(built_in: &Questionnaire, imported: &Questionnaire) -> bool {
    built_in.short_name() == imported.short_name()
        && built_in.scales == imported.scales
        && same_items(&built_in.items, &imported.items)
}

fn same_items(a: &[Item], b: &[Item]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.link_id == y.link_id
                && x.required == y.required
                && x.enable_when == y.enable_when
                && x.enable_when_all == y.enable_when_all
                && x.carry_over == y.carry_over
                && same_kind(&x.kind, &y.kind)
                && same_items(&x.items, &y.items)
        })
}

fn same_kind(a: &ItemKind, b: &ItemKind) -> bool {
    match (a, b) {
        (ItemKind::Choice(x), ItemKind::Choice(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(o, p)| o.code == p.code && o.ordinal == p.ordinal)
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkins::builtin;

    fn phq9() -> Questionnaire {
        builtin::all()
            .expect("the built-in questionnaires read")
            .into_iter()
            .find(|q| q.short_name() == "phq-9")
            .expect("PHQ-9 is built in")
    }

    /// The options of PHQ-9's first question.
    fn options(q: &mut Questionnaire) -> &mut Vec<crate::domain::checkins::AnswerOption> {
        let item = q.items.iter_mut().find(|i| i.link_id == "phq9-1").expect("item 1");
        match &mut item.kind {
            ItemKind::Choice(options) => options,
            other => panic!("item 1 is {other:?}"),
        }
    }

    #[test]
    fn texts_may_change_and_nothing_else() {
        let english = phq9();
        let mut french = english.clone();
        french.version = "1-fr".into();
        for item in &mut french.items {
            item.text
                .translations
                .insert("fr".into(), format!("(fr) {}", item.text.default));
        }
        options(&mut french)[0]
            .display
            .translations
            .insert("fr".into(), "Jamais".into());
        assert!(same_instrument(&english, &french) && translation_of(&english, &french));
        assert!(french.speaks("fr") && !english.speaks("fr"));
        // The built-in one again, or under its own version, is no translation.
        let mut same_version = french.clone();
        same_version.version = english.version.clone();
        assert!(!translation_of(&english, &english) && !translation_of(&english, &same_version));
        // Half translated: the patient would read a mix of languages.
        let mut half = french.clone();
        half.items
            .iter_mut()
            .skip(3)
            .for_each(|item| item.text.translations.clear());
        assert!(!translation_of(&english, &half));

        let mut recoded = french.clone();
        options(&mut recoded)[0].code = "never".into();
        let mut shorter = french.clone();
        shorter.items.pop();
        let mut rescored = french.clone();
        rescored.scales[0].max_missing += 1;
        let mut reweighted = french.clone();
        options(&mut reweighted)[1].ordinal = Some(5);
        for (what, changed) in [
            ("code", recoded),
            ("items", shorter),
            ("scale", rescored),
            ("ordinal", reweighted),
        ] {
            assert!(
                !same_instrument(&english, &changed) && !translation_of(&english, &changed),
                "{what}"
            );
        }
    }
}
