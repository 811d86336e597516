//! Admin: the journeys catalogue (templates, products, country rules) as loaded, for reading.
use super::{integrations::admin, Services};
use app::{
    api::journeys::{CatalogueView, RuleView, StepView, TemplateView},
    backend::RequestContext,
    domain::timeline::catalogue::{description_in, name_in, Restriction, StepOffset},
    error::AppError,
};

pub fn catalogue(services: &Services, request: &RequestContext) -> Result<CatalogueView, AppError> {
    admin(request)?;
    let locale = request.viewer()?.locale;
    let c = &services.catalogue;
    Ok(CatalogueView {
        templates: c
            .templates
            .iter()
            .map(|t| TemplateView {
                id: t.id.clone(),
                name: name_in(&t.name, &t.translations, locale).to_string(),
                description: description_in(&t.description, &t.translations, locale).to_string(),
                steps: t
                    .steps
                    .iter()
                    .map(|s| StepView {
                        key: s.key.clone(),
                        kind: s.kind,
                        after: s.after.map(|a| (t.steps[a].kind, t.steps[a].key.clone())),
                        days: match s.offset {
                            StepOffset::Days(d) => Some(d),
                            StepOffset::Restriction(_) => None,
                        },
                        rule: match s.offset {
                            StepOffset::Restriction(Restriction::StayNearCentre) => Some("stay_near_centre".into()),
                            StepOffset::Restriction(Restriction::Driving) => Some("driving".into()),
                            StepOffset::Days(_) => None,
                        },
                        optional: s.optional,
                        time: s.time.map(|t| t.format("%H:%M").to_string()),
                    })
                    .collect(),
            })
            .collect(),
        products: c
            .products
            .iter()
            .map(|p| {
                let name = name_in(&p.name, &p.translations, locale);
                (p.id.clone(), name.to_string(), p.template.clone())
            })
            .collect(),
        rules: c
            .restrictions
            .iter()
            .map(|r| RuleView {
                name: name_in(&r.name, &r.translations, locale).to_string(),
                countries: r.countries.clone(),
                products: r.products.clone(),
                stay_near_centre_days: r.stay_near_centre_days,
                stay_within_hours: r.stay_within_hours,
                driving_restriction_days: r.driving_restriction_days,
            })
            .collect(),
    })
}
