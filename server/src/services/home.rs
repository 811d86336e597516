//! Each role's home: the patient's journey and due check-ins, a caregiver's patients, the
//! nurse's board, the researcher's export page, the admin's accounts.
use super::*;

pub async fn home(services: &Services, request: &RequestContext) -> Result<HomeView, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let addr = &request.facts.client_addr;
    let db = &services.db;
    match actor.role {
        Role::Patient => {
            let centre_id = storage::accounts::patient_centre(db, actor.user_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let centre = storage::centres::contact(db, centre_id)
                .await?
                .ok_or(AppError::NotFound)?;
            audit::record_reads(db, actor, "patient.home", &[actor.user_id], addr).await?;
            let caregivers = storage::accounts::caregivers_of(db, actor.user_id).await?;
            let _ = centre;
            Ok(HomeView::Patient {
                patient_id: actor.user_id,
                timeline: Box::new(timeline::read(services, request, actor.user_id).await?),
                caregivers,
                checkins: checkin_windows::due_for(
                    services,
                    actor.user_id,
                    actor.user_id,
                    &[app::domain::checkins::Respondent::Patient],
                )
                .await?,
            })
        }
        Role::Caregiver => {
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
                use app::domain::checkins::Respondent;
                let due = checkin_windows::due_for(
                    services,
                    actor.user_id,
                    patient_id,
                    &[
                        Respondent::Patient,
                        Respondent::CaregiverObserving,
                        Respondent::CaregiverSelf,
                    ],
                )
                .await?;
                patients.push((patient_id, name, centre, due));
            }
            audit::record_reads(db, actor, "caregiver.home", &actor.linked_patient_ids, addr).await?;
            Ok(HomeView::Caregiver { patients })
        }
        Role::Nurse => {
            let centre_id = actor.centre_id.ok_or(AppError::Forbidden)?;
            let centre = storage::centres::contact(db, centre_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let zone =
                crate::zones::zone_or_utc(&storage::centres::time_zone(db, centre_id).await?.unwrap_or_default());
            // A nurse may read every patient of their own centre (domain::access), and the
            // list shows exactly those.
            if !may_manage_patients_of(actor, centre_id) {
                return Err(AppError::Forbidden);
            }
            let today = crate::zones::today_in(zone);
            let board = timeline::audited_board(db, actor, "nurse.patient_list", centre_id, today, addr).await?;
            Ok(HomeView::Nurse {
                centre: centre.name,
                board,
            })
        }
        Role::Researcher => Ok(HomeView::Researcher),
        Role::Admin => {
            let accounts = storage::accounts::staff_accounts(db).await?;
            Ok(HomeView::Admin { accounts })
        }
    }
}
