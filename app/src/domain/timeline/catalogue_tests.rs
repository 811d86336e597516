//! The journeys catalogue: the shipped file and every kind of error a bad file gets.
use super::*;
use chrono::NaiveDate;

const SHIPPED: &str = include_str!("../../../catalogue/journeys.toml");

pub(super) fn shipped() -> Catalogue {
    let file: CatalogueFile = toml::from_str(SHIPPED).expect("the shipped file parses");
    Catalogue::from_file(file).expect("the shipped catalogue is valid")
}

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

fn days_between(plan: &Plan, p: &Projection, from: MilestoneKind, to: MilestoneKind) -> i64 {
    let (a, b) = (plan.first_of(from).expect("from"), plan.first_of(to).expect("to"));
    (p.dates[b] - p.dates[a]).num_days()
}

fn check(text: &str) -> Vec<CatalogueError> {
    let file: CatalogueFile = toml::from_str(text).expect("test file parses");
    Catalogue::from_file(file).err().unwrap_or_default()
}

#[test]
fn shipped_catalogue_has_the_three_journeys_with_published_durations() {
    let c = shipped();
    assert_eq!(c.templates.len(), 3);
    let plan = c.plan_for("axi-cel", "US").expect("axi-cel plan");
    let p = plan.project(date(2026, 3, 2), &plan.unpinned());
    assert!(p.conflicts.is_empty());
    use MilestoneKind::*;
    // Collection to release about 14–17 days; vein-to-vein about 30 days (US median).
    assert_eq!(days_between(&plan, &p, Apheresis, ProductReleased), 17);
    assert_eq!(days_between(&plan, &p, Apheresis, Infusion), 30);
    assert_eq!(days_between(&plan, &p, Lymphodepletion, Infusion), 5);
    let bcma = c.plan_for("cilta-cel", "BE").expect("cilta-cel plan");
    let pb = bcma.project(date(2026, 3, 2), &bcma.unpinned());
    assert_eq!(days_between(&bcma, &pb, ManufacturingStarted, ProductReleased), 32);
    let poc = c.plan_for("academic-cd19-poc", "ES").expect("point-of-care plan");
    assert!(poc.first_of(CellsShipped).is_none() && poc.first_of(ProductShipped).is_none());
    let pp = poc.project(date(2026, 3, 2), &poc.unpinned());
    assert_eq!(days_between(&poc, &pp, ManufacturingStarted, ProductReleased), 12);
}

#[test]
fn restrictions_follow_the_centre_country() {
    let c = shipped();
    let check = |country: &str, stay: i64, drive: i64| {
        let plan = c.plan_for("axi-cel", country).expect("plan");
        let p = plan.project(date(2026, 3, 2), &plan.unpinned());
        use MilestoneKind::*;
        assert_eq!(days_between(&plan, &p, Infusion, StayNearCentreEnds), stay, "{country}");
        assert_eq!(
            days_between(&plan, &p, Infusion, DrivingRestrictionEnds),
            drive,
            "{country}"
        );
    };
    check("US", 14, 14);
    check("BE", 28, 56);
    check("GB", 28, 56);
    check("JP", 28, 56);
    assert_eq!(c.rule_for("axi-cel", "FR").and_then(|r| r.stay_within_hours), Some(2));
}

#[test]
fn follow_ups_run_yearly_to_year_fifteen() {
    let c = shipped();
    let plan = c.plan_for("ide-cel", "NL").expect("plan");
    let p = plan.project(date(2026, 3, 2), &plan.unpinned());
    let infusion = p.dates[plan.first_of(MilestoneKind::Infusion).expect("infusion")];
    let at = |key: &str| (p.dates[plan.index_of(key).expect(key)] - infusion).num_days();
    assert_eq!(at("follow_up_day_28"), 28);
    assert_eq!(at("follow_up_day_100"), 100);
    assert_eq!(at("follow_up_day_180"), 180);
    assert_eq!(at("follow_up_day_365"), 365);
    assert_eq!(at("follow_up_year_2"), 730);
    assert_eq!(at("follow_up_year_15"), 365 * 15 + 3);
    assert!(plan.index_of("follow_up_year_16").is_none());
}

#[test]
fn every_milestone_is_explained_in_every_language() {
    let c = shipped();
    for kind in MilestoneKind::ALL {
        for locale in crate::i18n::Locale::ALL {
            assert!(c.has_explanation(kind, locale), "{kind:?} in {locale:?}");
        }
        let french = c.explanation(kind, crate::i18n::Locale::Fr).expect("French");
        let english = c.explanation(kind, crate::i18n::Locale::En).expect("English");
        assert_ne!(french, english, "{kind:?} is translated");
    }
}

const MINIMAL_TAIL: &str = r#"
[[products]]
id = "p"
name = "P"
template = "t"
[[restrictions]]
name = "any"
countries = ["*"]
products = ["*"]
stay_near_centre_days = 28
driving_restriction_days = 56
[[explanations]]
kind = "apheresis"
locale = "en"
what = "w"
why = "y"
[[explanations]]
kind = "product_released"
locale = "en"
what = "w"
why = "y"
[[explanations]]
kind = "infusion"
locale = "en"
what = "w"
why = "y"
"#;

fn template_with(steps: &str) -> String {
    format!("[[templates]]\nid = \"t\"\nname = \"T\"\nsteps = [\n{steps}\n]\n{MINIMAL_TAIL}")
}

#[test]
fn a_minimal_valid_template_loads() {
    let text = template_with(
        r#"{ kind = "apheresis" },
           { kind = "product_released", after = "apheresis", days = 14 },
           { kind = "infusion", after = "product_released", days = 7 }"#,
    );
    assert_eq!(check(&text), vec![]);
}

#[test]
fn a_template_with_a_cycle_is_refused_naming_the_steps() {
    let text = template_with(
        r#"{ kind = "apheresis" },
           { kind = "product_released", after = "infusion", days = -7 },
           { kind = "infusion", after = "product_released", days = 7 }"#,
    );
    let errors = check(&text);
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, CatalogueError::Cycle { steps, .. } if steps.len() == 2)),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.to_string().contains("cycle")));
}

#[test]
fn a_template_depending_on_an_undefined_step_is_refused() {
    let text = template_with(
        r#"{ kind = "apheresis" },
           { kind = "product_released", after = "manufacturing_started", days = 14 },
           { kind = "infusion", after = "product_released", days = 7 }"#,
    );
    let errors = check(&text);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec!["template 't': step 'product_released' depends on 'manufacturing_started', which the template does not define"]
    );
}

#[test]
fn unknown_milestones_and_bad_fields_are_each_reported() {
    let text = template_with(
        r#"{ kind = "apheresis" },
           { kind = "teleportation", after = "apheresis", days = 1 },
           { kind = "product_released", after = "apheresis", days = 14, time = "25:00" },
           { kind = "infusion", after = "product_released" },
           { kind = "discharge", after = "infusion", restriction = "parking" }"#,
    );
    let errors: Vec<String> = check(&text).iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains("unknown milestone 'teleportation'")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("time '25:00' is not HH:MM")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("needs 'days' or 'restriction'")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("\"stay_near_centre\" or \"driving\"")),
        "{errors:?}"
    );
}

#[test]
fn a_milestone_without_an_english_explanation_is_refused() {
    let text = template_with(
        r#"{ kind = "apheresis" },
           { kind = "product_released", after = "apheresis", days = 14 },
           { kind = "infusion", after = "product_released", days = 7 },
           { kind = "discharge", after = "infusion", days = 7 }"#,
    );
    let errors: Vec<String> = check(&text).iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        vec!["milestone 'discharge' is used but has no English explanation"]
    );
}

#[test]
fn steps_listed_out_of_journey_order_or_with_two_starts_are_refused() {
    let text = template_with(
        r#"{ kind = "infusion", after = "product_released", days = 7 },
           { kind = "apheresis" },
           { kind = "product_released" }"#,
    );
    let errors: Vec<String> = check(&text).iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains("listed after 'infusion'")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("exactly one step must have no 'after'")),
        "{errors:?}"
    );
}

#[test]
fn default_offsets_that_break_the_order_are_refused() {
    let text = template_with(
        r#"{ kind = "apheresis" },
           { kind = "product_released", after = "apheresis", days = 14 },
           { kind = "infusion", after = "apheresis", days = 7, not_before = ["product_released"] }"#,
    );
    let errors: Vec<String> = check(&text).iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        vec!["template 't' under rule 'any': its default offsets put 'infusion' before 'product_released'"]
    );
}

#[test]
fn products_and_rules_must_refer_to_what_exists_and_one_rule_must_catch_all() {
    let text = r#"
[[templates]]
id = "t"
name = "T"
steps = [{ kind = "apheresis" }, { kind = "product_released", after = "apheresis", days = 1 }, { kind = "infusion", after = "product_released", days = 1 }]
[[products]]
id = "p"
name = "P"
template = "missing"
[[products]]
id = "Axi cel"
name = "A"
template = "t"
[[restrictions]]
name = "us"
countries = ["usa"]
products = ["q"]
stay_near_centre_days = 14
driving_restriction_days = 14
"#;
    let errors: Vec<String> = check(text).iter().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("template 'missing', which is not defined")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("names product 'q'")), "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("product id 'Axi cel' may hold only")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("two capital letters")), "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("no rule applies to every country")),
        "{errors:?}"
    );
}

#[test]
fn names_are_given_in_each_language_and_a_translation_needs_a_known_language_and_a_name() {
    use crate::domain::timeline::catalogue::{description_in, name_in};
    use crate::i18n::Locale;
    let c = shipped();
    for locale in [Locale::Fr, Locale::Nl, Locale::De] {
        for t in &c.templates {
            assert_ne!(name_in(&t.name, &t.translations, locale), t.name, "{} {locale:?}", t.id);
            assert_ne!(description_in(&t.description, &t.translations, locale), t.description);
        }
        for r in &c.restrictions {
            assert_ne!(
                name_in(&r.name, &r.translations, locale),
                r.name,
                "{} {locale:?}",
                r.name
            );
        }
    }
    let t = &c.templates[0];
    assert_eq!(name_in(&t.name, &t.translations, Locale::EnUs), t.name);
    let steps = r#"{ kind = "apheresis" },
           { kind = "product_released", after = "apheresis", days = 14 },
           { kind = "infusion", after = "product_released", days = 7 }"#;
    let with = |translation: &str| {
        template_with(steps).replacen("name = \"T\"\n", &format!("name = \"T\"\n{translation}\n"), 1)
    };
    assert_eq!(check(&with(r#"translations.fr = { name = "T en français" }"#)), vec![]);
    for bad in [
        r#"translations.es = { name = "T" }"#,
        r#"translations.en-US = { name = "T" }"#,
        r#"translations.de = { name = " " }"#,
    ] {
        assert!(
            matches!(check(&with(bad)).as_slice(), [CatalogueError::Translation { .. }]),
            "{bad}: {:?}",
            check(&with(bad))
        );
    }
}
