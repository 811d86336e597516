//! Each role's home: the patient's journey and due check-ins, a caregiver's patients, the
//! nurse's board, the researcher's export page, the admin's accounts.
use super::*;
use app::domain::{access::Actor, checkins::Respondent};

pub async fn home(services: &Services, request: &RequestContext) -> Result<HomeView, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    match actor.role {
        Role::Patient => patient_home(services, request, actor).await,
        Role::Caregiver => caregiver_home(services, request, actor).await,
        Role::Nurse => nurse_home(services, actor).await,
        Role::Researcher => Ok(HomeView::Researcher),
        Role::Admin => Ok(HomeView::Admin {
            accounts: storage::accounts::staff_accounts(&services.db).await?,
            break_glass: break_glass_uses(services).await?,
        }),
    }
}

async fn patient_home(services: &Services, request: &RequestContext, actor: &Actor) -> Result<HomeView, AppError> {
    let db = &services.db;
    storage::accounts::patient_centre(db, actor.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record_reads(db, actor, "patient.home", &[actor.user_id], &request.facts.client_addr).await?;
    let caregivers = accounts::caregiver_rows(services, actor.user_id).await?;
    Ok(HomeView::Patient {
        patient_id: actor.user_id,
        timeline: Box::new(timeline::read(services, request, actor.user_id).await?),
        caregivers,
        checkins: checkin_windows::due_for(services, actor.user_id, actor.user_id, &[Respondent::Patient]).await?,
    })
}

/// Each linked patient the caregiver may still read: name, centre and due check-ins.
async fn caregiver_home(services: &Services, request: &RequestContext, actor: &Actor) -> Result<HomeView, AppError> {
    let db = &services.db;
    let mut patients = Vec::new();
    for &patient_id in &actor.linked_patient_ids {
        let Some(centre_id) = storage::accounts::patient_centre(db, patient_id).await? else {
            continue;
        };
        if !may_read_patient(actor, PatientRecord { patient_id, centre_id }) {
            continue;
        }
        let name = storage::accounts::patient_name(db, patient_id)
            .await?
            .unwrap_or_default();
        let centre = storage::centres::contact(db, centre_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let respondents = [
            Respondent::Patient,
            Respondent::CaregiverObserving,
            Respondent::CaregiverSelf,
        ];
        let due = checkin_windows::due_for(services, actor.user_id, patient_id, &respondents).await?;
        patients.push((patient_id, name, centre, due));
    }
    let addr = &request.facts.client_addr;
    audit::record_reads(db, actor, "caregiver.home", &actor.linked_patient_ids, addr).await?;
    Ok(HomeView::Caregiver { patients })
}

/// The nurse's board: every patient of their own centre (domain::access), and only those.
async fn nurse_home(services: &Services, actor: &Actor) -> Result<HomeView, AppError> {
    let db = &services.db;
    let centre_id = actor.centre_id.ok_or(AppError::Forbidden)?;
    let centre = storage::centres::contact(db, centre_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_manage_patients_of(actor, centre_id) {
        return Err(AppError::Forbidden);
    }
    // The board comes a page at a time (`desk_board.rs`), each page audited as it is read.
    Ok(HomeView::Nurse { centre: centre.name })
}

/// The break-glass sign-ins of the last 30 days, for every admin to see.
async fn break_glass_uses(services: &Services) -> Result<Vec<(String, String)>, AppError> {
    let since = services.clock.now() - 30 * 86_400;
    Ok(storage::sso::break_glass_uses(&services.db, since)
        .await?
        .into_iter()
        .map(|(at, who)| {
            let when = chrono::DateTime::from_timestamp(at, 0).unwrap_or_default();
            (when.format("%Y-%m-%d %H:%M UTC").to_string(), who)
        })
        .collect())
}
