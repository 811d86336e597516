//! Admins import questionnaires (licensed instruments a centre holds, its own forms) as FHIR
//! R4 JSON. Each is checked like the built-in ones, with one problem per bad item; a built-in
//! name takes only a translation of that instrument; every version is kept.
use super::{audit_entry, Services};
use crate::storage::{questionnaires as store, StorageError};
use app::{
    api::checkins::QuestionnaireRow,
    backend::RequestContext,
    domain::{
        access::may_manage_staff,
        checkins::{import as read_fhir, translation::translation_of, Questionnaire},
    },
    error::AppError,
};
use std::borrow::Cow;

/// A questionnaire by name: the latest imported version (for a built-in one, its imported
/// translation), else the built-in one.
pub async fn find(services: &Services, name: &str) -> Result<Option<Questionnaire>, AppError> {
    let imported = store::latest(&services.db, name).await?;
    Ok(of_definition(services, name, imported)?.map(Cow::into_owned))
}

/// As `find`, with the latest imported definition already read (`None`: none imported). A
/// built-in one is lent, not copied: every check-in asks.
pub fn of_definition<'s>(
    services: &'s Services,
    name: &str,
    imported: Option<String>,
) -> Result<Option<Cow<'s, Questionnaire>>, AppError> {
    let built_in = services.instruments.builtin_questionnaire(name).map(Cow::Borrowed);
    let Some(definition) = imported else {
        return Ok(built_in);
    };
    let json = serde_json::from_str(&definition).map_err(|e| {
        tracing::error!(error = %e, name, "a stored questionnaire is unreadable");
        AppError::Unavailable
    })?;
    Ok(read_fhir(&json).ok().map(Cow::Owned).or(built_in))
}

/// In the reader's language (`lang`), where the questionnaire has it.
fn row(q: &Questionnaire, lang: &str, builtin: bool, imported_at: Option<i64>) -> QuestionnaireRow {
    QuestionnaireRow {
        name: q.short_name().to_string(),
        title: q.title.in_language(lang).to_string(),
        version: q.version.clone(),
        builtin,
        imported_on: imported_at
            .and_then(|at| chrono::DateTime::from_timestamp(at, 0))
            .map(|t| t.date_naive().to_string()),
    }
}

pub async fn list(services: &Services, request: &RequestContext) -> Result<Vec<QuestionnaireRow>, AppError> {
    if !may_manage_staff(&request.viewer()?.actor) {
        return Err(AppError::Forbidden);
    }
    let lang = request.viewer()?.locale.language();
    let mut rows: Vec<QuestionnaireRow> = services
        .instruments
        .built_in_questionnaires()
        .iter()
        .map(|q| row(q, lang, true, None))
        .collect();
    for imported in store::latest_all(&services.db).await? {
        if let Some(q) = serde_json::from_str(&imported.definition)
            .ok()
            .and_then(|json| read_fhir(&json).ok())
        {
            rows.push(row(&q, lang, false, Some(imported.imported_at)));
        }
    }
    Ok(rows)
}

pub async fn import(services: &Services, request: &RequestContext, text: String) -> Result<QuestionnaireRow, AppError> {
    let actor = &request.viewer()?.actor;
    if !may_manage_staff(actor) {
        return Err(AppError::Forbidden);
    }
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| AppError::Questionnaire(vec![format!("not JSON: {e}")]))?;
    let q =
        read_fhir(&json).map_err(|errors| AppError::Questionnaire(errors.iter().map(ToString::to_string).collect()))?;
    let name = q.short_name().to_string();
    // A built-in name takes only a translation of that instrument (an official one).
    if let Some(built_in) = services.instruments.builtin_questionnaire(&name) {
        if !translation_of(built_in, &q) {
            return Err(AppError::Questionnaire(vec![format!(
                "'{name}' is built in: under its name, import only a translation of it (the same questions, answers and scales, every question in a language it lacked, under a version of its own); otherwise give it another name or url"
            )]));
        }
    }
    let rereads = super::instrument_changes::rereads(services, &q).await?;
    if !rereads.is_empty() {
        return Err(AppError::Questionnaire(rereads));
    }
    let audit = audit_entry(request, "questionnaire.imported");
    match store::insert(&services.db, &name, &q.version, &q.id, &text, actor.user_id, audit).await {
        Ok(_) => {
            // Here at once (a site rule may now name it); other instances at their next poll.
            if let Err(error) = services.instruments.refresh(&services.db, false).await {
                tracing::warn!(%error, "could not reload the instruments after an import");
            }
            Ok(row(
                &q,
                request.viewer()?.locale.language(),
                false,
                Some(crate::storage::now()),
            ))
        }
        Err(StorageError::VersionExists) => Err(AppError::Questionnaire(vec![format!(
            "version '{}' of '{name}' is already imported; raise the version",
            q.version
        )])),
        Err(other) => Err(other.into()),
    }
}
