//! Building blocks of the staff and caregiver forms: labelled fields that show the
//! server's verdict on them, and the one-time display of an issued code.
use crate::{
    api::accounts::IssuedCode,
    error::AppError,
    feedback::problem_msg,
    i18n::{fill, Locale, Msg},
    tr,
};
use leptos::prelude::*;

/// The last result of an action, as a signal of its error (if any).
pub type Outcome<T> = MappedSignal<Option<Result<T, AppError>>>;

/// A labelled input whose error, if the server refused it, is announced and linked.
#[component]
pub fn Field<T: Clone + Send + Sync + 'static>(
    /// Form name as the server function expects it, e.g. `form[email]`.
    name: &'static str,
    /// The field's key in the server's problems, e.g. `email`.
    key: &'static str,
    #[prop(into)] id: String,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    outcome: Outcome<T>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let problem = move || {
        outcome.with(|o| {
            o.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.problem_with(key))
        })
    };
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <label for=id.clone()>{tr(label)}</label>
        <input id=id name=name type=kind autocomplete=autocomplete
            aria-invalid=move || problem().map(|_| "true") aria-describedby=described_by/>
        {hint.map(|h| view! { <p id=hint_id class="hint">{tr(h)}</p> })}
        {move || problem().map(|p| view! { <p id=error_id.clone() class="field-error">{tr(problem_msg(p))}</p> })}
    }
}

/// The form-level message after an action: saved, or what went wrong.
#[component]
pub fn ActionFeedback<T: Clone + Send + Sync + 'static>(outcome: Outcome<T>) -> impl IntoView {
    move || {
        outcome.with(|o| match o {
            Some(Err(error)) => {
                Some(view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any())
            }
            _ => None,
        })
    }
}

/// Shown once, right after the code is made: the server keeps only its hash.
#[component]
pub fn IssuedCodeView(issued: IssuedCode) -> impl IntoView {
    view! {
        <div class="feedback notice issued" role="status">
            <p>{fill(tr(Msg::CodeIssued), &[("name", &issued.name)])}</p>
            <p class="code" data-code=issued.code.clone()>{issued.code.clone()}</p>
        </div>
    }
}

/// The issued code, if the last action produced one.
pub fn issued_view(outcome: Outcome<IssuedCode>) -> impl IntoView {
    move || {
        outcome.with(|o| match o {
            Some(Ok(issued)) => Some(view! { <IssuedCodeView issued=issued.clone()/> }),
            _ => None,
        })
    }
}

/// The options of a language picker, each named in its own language; `selected` is chosen
/// (none: the first).
pub fn locale_options(selected: Option<Locale>) -> impl IntoView {
    Locale::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() lang=l.code() selected=Some(l) == selected>{l.native_name()}</option> })
        .collect_view()
}
