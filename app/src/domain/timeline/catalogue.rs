//! Journey templates, products and country rules, read from a data file and checked once
//! at start. Nothing clinical is hard-coded: a centre edits the file, not the code.
use super::milestone::MilestoneKind;
use super::plan::{Plan, PlanStep};
use crate::i18n::Locale;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

pub use super::catalogue_file::{
    CatalogueFile, ExplanationFile, FollowUpsFile, ProductFile, RestrictionFile, StepFile, TemplateFile, TextsFile,
};

/// A plain-language explanation of a milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub what: String,
    pub why: String,
    pub todo: String,
    pub bring: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Restriction {
    StayNearCentre,
    Driving,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepOffset {
    Days(i32),
    Restriction(Restriction),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateStep {
    pub key: String,
    pub kind: MilestoneKind,
    pub after: Option<usize>,
    pub offset: StepOffset,
    pub time: Option<NaiveTime>,
    pub optional: bool,
    pub not_before: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JourneyTemplate {
    pub id: String,
    pub name: String,
    pub description: String,
    pub steps: Vec<TemplateStep>,
    pub translations: Translations,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub template: String,
    pub translations: Translations,
    /// Days from collection to the cells being ready, as published (`low`, `high`).
    pub published_ready_days: Option<(i64, i64)>,
}

/// A name and a description, by language ("fr"); the English ones are the fields themselves.
pub type Translations = std::collections::BTreeMap<String, (String, String)>;

/// The name in the reader's language, else as written.
pub fn name_in<'a>(name: &'a str, translations: &'a Translations, locale: Locale) -> &'a str {
    translations.get(locale.language()).map_or(name, |(name, _)| name)
}

/// The description in the reader's language, else as written.
pub fn description_in<'a>(description: &'a str, translations: &'a Translations, locale: Locale) -> &'a str {
    translations
        .get(locale.language())
        .map(|(_, d)| d.as_str())
        .filter(|d| !d.is_empty())
        .unwrap_or(description)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionRule {
    pub name: String,
    pub translations: Translations,
    pub countries: Vec<String>,
    pub products: Vec<String>,
    pub stay_near_centre_days: i32,
    pub stay_within_hours: Option<u8>,
    pub driving_restriction_days: i32,
}

impl RestrictionRule {
    fn applies(&self, product: &str, country: &str) -> bool {
        let any_or = |list: &[String], value: &str| list.iter().any(|v| v == "*" || v.eq_ignore_ascii_case(value));
        any_or(&self.countries, country) && any_or(&self.products, product)
    }

    fn days(&self, restriction: Restriction) -> i32 {
        match restriction {
            Restriction::StayNearCentre => self.stay_near_centre_days,
            Restriction::Driving => self.driving_restriction_days,
        }
    }
}

/// The checked catalogue. Built only through [`Catalogue::from_file`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    pub templates: Vec<JourneyTemplate>,
    pub products: Vec<Product>,
    pub restrictions: Vec<RestrictionRule>,
    explanations: HashMap<(MilestoneKind, Locale), Explanation>,
}

/// What is wrong with the data file, said so that whoever edits it can find the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogueError {
    Duplicate {
        what: &'static str,
        id: String,
    },
    UnknownKind {
        template: String,
        kind: String,
    },
    UnknownDependency {
        template: String,
        step: String,
        missing: String,
    },
    Cycle {
        template: String,
        steps: Vec<String>,
    },
    RootCount {
        template: String,
        roots: Vec<String>,
    },
    Offset {
        template: String,
        step: String,
        problem: &'static str,
    },
    BadTime {
        template: String,
        step: String,
        value: String,
    },
    OutOfOrder {
        template: String,
        step: String,
        previous: String,
    },
    MissingKind {
        template: String,
        kind: &'static str,
    },
    BadProductId {
        id: String,
    },
    UnknownTemplate {
        product: String,
        template: String,
    },
    UnknownProduct {
        rule: String,
        product: String,
    },
    /// A published figure that is not 1 to 120 days, low first, with its source.
    BadPublishedFigure {
        product: String,
    },
    BadRestriction {
        rule: String,
        problem: &'static str,
    },
    NoCatchAllRule,
    /// A translation of a template's, product's or rule's name in a language the app does
    /// not speak, or without a name.
    Translation {
        of: String,
        language: String,
    },
    Explanation {
        kind: String,
        locale: String,
        problem: &'static str,
    },
    MissingExplanation {
        kind: &'static str,
    },
    DefaultPlanConflict {
        template: String,
        rule: String,
        earlier: String,
        later: String,
    },
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CatalogueError::*;
        match self {
            Duplicate { what, id } => write!(f, "{what} '{id}' is defined twice"),
            UnknownKind { template, kind } => write!(
                f,
                "template '{template}': unknown milestone '{kind}' (known: {})",
                MilestoneKind::ALL.map(|k| k.as_str()).join(", ")
            ),
            UnknownDependency { template, step, missing } => {
                write!(f, "template '{template}': step '{step}' depends on '{missing}', which the template does not define")
            }
            Cycle { template, steps } => {
                write!(f, "template '{template}': the steps {} depend on each other in a cycle", steps.join(" → "))
            }
            RootCount { template, roots } => write!(
                f,
                "template '{template}': exactly one step must have no 'after' (the first); found {}",
                if roots.is_empty() { "none".to_string() } else { roots.join(", ") }
            ),
            Offset { template, step, problem } => write!(f, "template '{template}': step '{step}': {problem}"),
            BadTime { template, step, value } => {
                write!(f, "template '{template}': step '{step}': time '{value}' is not HH:MM")
            }
            OutOfOrder { template, step, previous } => write!(
                f,
                "template '{template}': step '{step}' is listed after '{previous}' but comes before it in a journey"
            ),
            MissingKind { template, kind } => write!(f, "template '{template}' has no '{kind}' step"),
            BadProductId { id } => write!(
                f,
                "product id '{id}' may hold only lowercase letters, digits and hyphens"
            ),
            UnknownTemplate { product, template } => {
                write!(f, "product '{product}' uses template '{template}', which is not defined")
            }
            UnknownProduct { rule, product } => write!(f, "rule '{rule}' names product '{product}', which is not defined"),
            BadPublishedFigure { product } => write!(
                f,
                "product '{product}': published_ready_days needs low and high from 1 to 120 days, low first, and its source"
            ),
            BadRestriction { rule, problem } => write!(f, "rule '{rule}': {problem}"),
            NoCatchAllRule => write!(
                f,
                "no rule applies to every country and product (countries = [\"*\"], products = [\"*\"]); one is needed last"
            ),
            Translation { of, language } => write!(
                f,
                "'{of}': the translation '{language}' needs a language of the app (fr, nl or de) and a name"
            ),
            Explanation { kind, locale, problem } => write!(f, "explanation of '{kind}' in '{locale}': {problem}"),
            MissingExplanation { kind } => write!(f, "milestone '{kind}' is used but has no English explanation"),
            DefaultPlanConflict { template, rule, earlier, later } => write!(
                f,
                "template '{template}' under rule '{rule}': its default offsets put '{later}' before '{earlier}'"
            ),
        }
    }
}

use super::catalogue_check::{check_explanations, check_products, check_restrictions, check_template};

impl Catalogue {
    /// Checks everything and reports every problem found, not only the first.
    pub fn from_file(file: CatalogueFile) -> Result<Catalogue, Vec<CatalogueError>> {
        let mut errors = Vec::new();
        let mut templates = Vec::new();
        let mut seen = HashMap::new();
        for raw in &file.templates {
            if seen.insert(raw.id.clone(), ()).is_some() {
                errors.push(CatalogueError::Duplicate {
                    what: "template",
                    id: raw.id.clone(),
                });
            }
            match check_template(raw) {
                Ok(template) => templates.push(template),
                Err(mut problems) => errors.append(&mut problems),
            }
        }
        let products = check_products(&file.products, &file.templates, &mut errors);
        let restrictions = check_restrictions(&file.restrictions, &products, &mut errors);
        let explanations = check_explanations(&file.explanations, &templates, &mut errors);
        let catalogue = Catalogue {
            templates,
            products,
            restrictions,
            explanations,
        };
        if errors.is_empty() {
            catalogue.check_default_plans(&mut errors);
        }
        if errors.is_empty() {
            Ok(catalogue)
        } else {
            Err(errors)
        }
    }

    /// Every template under every rule must project in order when nothing is pinned.
    fn check_default_plans(&self, errors: &mut Vec<CatalogueError>) {
        for template in &self.templates {
            for rule in &self.restrictions {
                let plan = template.resolve(rule);
                let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
                let projection = plan.project(start, &plan.unpinned());
                for conflict in projection.conflicts {
                    errors.push(CatalogueError::DefaultPlanConflict {
                        template: template.id.clone(),
                        rule: rule.name.clone(),
                        earlier: plan.steps[conflict.earlier].key.clone(),
                        later: plan.steps[conflict.later].key.clone(),
                    });
                }
            }
        }
    }

    pub fn template(&self, id: &str) -> Option<&JourneyTemplate> {
        self.templates.iter().find(|t| t.id == id)
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The first rule that names this product and country; the catch-all rule guarantees one.
    pub fn rule_for(&self, product: &str, country: &str) -> Option<&RestrictionRule> {
        self.restrictions.iter().find(|r| r.applies(product, country))
    }

    /// The plan a treatment with this product at a centre in this country follows.
    pub fn plan_for(&self, product: &str, country: &str) -> Option<Plan> {
        let product = self.product(product)?;
        let template = self.template(&product.template)?;
        let rule = self.rule_for(&product.id, country)?;
        Some(template.resolve(rule))
    }

    /// Whether this language has its own text (not the English fallback).
    pub fn has_explanation(&self, kind: MilestoneKind, locale: Locale) -> bool {
        self.explanations.contains_key(&(kind, locale.words()))
    }

    /// In the reader's language, or in English where a translation is missing.
    pub fn explanation(&self, kind: MilestoneKind, locale: Locale) -> Option<&Explanation> {
        self.explanations
            .get(&(kind, locale.words()))
            .or_else(|| self.explanations.get(&(kind, Locale::En)))
    }
}

impl JourneyTemplate {
    pub fn resolve(&self, rule: &RestrictionRule) -> Plan {
        let steps = self
            .steps
            .iter()
            .map(|s| PlanStep {
                key: s.key.clone(),
                kind: s.kind,
                after: s.after,
                days: match s.offset {
                    StepOffset::Days(d) => d,
                    StepOffset::Restriction(r) => rule.days(r),
                },
                time: s.time,
                optional: s.optional,
                not_before: s.not_before.clone(),
            })
            .collect();
        // A checked template has no cycle, so this cannot fail.
        Plan::new(steps).unwrap_or_else(|_| Plan::empty())
    }
}
