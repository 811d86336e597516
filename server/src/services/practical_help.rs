//! Practical help (`app::domain::practical_help`): admins keep each centre's texts and
//! language; the patient, their caregivers and the centre's staff read them; the patient or
//! a caregiver says where the patient stays, which sets the emergency number every page of
//! theirs shows ([`emergency_for`]).
use super::{audit_entry, integrations::admin, timeline::readable, timeline_views::centre_profile, Services};
use crate::storage::{audit, centres, practical_help as store};
use app::{
    api::{
        help::{CentreHelp, HelpTopic, HelpView},
        CentreContact,
    },
    backend::RequestContext,
    domain::{
        practical_help::{emergency_where, help_text, staying_country, Topic},
        role::Role,
        validation::{FieldProblem, Problem},
    },
    error::AppError,
    i18n::Locale,
};

/// The emergency number for where the patient stays (`centre_country` is their centre's).
pub(super) async fn emergency_for(
    services: &Services,
    patient_id: i64,
    centre_country: &str,
) -> Result<&'static str, AppError> {
    let staying = store::staying_country(&services.db, patient_id).await?;
    Ok(emergency_where(staying.as_deref(), centre_country))
}

pub async fn read(services: &Services, request: &RequestContext, patient_id: i64) -> Result<HelpView, AppError> {
    let actor = &request.viewer()?.actor;
    let centre_id = readable(services, actor, patient_id).await?;
    audit::record(&services.db, audit_entry(request, "help.read").about(patient_id)).await?;
    let centre = centre_profile(services, centre_id).await?;
    let texts = store::of_centre(&services.db, centre_id).await?;
    let staying = store::staying_country(&services.db, patient_id).await?;
    Ok(HelpView {
        patient_id,
        emergency_number: emergency_where(staying.as_deref(), &centre.country).to_string(),
        staying_country: staying,
        topics: in_order(&texts).into_iter().filter(|t| !t.text.is_empty()).collect(),
        centre: CentreContact {
            name: centre.name,
            hotline: centre.hotline,
        },
        centre_country: centre.country,
    })
}

/// Every topic in the order of [`Topic::ALL`], empty where nothing is written.
fn in_order(texts: &[(String, String)]) -> Vec<HelpTopic> {
    Topic::ALL
        .into_iter()
        .map(|topic| HelpTopic {
            topic,
            text: texts
                .iter()
                .find(|(name, _)| name == topic.as_str())
                .map(|(_, text)| text.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// The patient, or a caregiver who looks after them, says where the patient stays.
pub async fn set_stay(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    raw: &str,
) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    if !matches!(actor.role, Role::Patient | Role::Caregiver) {
        return Err(AppError::Forbidden);
    }
    let centre_id = readable(services, actor, patient_id).await?;
    let centre = centre_profile(services, centre_id).await?;
    let country = staying_country(raw, &centre.country)
        .map_err(|problem| AppError::Invalid(vec![FieldProblem::new("country", problem)]))?;
    let entry = audit_entry(request, "help.stay").about(patient_id);
    store::set_staying_country(&services.db, patient_id, country.as_deref(), entry).await?;
    Ok(())
}

pub async fn centres(services: &Services, request: &RequestContext) -> Result<Vec<CentreHelp>, AppError> {
    admin(request)?;
    let mut out = Vec::new();
    for row in centres::list(&services.db, None).await? {
        let profile = centre_profile(services, row.id).await?;
        let texts = store::of_centre(&services.db, row.id).await?;
        out.push(CentreHelp {
            centre_id: row.id,
            name: row.name,
            language: profile.language,
            topics: in_order(&texts),
            reply_hours: profile.reply_hours,
        });
    }
    Ok(out)
}

pub async fn save(
    services: &Services,
    request: &RequestContext,
    centre_id: i64,
    language: &str,
    texts: &[HelpTopic],
) -> Result<(), AppError> {
    let actor = admin(request)?;
    let mut problems = Vec::new();
    let language = language.trim();
    if !Locale::ALL
        .iter()
        .any(|l| l.code() == language && l.language() == language)
    {
        problems.push(FieldProblem::new("language", Problem::ChoiceInvalid));
    }
    let mut checked = Vec::new();
    for HelpTopic { topic, text } in texts {
        match help_text(text) {
            Ok(text) => checked.push((topic.as_str(), text)),
            Err(problem) => problems.push(FieldProblem::new(topic.as_str(), problem)),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let entry = audit_entry(request, "help.save");
    let saved = store::save(&services.db, centre_id, language, &checked, actor.user_id, entry).await?;
    saved.then_some(()).ok_or(AppError::NotFound)
}
