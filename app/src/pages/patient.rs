//! `/patients/:id`: one patient's timeline. The patient, their caregivers and the nurses of
//! their centre read it; nurses also change it here.
use super::{
    checkin_review::CheckinReview,
    nurse::PatientAccountTools,
    reminder_log::ReminderLog,
    timeline::TimelinePanel,
    timeline_editor::{CloseTreatmentForm, Conflicts, History, StartTreatmentForm, TimelineEditor},
};
use crate::{
    api::timeline::{read_timeline, timeline_history, CloseTreatment, SaveChange, StartTreatment, TimelineView},
    error::AppError,
    i18n::Msg,
    tr,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The timeline of the patient named in the URL, read again whenever `reload` changes.
pub fn patient_timeline<T>(reload: impl Fn() -> T + Send + Sync + 'static) -> Resource<Result<TimelineView, AppError>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()));
    Resource::new_blocking(
        move || (id.get(), reload()),
        |(id, _)| async move {
            match id {
                Some(id) => read_timeline(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

#[component]
pub fn PatientPage() -> impl IntoView {
    let save = ServerAction::<SaveChange>::new();
    let start = ServerAction::<StartTreatment>::new();
    let close = ServerAction::<CloseTreatment>::new();
    // Each successful change reloads the timeline and the history.
    let changes = move || (save.version().get(), start.version().get(), close.version().get());
    let timeline = patient_timeline(changes);
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || timeline.get().map(|result| match result {
                Ok(view) => view! { <PatientBody view save start close changes/> }.into_any(),
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn PatientBody(
    view: TimelineView,
    save: ServerAction<SaveChange>,
    start: ServerAction<StartTreatment>,
    close: ServerAction<CloseTreatment>,
    changes: impl Fn() -> (usize, usize, usize) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let patient_id = view.patient_id;
    let staff = view.can_edit.then(|| {
        let tools = match &view.treatment {
            Some(t) if !t.status.is_closed() => view! {
                <Conflicts conflicts=t.conflicts.clone()/>
                {t.order_reference.clone().map(|r| view! { <p class="muted">{tr(Msg::OrderReferenceLabel)}": "<code>{r}</code></p> })}
                <TimelineEditor patient_id version=t.version milestones=t.milestones.clone() save/>
                <CloseTreatmentForm patient_id close/>
            }
            .into_any(),
            _ => view! { <StartTreatmentForm patient_id products=view.products.clone() start/> }.into_any(),
        };
        let tools = view! { {tools} <super::nurses_desk_panel::NursesDeskPanel patient_id/> <CheckinReview patient_id/> <ReminderLog patient_id/> <PatientAccountTools patient_id/> <super::hospital_number::HospitalNumberPanel patient_id/> <super::consent::ResearchConsent patient_id=Some(patient_id)/> };
        let history = Resource::new(changes, move |_| timeline_history(patient_id));
        view! {
            {tools}
            <Suspense fallback=|| ()>
                {move || history.get().and_then(|r| r.ok()).map(|changes| view! { <History changes/> })}
            </Suspense>
        }
    });
    view! {
        <TimelinePanel view=view.clone()/>
        <super::visit_questions::VisitQuestionsPanel patient_id/>
        <super::team_messages::MessagesPanel patient_id/>
        <super::practical_help::PracticalHelpPanel patient_id can_say_stay=!view.can_edit/>
        {staff}
    }
}
