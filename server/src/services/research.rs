//! The researcher's export page: researchers only, and each export is its maker's alone.
//! Anonymisation and streaming live in `crate::export`; this maps their outcomes to what the
//! page is told.
use super::{audit_entry, Services};
use crate::{
    export::{cohort, ExportError},
    storage::research_exports::{self, StoredExport},
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
        // One answer for every refusal of a cohort.
        ExportError::TooFewPatients { .. } => {
            AppError::Invalid(vec![FieldProblem::new("cohort", Problem::CohortRefused)])
        }
        ExportError::TooMany { retry_after_seconds } => AppError::TooMany { retry_after_seconds },
        ExportError::NotFound | ExportError::NoSuchFile(_) | ExportError::Expired => AppError::NotFound,
        // The download answers 410 before it gets here (`Refused::Withdrawn`).
        ExportError::Withdrawn => AppError::NotFound,
        ExportError::Storage(e) => e.into(),
        other => {
            tracing::error!(error = %other, "research export failed");
            AppError::Unavailable
        }
    }
}

pub async fn options(services: &Services, request: &RequestContext) -> Result<ResearchOptions, AppError> {
    researcher(request)?;
    Ok(ResearchOptions {
        k: services.research.k,
        projects: super::research_projects::list(services, request).await?,
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
            k: s.k,
            patients: s.patients,
            through_month: s.through_month.clone(),
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
