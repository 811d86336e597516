//! Account management, authorised here: nurses enrol patients of their own centre and
//! invite caregivers; patients manage their caregivers; admins manage staff and centres.
use super::{audit_entry, Services};
use crate::{
    auth::tokens,
    storage::{self, accounts, audit, caregiver_invitations, centres, enrolment},
};
use app::domain::account_controls::needs_second_person;
use app::{
    api::accounts::{AuditFilter, AuditRow, CaregiverRow, CentreRow, IssuedCode},
    backend::{RequestContext, Viewer},
    domain::{
        access::{may_manage_patients_of, may_manage_staff, may_read_audit_log, Actor},
        enrolment::{
            parse_centre, parse_enrolment, parse_person, parse_staff_role, CentreForm, EnrolmentForm, PersonForm,
        },
        role::Role,
        validation::{FieldProblem, Problem},
    },
    error::AppError,
    i18n::Locale,
};

fn new_code() -> (String, String) {
    let code = tokens::new_invitation_code();
    (tokens::digest(&code), tokens::display_code(&code))
}

fn witness<'a>(request: &'a RequestContext, actor: &'a Actor) -> audit::Witness<'a> {
    audit::Witness {
        actor,
        client_addr: &request.facts.client_addr,
    }
}

/// The centre of a patient, if the actor may manage that patient's account: a nurse of the
/// centre, or (for their own caregivers) the patient.
async fn managing_patient(services: &Services, actor: &Actor, patient_id: i64) -> Result<i64, AppError> {
    let centre_id = accounts::patient_centre(&services.db, patient_id).await?;
    match centre_id {
        Some(centre) if may_manage_patients_of(actor, centre) => Ok(centre),
        Some(centre) if actor.role == Role::Patient && actor.user_id == patient_id => Ok(centre),
        // Unknown and forbidden look the same from outside: no probing for patient ids.
        _ => Err(AppError::Forbidden),
    }
}

pub async fn enrol_patient(
    services: &Services,
    request: &RequestContext,
    form: EnrolmentForm,
) -> Result<IssuedCode, AppError> {
    let Viewer { actor, .. } = request.viewer()?;
    let centre_id = actor
        .centre_id
        .filter(|c| may_manage_patients_of(actor, *c))
        .ok_or(AppError::Forbidden)?;
    let enrolment = parse_enrolment(&form, chrono::Utc::now().date_naive()).map_err(AppError::Invalid)?;
    let centre_zone = centres::time_zone(&services.db, centre_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if enrolment
        .time_zone
        .as_deref()
        .is_some_and(|z| crate::zones::parse(z).is_none())
    {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "time_zone",
            Problem::TimeZoneInvalid,
        )]));
    }
    let zone = enrolment.time_zone.clone().unwrap_or(centre_zone);
    let (hash, code) = new_code();
    let by = witness(request, actor);
    let patient_id = enrolment::enrol_patient(&services.db, &enrolment, centre_id, &zone, &hash, by).await?;
    Ok(IssuedCode {
        id: patient_id,
        name: enrolment.full_name,
        code,
    })
}

/// An invitation, never an account: the answer is the same whoever holds the email
/// (`app::domain::caregiver_invitation`).
pub async fn invite_caregiver(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    form: PersonForm,
) -> Result<IssuedCode, AppError> {
    let viewer = request.viewer()?;
    managing_patient(services, &viewer.actor, patient_id).await?;
    let (name, email) = parse_person(&form).map_err(AppError::Invalid)?;
    let (hash, code) = new_code();
    let invitation_id = caregiver_invitations::invite(
        &services.db,
        patient_id,
        &name,
        email.as_str(),
        viewer.locale,
        &hash,
        witness(request, &viewer.actor),
    )
    .await?;
    Ok(IssuedCode {
        id: invitation_id,
        name,
        code,
    })
}

/// The linked caregivers, then the invitations not yet redeemed.
pub async fn caregiver_rows(services: &Services, patient_id: i64) -> Result<Vec<CaregiverRow>, AppError> {
    let mut rows = accounts::caregivers_of(&services.db, patient_id).await?;
    rows.extend(caregiver_invitations::open_of(&services.db, patient_id).await?);
    Ok(rows)
}

pub async fn caregivers_of(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
) -> Result<Vec<CaregiverRow>, AppError> {
    managing_patient(services, &request.viewer()?.actor, patient_id).await?;
    let rows = caregiver_rows(services, patient_id).await?;
    audit::record(
        &services.db,
        audit_entry(request, "patient.caregivers_read").about(patient_id),
    )
    .await?;
    Ok(rows)
}

pub async fn cancel_caregiver_invitation(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    invitation_id: i64,
) -> Result<(), AppError> {
    let actor = &request.viewer()?.actor;
    managing_patient(services, actor, patient_id).await?;
    if !caregiver_invitations::cancel(&services.db, patient_id, invitation_id, witness(request, actor)).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn revoke_caregiver(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
    caregiver_id: i64,
) -> Result<(), AppError> {
    managing_patient(services, &request.viewer()?.actor, patient_id).await?;
    if !accounts::revoke_caregiver(&services.db, patient_id, caregiver_id).await? {
        return Err(AppError::NotFound);
    }
    let subject = format!("user:{caregiver_id}");
    let entry = audit_entry(request, "caregiver.revoked")
        .about(patient_id)
        .subject(subject.as_str());
    Ok(audit::record(&services.db, entry).await?)
}

/// A fresh code for someone who lost theirs or forgot their password; the old one dies.
pub async fn reissue_code(services: &Services, request: &RequestContext, user_id: i64) -> Result<IssuedCode, AppError> {
    let actor = &request.viewer()?.actor;
    let db = &services.db;
    let (role, name) = accounts::role_and_name(db, user_id).await?.ok_or(AppError::Forbidden)?;
    let patient_centres = match role {
        Role::Patient => accounts::patient_centre(db, user_id).await?.into_iter().collect(),
        Role::Caregiver => {
            let mut centres = Vec::new();
            for patient in accounts::linked_patients(db, user_id).await? {
                centres.extend(accounts::patient_centre(db, patient).await?);
            }
            centres
        }
        _ => Vec::new(),
    };
    let allowed = if role.is_staff() {
        may_manage_staff(actor) && actor.user_id != user_id
    } else {
        // A caregiver linked to patients of several centres is reset only by a nurse who
        // cares for all of them: otherwise one centre could take over access to another's patient.
        !patient_centres.is_empty() && patient_centres.iter().all(|c| may_manage_patients_of(actor, *c))
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let (hash, code) = new_code();
    storage::invitations::issue(db, user_id, &hash, Some(actor.user_id)).await?;
    storage::sessions::destroy_all_of(db, user_id).await?;
    super::second_factor::reset_with_new_code(services, request, user_id, role).await?;
    // The person is told at their next sign-in; a clinical account given a code by an admin
    // waits for a second person again.
    storage::account_controls::note_code_issued(&db.pool, user_id, actor.user_id).await?;
    if actor.role == Role::Admin && needs_second_person(role) {
        storage::account_controls::await_second_person(&db.pool, user_id, actor.user_id).await?;
    }
    let patient_id = (role == Role::Patient).then_some(user_id);
    let subject = format!("user:{user_id}");
    let entry = audit_entry(request, "account.code_reissued")
        .about(patient_id)
        .subject(subject.as_str());
    audit::record(&services.db, entry).await?;
    Ok(IssuedCode {
        id: user_id,
        name,
        code,
    })
}

pub async fn create_staff(
    services: &Services,
    request: &RequestContext,
    role: String,
    centre_id: Option<i64>,
    form: PersonForm,
) -> Result<IssuedCode, AppError> {
    let actor = &request.viewer()?.actor;
    if !may_manage_staff(actor) {
        return Err(AppError::Forbidden);
    }
    let mut problems = Vec::new();
    let role = parse_staff_role(&role)
        .map_err(|p| problems.push(FieldProblem::new("role", p)))
        .ok();
    let person = parse_person(&form).map_err(|p| problems.extend(p)).ok();
    // Nurses belong to a centre; researchers and admins to none.
    let centre_id = match (role, centre_id) {
        (Some(Role::Nurse), None) => {
            problems.push(FieldProblem::new("centre_id", Problem::Required));
            None
        }
        (Some(Role::Nurse), Some(id)) => {
            if centres::contact(&services.db, id).await?.is_none() {
                problems.push(FieldProblem::new("centre_id", Problem::ChoiceInvalid));
            }
            Some(id)
        }
        _ => None,
    };
    let (Some(role), Some((name, email))) = (role, person) else {
        return Err(AppError::Invalid(problems));
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (hash, code) = new_code();
    let account = accounts::NewUser {
        role,
        email: email.as_str(),
        display_name: &name,
        centre_id,
        // The admin's own until the person chooses theirs (when setting a password, or later
        // in settings).
        locale: request.viewer()?.locale,
        time_zone: None,
        is_demo: false,
    };
    let user_id = enrolment::create_account(&services.db, &account, &hash, witness(request, actor)).await?;
    // Made by an admin: a clinical account signs in only once a second person confirms it.
    // The code is handed out only after this, so it is never usable before.
    if needs_second_person(role) {
        storage::account_controls::await_second_person(&services.db.pool, user_id, actor.user_id).await?;
    }
    Ok(IssuedCode {
        id: user_id,
        name,
        code,
    })
}

pub async fn create_centre(services: &Services, request: &RequestContext, form: CentreForm) -> Result<i64, AppError> {
    if !may_manage_staff(&request.viewer()?.actor) {
        return Err(AppError::Forbidden);
    }
    let centre = parse_centre(&form).map_err(AppError::Invalid)?;
    let id = centres::create(
        &services.db.pool,
        &centres::NewCentre {
            name: &centre.name,
            country: &centre.country,
            time_zone: &centre.time_zone,
            hotline: &centre.hotline,
            is_demo: false,
        },
    )
    .await?;
    audit::record(
        &services.db,
        audit_entry(request, "centre.created").subject(format!("centre:{id}").as_str()),
    )
    .await?;
    Ok(id)
}

pub async fn list_centres(services: &Services, request: &RequestContext) -> Result<Vec<CentreRow>, AppError> {
    let actor = &request.viewer()?.actor;
    let only = match actor.role {
        Role::Admin => None,
        Role::Nurse => Some(actor.centre_id.ok_or(AppError::Forbidden)?),
        _ => return Err(AppError::Forbidden),
    };
    centres::list(&services.db, only).await.map_err(AppError::from)
}

pub async fn read_audit_log(
    services: &Services,
    request: &RequestContext,
    filter: AuditFilter,
) -> Result<Vec<AuditRow>, AppError> {
    if !may_read_audit_log(&request.viewer()?.actor) {
        return Err(AppError::Forbidden);
    }
    let zone = crate::zones::zone_or_utc(&time_zone(services, request, None).await?);
    let rows = storage::audit::search(&services.db, &filter, 500, zone).await?;
    let subject = filter.actor_id.map(|a| format!("user:{a}"));
    let entry = audit_entry(request, "audit.read")
        .about(filter.patient_id)
        .subject(subject.as_deref());
    audit::record(&services.db, entry).await?;
    Ok(rows)
}

/// A person's own time zone: checked against the time-zone database, empty for the centre's.
pub async fn time_zone(services: &Services, request: &RequestContext, set: Option<String>) -> Result<String, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let db = &services.db;
    if let Some(raw) = set {
        let zone = match raw.trim() {
            "" => None,
            name => Some(
                app::domain::validation::time_zone(name)
                    .ok()
                    .filter(|z| crate::zones::parse(z).is_some())
                    .ok_or_else(|| AppError::Invalid(vec![FieldProblem::new("time_zone", Problem::TimeZoneInvalid)]))?,
            ),
        };
        // Setting the zone it already has changes nothing, and writes no audit row: a loop
        // of such calls must not fill the log.
        let before = crate::storage::accounts::user_time_zone(db, actor.user_id).await?;
        if before != zone {
            crate::storage::accounts::set_time_zone(db, actor.user_id, zone.as_deref()).await?;
            let entry = audit_entry(request, "account.time_zone").subject(zone.as_deref());
            crate::storage::audit::record(db, entry).await?;
        }
    }
    let own = crate::storage::accounts::user_time_zone(db, actor.user_id)
        .await?
        .filter(|z| crate::zones::parse(z).is_some());
    if let Some(zone) = own {
        return Ok(zone);
    }
    let centre = match actor.centre_id {
        Some(id) => crate::storage::centres::time_zone(db, id).await?,
        None => None,
    };
    Ok(centre.unwrap_or_else(|| "UTC".to_string()))
}

/// A person's own language, staff included. Only the codes offered are taken, as written.
pub async fn set_language(services: &Services, request: &RequestContext, code: &str) -> Result<(), AppError> {
    let viewer = request.viewer()?;
    let locale = Locale::ALL
        .into_iter()
        .find(|l| l.code() == code.trim())
        .ok_or_else(|| AppError::Invalid(vec![FieldProblem::new("locale", Problem::ChoiceInvalid)]))?;
    if crate::storage::accounts::set_locale(&services.db, viewer.actor.user_id, locale).await? {
        let entry = audit_entry(request, "account.language").subject(Some(locale.code()));
        crate::storage::audit::record(&services.db, entry).await?;
    }
    Ok(())
}

/// The zone the viewer reads times in: their own, else the centre's whose record they read.
pub(super) async fn viewer_zone(
    services: &Services,
    viewer: &Viewer,
    centre_id: i64,
) -> Result<chrono_tz::Tz, AppError> {
    let centre = super::timeline_views::centre_zone(services, centre_id).await?;
    reader_zone(services, viewer.actor.user_id, centre).await
}

/// The zone a person reads times in: their own, else `fallback` (their centre's).
pub(super) async fn reader_zone(
    services: &Services,
    user_id: i64,
    fallback: chrono_tz::Tz,
) -> Result<chrono_tz::Tz, AppError> {
    Ok(crate::storage::accounts::user_time_zone(&services.db, user_id)
        .await?
        .and_then(|z| crate::zones::parse(&z))
        .unwrap_or(fallback))
}
