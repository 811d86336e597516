//! Admin: reading the journeys catalogue, and managing manufacturing integrations.
use super::{storage_failed, Services};
use crate::{
    storage::{
        audit::Entry,
        integrations::{self, IntegrationError},
    },
    webhooks,
};
use app::{
    api::journeys::{CatalogueView, IntegrationView, IssuedSecret, RuleView, StepView, TemplateView},
    backend::RequestContext,
    domain::{
        access::may_manage_staff,
        timeline::catalogue::{Restriction, StepOffset},
        validation::{required_text, FieldProblem, Problem},
    },
    error::AppError,
};

fn admin(request: &RequestContext) -> Result<&app::domain::access::Actor, AppError> {
    let actor = &request.viewer()?.actor;
    if may_manage_staff(actor) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

pub fn catalogue(services: &Services, request: &RequestContext) -> Result<CatalogueView, AppError> {
    admin(request)?;
    let c = &services.catalogue;
    Ok(CatalogueView {
        templates: c
            .templates
            .iter()
            .map(|t| TemplateView {
                id: t.id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
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
            .map(|p| (p.id.clone(), p.name.clone(), p.template.clone()))
            .collect(),
        rules: c
            .restrictions
            .iter()
            .map(|r| RuleView {
                name: r.name.clone(),
                countries: r.countries.clone(),
                products: r.products.clone(),
                stay_near_centre_days: r.stay_near_centre_days,
                stay_within_hours: r.stay_within_hours,
                driving_restriction_days: r.driving_restriction_days,
            })
            .collect(),
    })
}

pub async fn list(services: &Services, request: &RequestContext) -> Result<Vec<IntegrationView>, AppError> {
    admin(request)?;
    Ok(integrations::list(&services.db)
        .await
        .map_err(storage_failed)?
        .into_iter()
        .map(|row| IntegrationView {
            id: row.id,
            name: row.name,
            created_on: chrono::DateTime::from_timestamp(row.created_at, 0)
                .map(|t| t.date_naive().to_string())
                .unwrap_or_default(),
            revoked: row.revoked,
        })
        .collect())
}

fn audit<'a>(request: &'a RequestContext, actor: &'a app::domain::access::Actor, action: &'a str) -> Entry<'a> {
    Entry {
        actor: Some(actor),
        action,
        patient_id: None,
        subject: None,
        client_addr: &request.facts.client_addr,
    }
}

pub async fn create(services: &Services, request: &RequestContext, name: String) -> Result<IssuedSecret, AppError> {
    let actor = admin(request)?;
    let name = required_text(&name, 100).map_err(|p| AppError::Invalid(vec![FieldProblem::new("name", p)]))?;
    let secret = webhooks::new_secret();
    integrations::create(
        &services.db,
        &name,
        &secret,
        actor.user_id,
        audit(request, actor, "integration.created"),
    )
    .await
    .map_err(|error| match error {
        IntegrationError::NameTaken => AppError::Invalid(vec![FieldProblem::new("name", Problem::EmailTaken)]),
        IntegrationError::Storage(error) => storage_failed(error),
    })?;
    Ok(IssuedSecret { name, secret })
}

pub async fn revoke(services: &Services, request: &RequestContext, id: i64) -> Result<(), AppError> {
    let actor = admin(request)?;
    let revoked = integrations::revoke(&services.db, id, audit(request, actor, "integration.revoked"))
        .await
        .map_err(storage_failed)?;
    if revoked {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
