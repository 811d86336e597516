//! The nurse's tools on a patient's timeline: preview and save a change, start or close
//! the treatment, read the change history.
use super::{
    forms::{ActionFeedback, Field},
    timeline_labels::{
        date_text, date_time_text, delay_reason_name, milestone_name, status_label, treatment_status_label,
    },
};
use crate::{
    api::timeline::{
        ChangeForm, ChangePreview, ChangeView, CloseTreatment, ConflictView, MilestoneView, PreviewChange,
        ProductOption, SaveChange, StartTreatment,
    },
    domain::timeline::{delay_reason::DelayReason, EditError, Source, TreatmentStatus},
    error::AppError,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

/// A refusal in words the nurse can act on, naming the milestones and dates involved.
pub fn error_text(error: &AppError) -> String {
    let name = |k: crate::domain::timeline::MilestoneKind| milestone_name(k, k.as_str());
    match error {
        AppError::Timeline(e) => match e {
            EditError::UnknownMilestone(_) => tr(Msg::EdUnknownMilestone).to_string(),
            EditError::TreatmentClosed => tr(Msg::TreatmentClosedNote).to_string(),
            EditError::TooFarFromToday { kind } => fill(tr(Msg::EdTooFar), &[("step", &name(*kind))]),
            EditError::DoneInFuture { kind } => fill(tr(Msg::EdDoneInFuture), &[("step", &name(*kind))]),
            EditError::MustFollow {
                kind,
                date,
                other,
                other_date,
            }
            | EditError::MustPrecede {
                kind,
                date,
                other,
                other_date,
            } => fill(
                tr(if matches!(e, EditError::MustFollow { .. }) {
                    Msg::EdMustFollow
                } else {
                    Msg::EdMustPrecede
                }),
                &[
                    ("step", &name(*kind)),
                    ("date", &date_text(&date.to_string())),
                    ("other", &name(*other)),
                    ("other_date", &date_text(&other_date.to_string())),
                ],
            ),
            EditError::DelayNotLater { kind, planned } => fill(
                tr(Msg::EdDelayNotLater),
                &[("step", &name(*kind)), ("date", &date_text(&planned.to_string()))],
            ),
            EditError::CannotCancel { kind } => fill(tr(Msg::EdCannotCancel), &[("step", &name(*kind))]),
            EditError::AlreadyDone { kind } => fill(tr(Msg::EdAlreadyDone), &[("step", &name(*kind))]),
            EditError::RemanufactureOnlyManufacturing => tr(Msg::EdRemanufactureOnly).to_string(),
        },
        other => tr(other.message()).to_string(),
    }
}

const ACTIONS: [(&str, Msg); 6] = [
    ("confirm", Msg::ActConfirm),
    ("delay", Msg::ActDelay),
    ("done", Msg::ActDone),
    ("set", Msg::ActSet),
    ("cancel", Msg::ActCancel),
    ("remanufacture", Msg::ActRemanufacture),
];

#[component]
pub fn TimelineEditor(
    patient_id: i64,
    version: i64,
    milestones: Vec<MilestoneView>,
    save: ServerAction<SaveChange>,
) -> impl IntoView {
    let preview = ServerAction::<PreviewChange>::new();
    let form = RwSignal::new(ChangeForm {
        milestone: milestones.first().map(|m| m.key.clone()).unwrap_or_default(),
        action: "confirm".to_string(),
        version: version.to_string(),
        ..ChangeForm::default()
    });
    let on_preview = move |_| {
        preview.dispatch(PreviewChange {
            patient_id,
            form: form.get_untracked(),
        });
    };
    let saved = save.value();
    view! {
        <section class="card editor">
            <h2>{tr(Msg::EditorTitle)}</h2>
            <ActionForm action=save attr:class="stack" attr:id="timeline-editor">
                <input type="hidden" name="patient_id" value=patient_id/>
                <input type="hidden" name="form[version]" value=version/>
                <label for="edit-milestone">{tr(Msg::MilestoneLabel)}</label>
                <select id="edit-milestone" name="form[milestone]"
                    on:change=move |ev| form.update(|f| f.milestone = event_target_value(&ev))>
                    {milestones.into_iter().map(|m| {
                        let label = format!("{} · {} · {}", milestone_name(m.kind, &m.key), date_text(&m.date), status_label(m.status));
                        view! { <option value=m.key.clone()>{label}</option> }
                    }).collect_view()}
                </select>
                <label for="edit-action">{tr(Msg::ActionLabel)}</label>
                <select id="edit-action" name="form[action]"
                    on:change=move |ev| form.update(|f| f.action = event_target_value(&ev))>
                    {ACTIONS.into_iter().map(|(value, msg)| view! { <option value=value>{tr(msg)}</option> }).collect_view()}
                </select>
                <label for="edit-delay-reason">{tr(Msg::DelayReasonLabel)}</label>
                <select id="edit-delay-reason" name="form[delay_reason]" aria-describedby="edit-delay-reason-hint">
                    <option value="">{tr(Msg::DelayReasonNone)}</option>
                    {DelayReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{delay_reason_name(r)}</option> }).collect_view()}
                </select>
                <p id="edit-delay-reason-hint" class="hint">{tr(Msg::DelayReasonHint)}</p>
                <label for="edit-date">{tr(Msg::DateLabel)}</label>
                <input id="edit-date" type="date" name="form[date]"
                    on:input=move |ev| form.update(|f| f.date = event_target_value(&ev))/>
                <label for="edit-reason">{tr(Msg::ReasonLabel)}</label>
                <input id="edit-reason" name="form[reason]" aria-describedby="edit-reason-hint"
                    on:input=move |ev| form.update(|f| f.reason = event_target_value(&ev))/>
                <p id="edit-reason-hint" class="hint">{tr(Msg::ReasonHint)}</p>
                <div class="buttons">
                    <button type="button" class="secondary" on:click=on_preview>{tr(Msg::Preview)}</button>
                    <button type="submit">{tr(Msg::SaveChange)}</button>
                </div>
            </ActionForm>
            {move || preview.value().get().map(|r| match r {
                Ok(p) => view! { <PreviewView preview=p/> }.into_any(),
                Err(e) => view! { <p class="feedback error" role="alert">{error_text(&e)}</p> }.into_any(),
            })}
            {move || saved.get().map(|r| match r {
                Ok(_) => view! { <p class="feedback notice" role="status">{tr(Msg::ChangeSaved)}</p> }.into_any(),
                Err(e) => view! { <p class="feedback error" role="alert">{error_text(&e)}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn PreviewView(preview: ChangePreview) -> impl IntoView {
    view! {
        <div class="preview" role="status">
            <h3>{tr(Msg::PreviewTitle)}</h3>
            {if preview.moves.is_empty() {
                view! { <p>{tr(Msg::PreviewNothing)}</p> }.into_any()
            } else {
                view! {
                    <ul class="moves">
                        {preview.moves.into_iter().map(|m| view! {
                            <li data-key=m.key.clone()>
                                {milestone_name(m.kind, &m.key)}": "
                                {date_text(&m.from)}" → "{date_text(&m.to)}
                                {(m.from_status != m.to_status).then(|| format!(" ({} → {})", status_label(m.from_status), status_label(m.to_status)))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {preview.notice.map(|n| view! {
                <p>{fill(tr(Msg::PreviewNotice), &[("step", &milestone_name(n.kind, &n.key)), ("from", &date_text(&n.from)), ("to", &date_text(&n.to))])}</p>
            })}
            <Conflicts conflicts=preview.conflicts/>
        </div>
    }
}

#[component]
pub fn Conflicts(conflicts: Vec<ConflictView>) -> impl IntoView {
    (!conflicts.is_empty()).then(|| {
        view! {
            <div class="feedback error conflicts" role="alert">
                <p><strong>{tr(Msg::ConflictsTitle)}</strong></p>
                <ul>
                    {conflicts.into_iter().map(|c| view! {
                        <li>{fill(tr(Msg::ConflictLine), &[
                            ("later", &milestone_name(c.later, c.later.as_str())),
                            ("later_date", &date_text(&c.later_date)),
                            ("earlier", &milestone_name(c.earlier, c.earlier.as_str())),
                            ("earlier_date", &date_text(&c.earlier_date)),
                        ])}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

#[component]
pub fn StartTreatmentForm(
    patient_id: i64,
    products: Vec<ProductOption>,
    start: ServerAction<StartTreatment>,
) -> impl IntoView {
    let outcome = start.value();
    view! {
        <section class="card">
            <h2>{tr(Msg::StartTreatmentTitle)}</h2>
            <ActionFeedback outcome/>
            <ActionForm action=start attr:class="stack" attr:id="start-treatment">
                <input type="hidden" name="patient_id" value=patient_id/>
                <label for="start-product">{tr(Msg::ProductLabel)}</label>
                <select id="start-product" name="form[product_id]">
                    {products.into_iter().map(|p| view! { <option value=p.id>{p.name}</option> }).collect_view()}
                </select>
                <Field name="form[order_reference]" key="order_reference" id="start-reference" label=Msg::OrderReferenceLabel hint=Msg::OrderReferenceHint autocomplete="off" outcome/>
                <Field name="form[start_on]" key="start_on" id="start-on" label=Msg::StartOnLabel kind="date" outcome/>
                <button type="submit">{tr(Msg::StartTreatment)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn CloseTreatmentForm(patient_id: i64, close: ServerAction<CloseTreatment>) -> impl IntoView {
    let outcome = close.value();
    view! {
        <details class="card">
            <summary>{tr(Msg::CloseTreatmentTitle)}</summary>
            {move || outcome.get().and_then(|r| r.err()).map(|e| view! { <p class="feedback error" role="alert">{error_text(&e)}</p> })}
            <ActionForm action=close attr:class="stack" attr:id="close-treatment">
                <input type="hidden" name="patient_id" value=patient_id/>
                <label for="close-status">{tr(Msg::CloseStatusLabel)}</label>
                <select id="close-status" name="status">
                    {TreatmentStatus::ALL.into_iter().filter(|s| s.is_closed()).map(|s| view! {
                        <option value=s.as_str()>{treatment_status_label(s)}</option>
                    }).collect_view()}
                </select>
                <label for="close-reason">{tr(Msg::ReasonLabel)}</label>
                <input id="close-reason" name="reason"/>
                <button type="submit" class="danger">{tr(Msg::CloseTreatment)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn History(changes: Vec<ChangeView>) -> impl IntoView {
    view! {
        <section class="card history">
            <h2>{tr(Msg::HistoryTitle)}</h2>
            {if changes.is_empty() {
                view! { <p>{tr(Msg::HistoryNone)}</p> }.into_any()
            } else {
                view! {
                    <ol class="changes">
                        {changes.into_iter().map(|c| {
                            let who = match c.source {
                                Source::Nurse => c.by.clone(),
                                Source::Integration => format!("{} ({})", tr(Msg::SourceIntegration), c.by),
                            };
                            let what = change_summary(&c);
                            view! {
                                <li>
                                    <p class="muted">{date_time_text(&c.on, &c.time)}" · "{who}</p>
                                    <p>{what}</p>
                                    <ul>
                                        {c.moves.into_iter().map(|m| view! {
                                            <li>{milestone_name(m.kind, &m.key)}": "{date_text(&m.from)}" → "{date_text(&m.to)}</li>
                                        }).collect_view()}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// A change in one line: the step, what was done, the coded delay reason, the nurse's words.
pub fn change_summary(c: &ChangeView) -> String {
    [
        c.milestone
            .map(|k| milestone_name(k, c.milestone_key.as_deref().unwrap_or_default())),
        Some(change_words(c)),
        c.delay_reason.map(|r| delay_reason_name(r).to_string()),
        (!c.reason.is_empty()).then(|| c.reason.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// What a change did, in the reader's language: a manufacturing site's report, a nurse's
/// action, or the closing of the treatment with its outcome.
fn change_words(change: &ChangeView) -> String {
    if let Some(event) = change.event {
        return tr(event.words()).to_string();
    }
    if let Some(status) = change.action.strip_prefix("close:") {
        let outcome =
            TreatmentStatus::parse(status).map_or(status.to_string(), |s| treatment_status_label(s).to_string());
        return fill(tr(Msg::HistClosed), &[("status", &outcome)]);
    }
    let msg = match change.action.as_str() {
        "set" => Msg::HistSet,
        "confirm" => Msg::HistConfirm,
        "delay" => Msg::HistDelay,
        "done" => Msg::HistDone,
        "cancel" => Msg::HistCancel,
        "remanufacture" => Msg::HistRemanufacture,
        // Stored by an older version: shown as it was written.
        other => return other.to_string(),
    };
    tr(msg).to_string()
}
