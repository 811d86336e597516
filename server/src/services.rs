//! The server's side of `app::backend::Backend`: what pages and server functions may
//! see, authorised and audit-logged here, on the server.
use crate::storage::{self, audit, Db};
use app::{
    api::{HomeView, SiteInfo, ViewerSummary},
    backend::{Backend, RequestContext, RequestFacts},
    domain::{
        access::{may_read_patient, PatientRecord},
        role::Role,
    },
    error::AppError,
};

pub struct Services {
    pub db: Db,
    pub demo: bool,
}

fn storage_failed(error: sqlx::Error) -> AppError {
    tracing::error!(%error, "storage failed");
    AppError::Unavailable
}

#[async_trait::async_trait]
impl Backend for Services {
    fn site_info(&self, facts: &RequestFacts) -> SiteInfo {
        let viewer = facts.viewer.as_ref();
        SiteInfo {
            demo: self.demo,
            locale: viewer.map(|v| v.locale).or(facts.accept_language).unwrap_or_default(),
            viewer: viewer.map(|v| ViewerSummary {
                display_name: v.display_name.clone(),
                role: v.actor.role,
            }),
        }
    }

    async fn home(&self, request: &RequestContext) -> Result<HomeView, AppError> {
        let viewer = request.viewer()?;
        let actor = &viewer.actor;
        let addr = &request.facts.client_addr;
        let db = &self.db;
        match actor.role {
            Role::Patient => {
                let centre_id = storage::accounts::patient_centre(db, actor.user_id)
                    .await
                    .map_err(storage_failed)?
                    .ok_or(AppError::NotFound)?;
                let centre = storage::accounts::centre_contact(db, centre_id)
                    .await
                    .map_err(storage_failed)?
                    .ok_or(AppError::NotFound)?;
                audit::record_reads(db, actor, "patient.home", &[actor.user_id], addr)
                    .await
                    .map_err(storage_failed)?;
                Ok(HomeView::Patient { centre })
            }
            Role::Caregiver => {
                let mut patients = Vec::new();
                for &patient_id in &actor.linked_patient_ids {
                    let Some(centre_id) = storage::accounts::patient_centre(db, patient_id)
                        .await
                        .map_err(storage_failed)?
                    else {
                        continue;
                    };
                    if !may_read_patient(actor, PatientRecord { patient_id, centre_id }) {
                        continue;
                    }
                    let name = storage::accounts::patient_name(db, patient_id)
                        .await
                        .map_err(storage_failed)?
                        .unwrap_or_default();
                    let centre = storage::accounts::centre_contact(db, centre_id)
                        .await
                        .map_err(storage_failed)?
                        .ok_or(AppError::NotFound)?;
                    patients.push((name, centre));
                }
                audit::record_reads(db, actor, "caregiver.home", &actor.linked_patient_ids, addr)
                    .await
                    .map_err(storage_failed)?;
                Ok(HomeView::Caregiver { patients })
            }
            Role::Nurse => {
                let centre_id = actor.centre_id.ok_or(AppError::Forbidden)?;
                let centre = storage::accounts::centre_contact(db, centre_id)
                    .await
                    .map_err(storage_failed)?
                    .ok_or(AppError::NotFound)?;
                let patients = storage::accounts::patients_of_centre(db, centre_id)
                    .await
                    .map_err(storage_failed)?;
                let patients: Vec<_> = patients
                    .into_iter()
                    .filter(|p| {
                        may_read_patient(
                            actor,
                            PatientRecord {
                                patient_id: p.id,
                                centre_id,
                            },
                        )
                    })
                    .collect();
                let ids: Vec<i64> = patients.iter().map(|p| p.id).collect();
                audit::record_reads(db, actor, "nurse.patient_list", &ids, addr)
                    .await
                    .map_err(storage_failed)?;
                Ok(HomeView::Nurse {
                    centre: centre.name,
                    patients,
                })
            }
            Role::Researcher => Ok(HomeView::Researcher),
            Role::Admin => {
                let accounts = storage::accounts::all_accounts(db).await.map_err(storage_failed)?;
                Ok(HomeView::Admin { accounts })
            }
        }
    }
}
