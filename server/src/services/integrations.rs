//! Admin: managing manufacturing integrations (who may sign manufacturing events, for what).
use super::{audit_entry, Services};
use crate::{
    storage::{
        centres,
        integrations::{self, Scope},
    },
    webhook_signatures,
};
use app::{
    api::journeys::{IntegrationForm, IntegrationView, IssuedSecret},
    backend::RequestContext,
    domain::{
        access::may_manage_staff,
        validation::{required_text, FieldProblem, Problem},
    },
    error::AppError,
};

pub(super) fn admin(request: &RequestContext) -> Result<&app::domain::access::Actor, AppError> {
    let actor = &request.viewer()?.actor;
    if may_manage_staff(actor) {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn list(services: &Services, request: &RequestContext) -> Result<Vec<IntegrationView>, AppError> {
    admin(request)?;
    let centres = centres::list(&services.db, None).await?;
    let product_name = |id: &String| {
        services
            .catalogue
            .products
            .iter()
            .find(|p| &p.id == id)
            .map_or_else(|| id.clone(), |p| p.name.clone())
    };
    Ok(integrations::list(&services.db)
        .await?
        .into_iter()
        .map(|row| IntegrationView {
            products: row.scope.products.iter().map(product_name).collect(),
            centre: row.scope.centre_id.map(|id| {
                centres
                    .iter()
                    .find(|c| c.id == id)
                    .map_or_else(|| id.to_string(), |c| c.name.clone())
            }),
            id: row.id,
            name: row.name,
            created_on: chrono::DateTime::from_timestamp(row.created_at, 0)
                .map(|t| t.date_naive().to_string())
                .unwrap_or_default(),
            revoked: row.revoked,
        })
        .collect())
}

/// The form's scope, checked against the catalogue and the centres: every product ticked
/// must exist, at least one must be ticked, and a centre, if chosen, must exist.
async fn scope_of(services: &Services, form: &IntegrationForm) -> Result<Scope, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut products: Vec<String> = Vec::new();
    for id in form.products.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if services.catalogue.products.iter().any(|p| p.id == id) {
            if !products.iter().any(|p| p == id) {
                products.push(id.to_string());
            }
        } else {
            problems.push(FieldProblem::new("products", Problem::ChoiceInvalid));
        }
    }
    if products.is_empty() && problems.is_empty() {
        problems.push(FieldProblem::new("products", Problem::Required));
    }
    let centre = form.centre.trim();
    let centre_id = if centre.is_empty() {
        None
    } else {
        let known = match centre.parse::<i64>() {
            Ok(id) => centres::time_zone(&services.db, id)
                .await
                .map_err(|_| vec![FieldProblem::new("centre", Problem::ChoiceInvalid)])?
                .map(|_| id),
            Err(_) => None,
        };
        if known.is_none() {
            problems.push(FieldProblem::new("centre", Problem::ChoiceInvalid));
        }
        known
    };
    if problems.is_empty() {
        Ok(Scope { products, centre_id })
    } else {
        Err(problems)
    }
}

pub async fn create(
    services: &Services,
    request: &RequestContext,
    form: IntegrationForm,
) -> Result<IssuedSecret, AppError> {
    let actor = admin(request)?;
    let name = required_text(&form.name, 100).map_err(|p| FieldProblem::new("name", p));
    let scope = scope_of(services, &form).await;
    let (name, scope) = match (name, scope) {
        (Ok(name), Ok(scope)) => (name, scope),
        (name, scope) => {
            let mut problems: Vec<FieldProblem> = name.err().into_iter().collect();
            problems.extend(scope.err().unwrap_or_default());
            return Err(AppError::Invalid(problems));
        }
    };
    let secret = webhook_signatures::new_secret();
    let sealed = services
        .secrets
        .seal(crate::secrets::Purpose::IntegrationSecret, &secret);
    integrations::create(
        &services.db,
        &name,
        &sealed,
        &scope,
        actor.user_id,
        audit_entry(request, "integration.created"),
    )
    .await?;
    Ok(IssuedSecret { name, secret })
}

pub async fn revoke(services: &Services, request: &RequestContext, id: i64) -> Result<(), AppError> {
    admin(request)?;
    let revoked = integrations::revoke(&services.db, id, audit_entry(request, "integration.revoked")).await?;
    if revoked {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
