//! A check-in half filled in, in the form the wasm draws: put back from the phone once the
//! page's code runs, kept encrypted a moment after each change, dropped once the answers are
//! sent or queued. The same record as the plain form's script keeps
//! (`public/checkin-form.js`, `offline_store::draft_key`), so either form resumes the other's.
use super::{checkin::Kept, checkin_items::FormState};
use crate::{
    api::checkins::{CheckinForm, SubmitCheckin},
    domain::checkins::form_fields::{answers_from_fields, fields_from_answers, Fields},
    offline_store::{draft_key, drop_draft, keep_draft, take_draft},
};
use leptos::prelude::*;
use std::time::Duration;

/// A moment after the last change: a draft is not sealed and written on every key press.
const KEEP_AFTER: Duration = Duration::from_millis(400);

#[derive(Clone, Copy)]
pub struct Draft {
    /// "saving", "kept" or "dropped", for the form's `data-draft` (empty before any).
    pub status: RwSignal<&'static str>,
    /// The answers were put back from a draft: the page says so, to be checked.
    pub resumed: RwSignal<bool>,
}

pub fn drafts(
    state: &FormState,
    form: &CheckinForm,
    submit: ServerAction<SubmitCheckin>,
    kept: RwSignal<Option<Kept>>,
) -> Draft {
    let draft = Draft {
        status: RwSignal::new(""),
        resumed: RwSignal::new(false),
    };
    let owner = form.respondent_id;
    let key = StoredValue::new(draft_key(
        form.patient_id,
        form.questionnaire.short_name(),
        form.about_myself,
    ));
    // Bumped by every change and by the drop: a keep scheduled before either does nothing.
    let generation = StoredValue::new(0u64);
    // Once sent or queued: a keep already being written when that happened is undone.
    let dropped = StoredValue::new(false);
    let ready = RwSignal::new(false);
    resume(state, owner, key, draft, ready);
    let answers = state.answers;
    Effect::new(move |previous: Option<(bool, Fields)>| {
        let fields = fields_from_answers(&answers.get());
        let was_ready = ready.get();
        // Only what the person changed once the draft is back: not the prefill, nor the draft.
        if let Some((true, before)) = &previous {
            if *before != fields {
                generation.update_value(|g| *g += 1);
                keep_soon(owner, key, fields.clone(), (generation, dropped), draft.status);
            }
        }
        (was_ready, fields)
    });
    Effect::new(move |_| {
        let sent = submit.value().with(|r| matches!(r, Some(Ok(_))));
        if sent || kept.get().is_some() {
            generation.update_value(|g| *g += 1);
            dropped.set_value(true);
            leptos::task::spawn_local(async move {
                drop_draft(owner, &key.get_value()).await;
                draft.status.set("dropped");
            });
        }
    });
    draft
}

/// Puts a kept draft back over the prefilled answers, then lets changes be kept.
fn resume(state: &FormState, owner: i64, key: StoredValue<String>, draft: Draft, ready: RwSignal<bool>) {
    let questionnaire = state.questionnaire.clone();
    let (answers, restored) = (state.answers, state.restored);
    // An effect runs in the browser only: the server has no phone to look on.
    Effect::new(move |_| {
        let questionnaire = questionnaire.clone();
        leptos::task::spawn_local(async move {
            if let Some(fields) = take_draft(owner, &key.get_value()).await {
                let kept = answers_from_fields(&questionnaire, &fields);
                if !kept.is_empty() {
                    answers.update(|a| a.extend(kept));
                    restored.update(|n| *n += 1);
                    draft.resumed.set(true);
                }
            }
            ready.set(true);
        });
    });
}

fn keep_soon(
    owner: i64,
    key: StoredValue<String>,
    fields: Fields,
    (generation, dropped): (StoredValue<u64>, StoredValue<bool>),
    status: RwSignal<&'static str>,
) {
    let mine = generation.get_value();
    set_timeout(
        move || {
            if generation.get_value() != mine {
                return;
            }
            status.set("saving");
            leptos::task::spawn_local(async move {
                match keep_draft(owner, &key.get_value(), &fields).await {
                    Ok(()) if generation.get_value() == mine => status.set("kept"),
                    // Sent or queued while this was written: the draft has done its work.
                    Ok(()) if dropped.get_value() => drop_draft(owner, &key.get_value()).await,
                    Ok(()) => {}
                    Err(error) => leptos::logging::warn!("the draft was not kept: {error}"),
                }
            });
        },
        KEEP_AFTER,
    );
}
