//! Validated instruments are asked whole, in their published order: every scored question,
//! required, none hidden by a condition, numbered as published, with the published answers
//! and their values. A change to the shipped files that breaks this fails here.
use super::{builtin, ItemKind, Questionnaire};

fn instrument(short_name: &str) -> Questionnaire {
    builtin::all()
        .expect("built-ins are valid")
        .into_iter()
        .find(|q| q.short_name() == short_name)
        .expect("built in")
}

#[test]
fn phq9_gad7_and_phq4_are_asked_whole_and_in_their_published_order() {
    // (name, prefix of the published item numbers, how many, the answers' values)
    for (name, prefix, count) in [("phq-9", "phq9", 9), ("gad-7", "gad7", 7), ("phq-4", "phq4", 4)] {
        let q = instrument(name);
        let published: Vec<String> = (1..=count).map(|n| format!("{prefix}-{n}")).collect();
        let scored: Vec<String> = q
            .all_items()
            .into_iter()
            .filter(|item| matches!(item.kind, ItemKind::Choice(_)) && item.link_id.starts_with(&format!("{prefix}-")))
            .filter(|item| item.link_id[prefix.len() + 1..].parse::<u32>().is_ok())
            .map(|item| item.link_id.clone())
            .collect();
        assert_eq!(scored, published, "{name}: the questions, in order");
        for link_id in &published {
            let item = q.item(link_id).expect("asked");
            assert!(
                item.required && item.enable_when.is_empty(),
                "{name} {link_id}: always asked"
            );
            let ItemKind::Choice(options) = &item.kind else {
                panic!("{name} {link_id}: a choice");
            };
            let values: Vec<Option<i64>> = options.iter().map(|o| o.ordinal).collect();
            assert_eq!(
                values,
                [Some(0), Some(1), Some(2), Some(3)],
                "{name} {link_id}: the answers, in order"
            );
        }
        let total = q.scales.iter().find(|s| s.id == "total").expect("a total");
        assert_eq!(total.items, published, "{name}: the total sums every question");
    }
}
