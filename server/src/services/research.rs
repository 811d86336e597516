//! The researcher's export page: researchers only, and each export is its maker's alone.
//! Anonymisation and streaming live in `crate::export`; this maps their outcomes to what the
//! page is told.
use super::{audit_entry, Services};
use crate::{
    export::{cohort, ExportError},
    storage::{
        centres, research,
        research_exports::{self, StoredExport},
    },
};
use app::{
    api::research::{ExportCreated, ExportProgress, ExportSummary, ResearchOptions},
    backend::RequestContext,
    domain::{
        access::Actor,
        research::{parse, ExportForm},
        role::Role,
        validation::{FieldProblem, Problem},
    },
    error::AppError,
};

pub fn researcher(request: &RequestContext) -> Result<&Actor, AppError> {
    let actor = &request.viewer()?.actor;
    if actor.role == Role::Researcher {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The one place an export's failure becomes what the page (or a download) is told.
pub fn refusal(error: ExportError) -> AppError {
    match error {
        ExportError::Invalid(problems) => AppError::Invalid(problems),
        ExportError::Forbidden(_) => AppError::Forbidden,
        ExportError::TooFewPatients { .. } => {
            AppError::Invalid(vec![FieldProblem::new("filters", Problem::TooFewPatients)])
        }
        ExportError::NotFound | ExportError::NoSuchFile(_) | ExportError::Expired => AppError::NotFound,
        ExportError::Storage(e) => e.into(),
        other => {
            tracing::error!(error = %other, "research export failed");
            AppError::Unavailable
        }
    }
}

pub async fn options(services: &Services, request: &RequestContext) -> Result<ResearchOptions, AppError> {
    researcher(request)?;
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
    Ok(ResearchOptions {
        k: settings.k,
        centre_allowed: settings.centre_allowed,
        products: services
            .catalogue
            .products
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect(),
        centres,
        projects: research::project_names(&services.db).await?,
    })
}

pub async fn create(
    services: &Services,
    request: &RequestContext,
    form: ExportForm,
) -> Result<ExportCreated, AppError> {
    let actor = researcher(request)?;
    let parsed = parse(&form).map_err(AppError::Invalid)?;
    let audit = audit_entry(request, "research.export_created");
    let created = cohort::create(&services.db, services.research, &parsed, Some(actor.user_id), audit)
        .await
        .map_err(refusal)?;
    let s = &created.summary;
    Ok(ExportCreated {
        token: created.token.clone(),
        files: crate::export::files::File::all_of(&parsed)
            .iter()
            .map(|f| f.name().to_string())
            .collect(),
        summary: ExportSummary {
            k: s.anonymisation.k,
            patients: s.anonymisation.patients,
            released: s.anonymisation.released,
            generalised: s.anonymisation.generalised,
            suppressed: s.anonymisation.suppressed,
            not_anchored: s.not_anchored,
            responses_generalised: s.responses_generalised,
            flags_generalised: s.flags_generalised,
            responses_suppressed: s.responses_suppressed,
            flags_suppressed: s.flags_suppressed,
        },
    })
}

/// The researcher's own export by its token; another's is "not found".
pub async fn own_export(services: &Services, actor: &Actor, token: &str) -> Result<StoredExport, AppError> {
    let export = research_exports::by_token(&services.db, token)
        .await?
        .ok_or(AppError::NotFound)?;
    if export.requested_by != Some(actor.user_id) {
        return Err(AppError::NotFound);
    }
    Ok(export)
}

pub async fn progress(
    services: &Services,
    request: &RequestContext,
    token: String,
) -> Result<ExportProgress, AppError> {
    let actor = researcher(request)?;
    let export = own_export(services, actor, &token).await?;
    Ok(ExportProgress {
        state: export.state,
        records_done: export.records_done,
        records_total: export.records_total,
    })
}

pub async fn create_project(services: &Services, request: &RequestContext, name: String) -> Result<(), AppError> {
    let actor = researcher(request)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::Invalid(vec![FieldProblem::new("name", Problem::Required)]));
    }
    if name.chars().count() > app::domain::research::request::PROJECT_NAME_MAX {
        return Err(AppError::Invalid(vec![FieldProblem::new("name", Problem::TooLong)]));
    }
    if research::project(&services.db, name).await?.is_some() {
        return Err(AppError::Invalid(vec![FieldProblem::new("name", Problem::NameTaken)]));
    }
    research::create_project(
        &services.db,
        name,
        &crate::export::pseudonym::new_key(),
        Some(actor.user_id),
    )
    .await?;
    Ok(())
}
