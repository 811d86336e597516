//! On a patient's page, for the nurses of their centre: whether they are admitted (their
//! silence then raises no flag), which nurse looks after them, and dated nursing notes that
//! only the centre's nurses read.
use super::{flags::nurse_options, forms::ActionFeedback};
use crate::{
    api::desk::{patient_desk, AddNursingNote, AssignPatient, DeskView, SetAdmitted},
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn NursesDeskPanel(patient_id: i64) -> impl IntoView {
    let admit = ServerAction::<SetAdmitted>::new();
    let assign = ServerAction::<AssignPatient>::new();
    let note = ServerAction::<AddNursingNote>::new();
    let desk = Resource::new(
        move || (admit.version().get(), assign.version().get(), note.version().get()),
        move |_| patient_desk(patient_id),
    );
    view! {
        <section class="card" id="desk">
            <h2>{tr(Msg::DeskTitle)}</h2>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || desk.get().map(|r| match r {
                    Ok(desk) => view! { <DeskBody desk admit assign note/> }.into_any(),
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DeskBody(
    desk: DeskView,
    admit: ServerAction<SetAdmitted>,
    assign: ServerAction<AssignPatient>,
    note: ServerAction<AddNursingNote>,
) -> impl IntoView {
    let id = desk.patient_id;
    let admitted = desk.admitted_since.is_some();
    view! {
        <p data-admitted=admitted.to_string()>{match &desk.admitted_since {
            Some(when) => fill(tr(Msg::AdmittedSince), &[("when", when)]),
            None => tr(Msg::NotAdmitted).to_string(),
        }}</p>
        <ActionFeedback outcome=admit.value()/>
        <ActionForm action=admit attr:class="inline">
            <input type="hidden" name="patient_id" value=id/>
            <input type="hidden" name="admitted" value=(!admitted).to_string()/>
            <button type="submit" class="secondary">{tr(if admitted { Msg::MarkHome } else { Msg::MarkAdmitted })}</button>
        </ActionForm>
        <ActionFeedback outcome=assign.value()/>
        <ActionForm action=assign attr:class="stack">
            <input type="hidden" name="patient_id" value=id/>
            <label for="desk-nurse">{tr(Msg::AssignedNurseLabel)}</label>
            <select id="desk-nurse" name="nurse_id">{nurse_options(desk.nurses, desk.assigned_to)}</select>
            <button type="submit" class="secondary">{tr(Msg::AssignSave)}</button>
        </ActionForm>
        <h3>{tr(Msg::NotesTitle)}</h3>
        <p class="hint">{tr(Msg::NotesPrivate)}</p>
        <ActionFeedback outcome=note.value()/>
        <ActionForm action=note attr:class="stack">
            <input type="hidden" name="patient_id" value=id/>
            <label for="desk-note">{tr(Msg::NoteLabel)}</label>
            <textarea id="desk-note" name="text" required maxlength="2000" rows="3"></textarea>
            <button type="submit">{tr(Msg::NoteAdd)}</button>
        </ActionForm>
        {if desk.notes.is_empty() {
            view! { <p class="muted">{tr(Msg::NotesNone)}</p> }.into_any()
        } else {
            view! {
                <ul class="list notes">
                    {desk.notes.into_iter().map(|n| view! {
                        <li data-note=n.id>
                            <span class="help-text">{n.text}</span>
                            <span class="muted">{fill(tr(Msg::NoteBy), &[
                                ("name", &n.author),
                                ("when", &super::timeline_labels::date_time_text(&n.on, &n.time)),
                            ])}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
