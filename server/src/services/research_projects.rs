//! Approved study projects: the data steward (an admin) approves them; researchers see
//! their own. The cohort and the release rule are `crate::export::approval`'s.
use super::{audit_entry, research::refusal, Services};
use crate::{
    export::approval::{self, RoundedSummary},
    storage::{
        accounts, centres,
        research_projects::{self, ProjectRow},
    },
};
use app::{
    api::research::{ProjectChoices, ProjectView},
    backend::RequestContext,
    domain::{
        research::project::{parse_project, Project, ProjectForm},
        role::Role,
    },
    error::AppError,
};

pub async fn approve(
    services: &Services,
    request: &RequestContext,
    form: ProjectForm,
) -> Result<ProjectView, AppError> {
    let steward_id = steward(request)?;
    let project = parse_project(&form, chrono::Utc::now().date_naive(), true).map_err(AppError::Invalid)?;
    let audit = audit_entry(request, "research.project_approved");
    let approved = approval::approve(&services.db, services.research, &project, Some(steward_id), audit)
        .await
        .map_err(refusal)?;
    research_projects::approved(&services.db, None)
        .await?
        .into_iter()
        .find(|row| row.id == approved.id)
        .map(|row| view_of(&row))
        .ok_or(AppError::NotFound)?
}

fn steward(request: &RequestContext) -> Result<i64, AppError> {
    let actor = &request.viewer()?.actor;
    if actor.role == Role::Admin {
        Ok(actor.user_id)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Products, centres (where cohorts by centre are allowed) and the researchers to choose.
pub async fn options(services: &Services, request: &RequestContext) -> Result<ProjectChoices, AppError> {
    steward(request)?;
    let settings = services.research;
    let centres = if settings.centre_allowed {
        centres::list(&services.db, None)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    } else {
        Vec::new()
    };
    let researchers = accounts::staff_accounts(&services.db)
        .await?
        .into_iter()
        .filter(|a| a.role == Role::Researcher && !a.deactivated && !a.awaiting)
        .map(|a| (a.id, format!("{} ({})", a.name, a.email)))
        .collect();
    Ok(ProjectChoices {
        k: settings.k,
        centre_allowed: settings.centre_allowed,
        products: services
            .catalogue
            .products
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
        centres,
        researchers,
    })
}

/// All approved projects for the steward; a researcher's own for a researcher.
pub async fn list(services: &Services, request: &RequestContext) -> Result<Vec<ProjectView>, AppError> {
    let actor = &request.viewer()?.actor;
    let researcher = match actor.role {
        Role::Admin => None,
        Role::Researcher => Some(actor.user_id),
        _ => return Err(AppError::Forbidden),
    };
    research_projects::approved(&services.db, researcher)
        .await?
        .iter()
        .map(view_of)
        .collect()
}

fn thousandths(epsilon: f64) -> u32 {
    (epsilon * 1000.0).round().clamp(0.0, f64::from(u32::MAX)) as u32
}

fn view_of(row: &ProjectRow) -> Result<ProjectView, AppError> {
    let unreadable = |what: &str| {
        tracing::error!(project = row.id, "a stored project's {what} is unreadable");
        AppError::Unavailable
    };
    let project: Project = serde_json::from_str(&row.definition).map_err(|_| unreadable("definition"))?;
    let summary: RoundedSummary = serde_json::from_str(&row.summary).map_err(|_| unreadable("summary"))?;
    Ok(ProjectView {
        id: row.id,
        name: row.name.clone(),
        products: project.products.into_iter().collect(),
        from_quarter: project.from.map(|q| q.label()).unwrap_or_default(),
        to_quarter: project.to.map(|q| q.label()).unwrap_or_default(),
        datasets: project.datasets.iter().map(|d| d.as_str().to_string()).collect(),
        ethics_ref: row.ethics_ref.clone(),
        dua_ref: row.dua_ref.clone(),
        expires_on: row.expires_on.clone(),
        patients: summary.patients,
        k: summary.k,
        researchers: row.researchers.clone(),
        epsilon_budget: thousandths(row.epsilon_budget),
        epsilon_spent: thousandths(row.epsilon_spent),
    })
}
