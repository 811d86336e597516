//! The checks behind `Catalogue::from_file`, one per part of the data file. Each collects
//! every problem it finds, so that whoever edits the file sees them all at once.
use super::catalogue::{
    CatalogueError, Explanation, ExplanationFile, JourneyTemplate, Product, ProductFile, Restriction, RestrictionFile,
    RestrictionRule, StepFile, StepOffset, TemplateFile, TemplateStep, TextsFile, Translations,
};
use super::milestone::MilestoneKind;
use super::plan::{Plan, PlanStep};
use crate::i18n::Locale;
use chrono::NaiveTime;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A journey template as written, checked step by step: every problem found, or the
/// template.
pub(super) fn check_template(raw: &TemplateFile) -> Result<JourneyTemplate, Vec<CatalogueError>> {
    let t = raw.id.as_str();
    let mut errors = Vec::new();
    let files = with_follow_ups(raw);
    let keys = step_keys(t, &files, &mut errors);
    let index: HashMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut steps = Vec::new();
    let mut roots = Vec::new();
    for (file, key) in files.iter().zip(&keys) {
        let Some(step) = check_step(t, file, key, &index, &mut errors) else {
            continue;
        };
        if file.after.is_none() {
            roots.push(key.clone());
        }
        steps.push(step);
    }
    if roots.len() != 1 {
        errors.push(CatalogueError::RootCount {
            template: t.to_string(),
            roots,
        });
    }
    check_listing_order(t, &steps, &mut errors);
    check_required_kinds(t, &steps, &mut errors);
    if errors.is_empty() {
        check_cycles(t, &steps, &mut errors);
    }
    let translations = check_translations(t, &raw.translations, &mut errors);
    if errors.is_empty() {
        Ok(JourneyTemplate {
            id: raw.id.clone(),
            name: raw.name.clone(),
            description: raw.description.clone(),
            steps,
            translations,
        })
    } else {
        Err(errors)
    }
}

/// One step: its kind, the steps it follows and waits for, its offset and its hour.
fn check_step(
    t: &str,
    file: &StepFile,
    key: &str,
    index: &HashMap<&str, usize>,
    errors: &mut Vec<CatalogueError>,
) -> Option<TemplateStep> {
    let Some(kind) = MilestoneKind::parse(&file.kind) else {
        errors.push(CatalogueError::UnknownKind {
            template: t.to_string(),
            kind: file.kind.clone(),
        });
        return None;
    };
    let lookup = |name: &str, errors: &mut Vec<CatalogueError>| {
        let found = index.get(name).copied();
        if found.is_none() {
            errors.push(CatalogueError::UnknownDependency {
                template: t.to_string(),
                step: key.to_string(),
                missing: name.to_string(),
            });
        }
        found
    };
    let after = file.after.as_deref().and_then(|name| lookup(name, errors));
    let offset = offset_of(t, key, file, errors);
    let time = time_of(t, key, file, errors);
    let not_before = file.not_before.iter().filter_map(|n| lookup(n, errors)).collect();
    Some(TemplateStep {
        key: key.to_string(),
        kind,
        after,
        offset,
        time,
        optional: file.optional,
        not_before,
    })
}

/// The steps as listed, then the follow-up visits the template asks for.
fn with_follow_ups(raw: &TemplateFile) -> Vec<StepFile> {
    let mut files: Vec<StepFile> = raw.steps.clone();
    if let Some(f) = &raw.follow_ups {
        for day in &f.days {
            files.push(follow_up(&f.after, format!("follow_up_day_{day}"), *day));
        }
        for year in 2..=f.yearly_to_year.unwrap_or(0) {
            // Days, not calendar years, so that moving day 0 moves every visit by as much.
            let days = 365 * i32::from(year) + i32::from(year) / 4;
            files.push(follow_up(&f.after, format!("follow_up_year_{year}"), days));
        }
    }
    files
}

/// Each step's key (its kind, unless it names one), each used once.
fn step_keys(t: &str, files: &[StepFile], errors: &mut Vec<CatalogueError>) -> Vec<String> {
    let keys: Vec<String> = files
        .iter()
        .map(|s| s.key.clone().unwrap_or_else(|| s.kind.clone()))
        .collect();
    for (i, k) in keys.iter().enumerate() {
        if keys[..i].contains(k) {
            errors.push(CatalogueError::Duplicate {
                what: "step",
                id: format!("{t}/{k}"),
            });
        }
    }
    keys
}

/// How far a step is from the one it follows: some days, or the end of a restriction.
fn offset_of(t: &str, key: &str, file: &StepFile, errors: &mut Vec<CatalogueError>) -> StepOffset {
    let mut problem = |problem| {
        errors.push(CatalogueError::Offset {
            template: t.to_string(),
            step: key.to_string(),
            problem,
        });
        StepOffset::Days(0)
    };
    match (&file.after, file.days, file.restriction.as_deref()) {
        (None, None, None) => StepOffset::Days(0),
        (None, _, _) => problem("the first step has no 'after', so it takes no 'days'"),
        (Some(_), Some(days), None) if days.abs() <= 366 * 16 => StepOffset::Days(days),
        (Some(_), Some(_), None) => problem("'days' is beyond 16 years"),
        (Some(_), None, Some("stay_near_centre")) => StepOffset::Restriction(Restriction::StayNearCentre),
        (Some(_), None, Some("driving")) => StepOffset::Restriction(Restriction::Driving),
        (Some(_), None, Some(_)) => problem("'restriction' must be \"stay_near_centre\" or \"driving\""),
        (Some(_), None, None) => problem("a step with 'after' needs 'days' or 'restriction'"),
        (Some(_), Some(_), Some(_)) => problem("give 'days' or 'restriction', not both"),
    }
}

/// The hour a step is at, if the file gives one (`HH:MM`).
fn time_of(t: &str, key: &str, file: &StepFile, errors: &mut Vec<CatalogueError>) -> Option<NaiveTime> {
    let value = file.time.as_ref()?;
    let time = NaiveTime::parse_from_str(value, "%H:%M").ok();
    if time.is_none() {
        errors.push(CatalogueError::BadTime {
            template: t.to_string(),
            step: key.to_string(),
            value: value.clone(),
        });
    }
    time
}

/// Every journey has an apheresis, a release and an infusion.
fn check_required_kinds(t: &str, steps: &[TemplateStep], errors: &mut Vec<CatalogueError>) {
    for required in [
        MilestoneKind::Apheresis,
        MilestoneKind::ProductReleased,
        MilestoneKind::Infusion,
    ] {
        if !steps.iter().any(|s| s.kind == required) {
            errors.push(CatalogueError::MissingKind {
                template: t.to_string(),
                kind: required.as_str(),
            });
        }
    }
}

/// No step may come, through 'after' and 'not_before', before itself.
fn check_cycles(t: &str, steps: &[TemplateStep], errors: &mut Vec<CatalogueError>) {
    let plan_steps = steps
        .iter()
        .map(|s| PlanStep {
            key: s.key.clone(),
            kind: s.kind,
            after: s.after,
            days: 0,
            time: None,
            optional: false,
            not_before: s.not_before.clone(),
        })
        .collect();
    if let Err(cycle) = Plan::new(plan_steps) {
        errors.push(CatalogueError::Cycle {
            template: t.to_string(),
            steps: cycle.into_iter().map(|i| steps[i].key.clone()).collect(),
        });
    }
}

fn follow_up(after: &str, key: String, days: i32) -> StepFile {
    StepFile {
        kind: MilestoneKind::FollowUp.as_str().to_string(),
        key: Some(key),
        after: Some(after.to_string()),
        days: Some(days),
        restriction: None,
        time: None,
        optional: false,
        not_before: Vec::new(),
    }
}

/// Steps are listed in the order a journey passes them, so the file reads like the journey.
fn check_listing_order(template: &str, steps: &[TemplateStep], errors: &mut Vec<CatalogueError>) {
    for pair in steps.windows(2) {
        if pair[1].kind < pair[0].kind {
            errors.push(CatalogueError::OutOfOrder {
                template: template.to_string(),
                step: pair[1].key.clone(),
                previous: pair[0].key.clone(),
            });
        }
    }
}

pub(super) fn check_products(
    raw: &[ProductFile],
    templates: &[TemplateFile],
    errors: &mut Vec<CatalogueError>,
) -> Vec<Product> {
    let mut products: Vec<Product> = Vec::new();
    for p in raw {
        if products.iter().any(|q| q.id == p.id) {
            errors.push(CatalogueError::Duplicate {
                what: "product",
                id: p.id.clone(),
            });
        }
        // Ids go into URLs, forms and integration scopes (stored space-separated).
        let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if p.id.is_empty() || !p.id.chars().all(plain) {
            errors.push(CatalogueError::BadProductId { id: p.id.clone() });
        }
        if !templates.iter().any(|t| t.id == p.template) {
            errors.push(CatalogueError::UnknownTemplate {
                product: p.id.clone(),
                template: p.template.clone(),
            });
        }
        products.push(Product {
            id: p.id.clone(),
            name: p.name.clone(),
            template: p.template.clone(),
            translations: check_translations(&p.id, &p.translations, errors),
            published_ready_days: check_published(p, errors),
        });
    }
    products
}

/// A published figure is a span of days that a treatment can take (1 to 120, low first), and
/// says where it was published: the waiting card shows it as one.
fn check_published(p: &ProductFile, errors: &mut Vec<CatalogueError>) -> Option<(i64, i64)> {
    let figure = p.published_ready_days.as_ref()?;
    let fits = 1 <= figure.low && figure.low <= figure.high && figure.high <= 120;
    if !fits || figure.source.trim().is_empty() {
        errors.push(CatalogueError::BadPublishedFigure { product: p.id.clone() });
        return None;
    }
    Some((figure.low, figure.high))
}

/// Names (and descriptions) in the app's other languages: each needs a name.
fn check_translations(of: &str, raw: &BTreeMap<String, TextsFile>, errors: &mut Vec<CatalogueError>) -> Translations {
    let mut out = Translations::new();
    for (language, texts) in raw {
        let known = Locale::ALL
            .iter()
            .any(|l| l.code() == language && *l != Locale::En && *l == l.words());
        if !known || texts.name.trim().is_empty() {
            errors.push(CatalogueError::Translation {
                of: of.to_string(),
                language: language.clone(),
            });
            continue;
        }
        out.insert(
            language.clone(),
            (texts.name.trim().to_string(), texts.description.trim().to_string()),
        );
    }
    out
}

pub(super) fn check_restrictions(
    raw: &[RestrictionFile],
    products: &[Product],
    errors: &mut Vec<CatalogueError>,
) -> Vec<RestrictionRule> {
    let mut rules = Vec::new();
    for r in raw {
        let bad = |problem| CatalogueError::BadRestriction {
            rule: r.name.clone(),
            problem,
        };
        if r.countries.is_empty() || r.products.is_empty() {
            errors.push(bad(
                "'countries' and 'products' need at least one entry (\"*\" for any)",
            ));
        }
        if r.countries
            .iter()
            .any(|c| c != "*" && (c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase())))
        {
            errors.push(bad("countries are two capital letters (ISO 3166), or \"*\""));
        }
        for p in &r.products {
            if p != "*" && !products.iter().any(|q| &q.id == p) {
                errors.push(CatalogueError::UnknownProduct {
                    rule: r.name.clone(),
                    product: p.clone(),
                });
            }
        }
        if !(0..=365).contains(&r.stay_near_centre_days) || !(0..=365).contains(&r.driving_restriction_days) {
            errors.push(bad("restriction periods are between 0 and 365 days"));
        }
        rules.push(RestrictionRule {
            name: r.name.clone(),
            translations: check_translations(&r.name, &r.translations, errors),
            countries: r.countries.clone(),
            products: r.products.clone(),
            stay_near_centre_days: r.stay_near_centre_days,
            stay_within_hours: r.stay_within_hours,
            driving_restriction_days: r.driving_restriction_days,
        });
    }
    let catch_all = |r: &RestrictionRule| r.countries == ["*"] && r.products == ["*"];
    if !rules.iter().any(catch_all) {
        errors.push(CatalogueError::NoCatchAllRule);
    }
    rules
}

pub(super) fn check_explanations(
    raw: &[ExplanationFile],
    templates: &[JourneyTemplate],
    errors: &mut Vec<CatalogueError>,
) -> HashMap<(MilestoneKind, Locale), Explanation> {
    let mut map = HashMap::new();
    for e in raw {
        let problem = |problem| CatalogueError::Explanation {
            kind: e.kind.clone(),
            locale: e.locale.clone(),
            problem,
        };
        let Some(kind) = MilestoneKind::parse(&e.kind) else {
            errors.push(problem("unknown milestone"));
            continue;
        };
        let Some(locale) = Locale::ALL.into_iter().find(|l| l.code() == e.locale) else {
            errors.push(problem("unknown language (en, fr, nl or de)"));
            continue;
        };
        if e.what.trim().is_empty() || e.why.trim().is_empty() {
            errors.push(problem("'what' and 'why' must not be empty"));
        }
        let explanation = Explanation {
            what: e.what.trim().to_string(),
            why: e.why.trim().to_string(),
            todo: e.todo.trim().to_string(),
            bring: e.bring.trim().to_string(),
        };
        if map.insert((kind, locale), explanation).is_some() {
            errors.push(problem("given twice"));
        }
    }
    let used: BTreeSet<MilestoneKind> = templates.iter().flat_map(|t| t.steps.iter().map(|s| s.kind)).collect();
    for kind in used {
        if !map.contains_key(&(kind, Locale::En)) {
            errors.push(CatalogueError::MissingExplanation { kind: kind.as_str() });
        }
    }
    map
}
