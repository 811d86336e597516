//! The nurses' desk (issue 21), as `app::backend::NursesDesk`: snoozing a silence, giving
//! flags and patients to a nurse, admission, and nursing notes. Only the nurses of the
//! patient's centre act here; every read of a patient's desk and every change is audited.
use super::{audit_entry, flags::handled_by, flags::nurse_centre, Services};
use crate::{
    storage::{accounts, audit, flags as flag_store, nursing, silence},
    zones,
};
use app::{
    api::desk::{DeskView, NoteView, NurseOption, SNOOZE_HOURS},
    backend::{NursesDesk, RequestContext},
    domain::validation::{required_text, FieldProblem, Problem},
    error::AppError,
};

/// A note is a few lines, not a report.
pub const NOTE_MAX: usize = 2000;
/// The notes the patient's page shows, newest first.
const NOTES_SHOWN: i64 = 50;

fn invalid(field: &str, problem: Problem) -> AppError {
    AppError::Invalid(vec![FieldProblem::new(field, problem)])
}

/// The patient's centre, when the actor is one of its nurses; anyone else is refused the
/// same way whether the patient exists or not.
async fn centre_nurse_of(services: &Services, request: &RequestContext, patient_id: i64) -> Result<i64, AppError> {
    let centre_id = nurse_centre(&request.viewer()?.actor)?;
    match accounts::patient_centre(&services.db, patient_id).await? {
        Some(c) if c == centre_id => Ok(centre_id),
        _ => Err(AppError::Forbidden),
    }
}

/// `Some(id)` for a nurse of the centre, `None` for 0 (nobody); anyone else is a 422.
async fn nurse_choice(services: &Services, centre_id: i64, nurse_id: i64) -> Result<Option<i64>, AppError> {
    if nurse_id == 0 {
        return Ok(None);
    }
    let nurses = nursing::nurses_of(&services.db, centre_id).await?;
    if nurses.iter().any(|(id, _)| *id == nurse_id) {
        Ok(Some(nurse_id))
    } else {
        Err(invalid("nurse_id", Problem::NurseUnknown))
    }
}

#[async_trait::async_trait]
impl NursesDesk for Services {
    async fn snooze_flag(&self, request: &RequestContext, id: i64, hours: i64) -> Result<(), AppError> {
        if !SNOOZE_HOURS.contains(&hours) {
            return Err(invalid("hours", Problem::SnoozeHours));
        }
        let patient_id = handled_by(self, &request.viewer()?.actor, id).await?;
        let until = self.clock.now() + hours * 3600;
        let entry = audit_entry(request, "flag.snoozed").about(patient_id);
        if silence::snooze(&self.db, id, until, entry).await? {
            Ok(())
        } else {
            // Resolved meanwhile, or a flag raised by an answer, which each needs a look.
            Err(AppError::Stale)
        }
    }

    async fn assign_flag(&self, request: &RequestContext, id: i64, nurse_id: i64) -> Result<(), AppError> {
        let actor = &request.viewer()?.actor;
        let patient_id = handled_by(self, actor, id).await?;
        let centre_id = nurse_centre(actor)?;
        let nurse = nurse_choice(self, centre_id, nurse_id).await?;
        let entry = audit_entry(request, "flag.assigned").about(patient_id);
        if flag_store::assign(&self.db, id, nurse, entry).await? {
            Ok(())
        } else {
            Err(AppError::Stale)
        }
    }

    async fn patient_desk(&self, request: &RequestContext, patient_id: i64) -> Result<DeskView, AppError> {
        let centre_id = centre_nurse_of(self, request, patient_id).await?;
        let viewer = request.viewer()?;
        let zone = super::accounts::viewer_zone(self, viewer, centre_id).await?;
        let care = nursing::care_of(&self.db, patient_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let notes = nursing::notes_of(&self.db, patient_id, NOTES_SHOWN).await?;
        audit::record(&self.db, audit_entry(request, "desk.read").about(patient_id)).await?;
        let local = |at: i64| {
            zones::local(at, zone)
                .map(|(d, time, _)| (d.to_string(), time))
                .unwrap_or_default()
        };
        Ok(DeskView {
            patient_id,
            admitted_since: care.admitted_since.map(|at| {
                let (on, time) = local(at);
                app::i18n::dates::date_and_time(viewer.locale, &on, &time)
            }),
            assigned_to: care.assigned_to.map(|(id, _)| id),
            nurses: nursing::nurses_of(&self.db, centre_id)
                .await?
                .into_iter()
                .map(|(id, name)| NurseOption { id, name })
                .collect(),
            notes: notes
                .into_iter()
                .map(|n| {
                    let (on, time) = local(n.written_at);
                    NoteView {
                        id: n.id,
                        author: n.author,
                        on,
                        time,
                        text: n.text,
                    }
                })
                .collect(),
        })
    }

    async fn set_admitted(&self, request: &RequestContext, patient_id: i64, admitted: bool) -> Result<(), AppError> {
        centre_nurse_of(self, request, patient_id).await?;
        let since = admitted.then(|| self.clock.now());
        let action = if admitted { "patient.admitted" } else { "patient.home" };
        nursing::set_admitted(
            &self.db,
            patient_id,
            since,
            audit_entry(request, action).about(patient_id),
        )
        .await?;
        Ok(())
    }

    async fn assign_patient(&self, request: &RequestContext, patient_id: i64, nurse_id: i64) -> Result<(), AppError> {
        let centre_id = centre_nurse_of(self, request, patient_id).await?;
        let nurse = nurse_choice(self, centre_id, nurse_id).await?;
        nursing::assign(
            &self.db,
            patient_id,
            nurse,
            audit_entry(request, "patient.assigned").about(patient_id),
        )
        .await?;
        Ok(())
    }

    async fn add_nursing_note(&self, request: &RequestContext, patient_id: i64, text: String) -> Result<(), AppError> {
        centre_nurse_of(self, request, patient_id).await?;
        let text = required_text(&text, NOTE_MAX).map_err(|p| invalid("text", p))?;
        let author = request.viewer()?.actor.user_id;
        let entry = audit_entry(request, "nursing_note.written").about(patient_id);
        nursing::add_note(&self.db, patient_id, author, self.clock.now(), &text, entry).await?;
        Ok(())
    }

    async fn desk_board(
        &self,
        request: &RequestContext,
        query: app::domain::desk_board::BoardQuery,
    ) -> Result<app::api::desk::BoardPage, AppError> {
        super::desk_board::page(self, request, query).await
    }

    async fn turnaround(&self, request: &RequestContext) -> Result<app::api::turnaround::TurnaroundView, AppError> {
        super::turnaround::view(self, request).await
    }

    async fn handover(&self, request: &RequestContext) -> Result<app::api::handover::HandoverView, AppError> {
        super::handover::view(self, request).await
    }

    async fn give_handover(&self, request: &RequestContext) -> Result<(), AppError> {
        super::handover::give(self, request).await
    }
}
