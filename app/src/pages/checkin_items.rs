//! One questionnaire item as a form field: choices and yes/no as radio buttons, numbers with
//! their unit, free text. Items hidden by `enableWhen` are not shown; each field shows the
//! problem the check found with it, if any.
use crate::{
    domain::checkins::{
        builtin, enabled, Answer, AnswerProblem, AnswerProblemKind, Answers, Item, ItemKind, Questionnaire,
    },
    i18n::{t, Locale, Msg},
};
use leptos::prelude::*;
use std::sync::Arc;

pub fn problem_msg(kind: AnswerProblemKind) -> Msg {
    match kind {
        AnswerProblemKind::Required => Msg::ProblemAnswerRequired,
        AnswerProblemKind::BelowMinimum | AnswerProblemKind::AboveMaximum => Msg::ProblemAnswerRange,
        AnswerProblemKind::NotAnOption => Msg::ProblemAnswerChoice,
        AnswerProblemKind::TooLong => Msg::ProblemAnswerTooLong,
        _ => Msg::ProblemAnswerOther,
    }
}

#[derive(Clone)]
pub struct FormState {
    pub questionnaire: Arc<Questionnaire>,
    pub answers: RwSignal<Answers>,
    pub problems: RwSignal<Vec<AnswerProblem>>,
    pub locale: Locale,
    /// Bumped when the answers are put back all at once (a draft resumed): typed fields
    /// then show them. Typing never rewrites a field's own text.
    pub restored: RwSignal<u64>,
}

impl FormState {
    /// The text a typed field shows for its answer, read again when answers are restored.
    fn typed_text(&self, link_id: &str) -> impl Fn() -> String + Send + Sync + 'static {
        let (answers, restored, link_id) = (self.answers, self.restored, link_id.to_string());
        move || {
            restored.track();
            answers.with_untracked(|a| match a.get(&link_id) {
                Some(Answer::String(s)) => s.clone(),
                Some(Answer::Decimal(v)) => v.to_string(),
                Some(Answer::Integer(n)) => n.to_string(),
                _ => String::new(),
            })
        }
    }

    fn set(&self, link_id: &str, answer: Option<Answer>) {
        self.answers.update(|answers| match answer {
            Some(a) => {
                answers.insert(link_id.to_string(), a);
            }
            None => {
                answers.remove(link_id);
            }
        });
    }
}

pub fn items_view(state: &FormState, items: &[Item]) -> AnyView {
    items
        .iter()
        .map(|item| item_view(state.clone(), item.clone()))
        .collect_view()
        .into_any()
}

fn item_view(state: FormState, item: Item) -> impl IntoView {
    let q = state.questionnaire.clone();
    let answers = state.answers;
    let link_id = item.link_id.clone();
    let shown = move || enabled(&q, &link_id, &answers.get());
    let body = field(state.clone(), item.clone());
    let problem_id = format!("q-{}-problem", item.link_id);
    let problems = state.problems;
    let locale = state.locale;
    let id_for_problem = item.link_id.clone();
    let problem = move || {
        problems.with(|list| {
            list.iter()
                .find(|p| p.link_id == id_for_problem)
                .map(|p| view! { <p id=problem_id.clone() class="field-error" role="alert">{t(locale, problem_msg(p.kind))}</p> })
        })
    };
    let none_of_these = (state.questionnaire.short_name() == builtin::DIARY && item.link_id == builtin::DIARY_SIGNS[0])
        .then(|| none_of_these_button(state.clone()));
    view! {
        {none_of_these}
        <div class="question" data-link-id=item.link_id.clone() hidden=move || !shown()>
            {body}
            {problem}
        </div>
    }
}

/// "None of these today", above the diary's signs: one tap answers "No" to each of them
/// (`builtin::none_of_the_signs`). Drawn by the wasm, the click sets the answers; served
/// without it, `public/checkin-form.js` ticks the radios named in `data-none-of-these`.
fn none_of_these_button(state: FormState) -> impl IntoView {
    let locale = state.locale;
    let answers = state.answers;
    view! {
        <div class="none-of-these">
            <button type="button" class="secondary" aria-describedby="none-of-these-hint"
                data-none-of-these=builtin::DIARY_SIGNS.join(" ")
                on:click=move |_| answers.update(|a| *a = builtin::none_of_the_signs(a))>
                {t(locale, Msg::DiaryNoneOfThese)}
            </button>
            <p id="none-of-these-hint" class="muted small">{t(locale, Msg::DiaryNoneOfTheseHint)}</p>
        </div>
    }
}

fn field(state: FormState, item: Item) -> AnyView {
    let locale = state.locale;
    let text = item.text.in_language(locale.language()).to_string();
    let id = format!("q-{}", item.link_id);
    let link_id = item.link_id.clone();
    match item.kind.clone() {
        ItemKind::Display => view! { <p>{text}</p> }.into_any(),
        ItemKind::Group => {
            let children = items_view(&state, &item.items);
            view! { <fieldset><legend>{text}</legend>{children}</fieldset> }.into_any()
        }
        ItemKind::Choice(options) => {
            let radios = options
                .into_iter()
                .map(|option| {
                    let (state, link_id, code) = (state.clone(), link_id.clone(), option.code.clone());
                    let input_id = format!("{id}-{}", option.code);
                    let label_for = input_id.clone();
                    // Bound to the answers, so that a draft put back shows as ticked.
                    let (answers, checked_id, checked_code) = (state.answers, link_id.clone(), code.clone());
                    let checked = move || {
                        answers.with(|a| matches!(a.get(&checked_id), Some(Answer::Choice(c)) if *c == checked_code))
                    };
                    // The attribute for the page as served (a carried-over choice shows ticked
                    // without any wasm); the property for every change after.
                    let served = checked.clone();
                    view! {
                        <label class="check" for=label_for>
                            <input type="radio" id=input_id name=link_id.clone() value=code.clone() checked=served prop:checked=checked
                                on:change=move |_| state.set(&link_id, Some(Answer::Choice(code.clone())))/>
                            {option.display.in_language(locale.language()).to_string()}
                        </label>
                    }
                })
                .collect_view();
            view! { <fieldset><legend>{text}</legend>{radios}</fieldset> }.into_any()
        }
        ItemKind::Boolean => {
            let radio = |value: bool, msg: Msg| {
                let (state, link_id) = (state.clone(), link_id.clone());
                let input_id = format!("{id}-{value}");
                // Bound to the answers, so that "None of these today" shows as ticked.
                let (answers, checked_id) = (state.answers, link_id.clone());
                let checked = move || answers.with(|a| a.get(&checked_id) == Some(&Answer::Boolean(value)));
                let served = checked.clone();
                let label_for = input_id.clone();
                view! {
                    <label class="check" for=label_for>
                        <input type="radio" id=input_id name=link_id.clone() value=value.to_string() checked=served prop:checked=checked
                            on:change=move |_| state.set(&link_id, Some(Answer::Boolean(value)))/>
                        {t(locale, msg)}
                    </label>
                }
            };
            view! {
                <fieldset class="yes-no">
                    <legend>{text}</legend>
                    {radio(true, Msg::AnswerYes)}
                    {radio(false, Msg::AnswerNo)}
                </fieldset>
            }
            .into_any()
        }
        ItemKind::Integer(b) => number_field(
            state,
            NumberField {
                id,
                link_id,
                text,
                unit: b.unit,
                min: b.min.map(|v| v as f64),
                max: b.max.map(|v| v as f64),
                decimal: false,
            },
        ),
        ItemKind::Decimal(b) => number_field(
            state,
            NumberField {
                id,
                link_id,
                text,
                unit: b.unit,
                min: b.min,
                max: b.max,
                decimal: true,
            },
        ),
        ItemKind::String { max_length } => {
            let (label_for, name) = (id.clone(), link_id.clone());
            // Carried over from last time: shown, to keep or change.
            let initial = state.answers.with_untracked(|a| match a.get(&link_id) {
                Some(Answer::String(s)) => s.clone(),
                _ => String::new(),
            });
            view! {
                <label for=label_for>{text}</label>
                <textarea id=id name=name rows="3" maxlength=max_length prop:value=state.typed_text(&link_id)
                    on:input=move |ev| {
                        let raw = event_target_value(&ev);
                        let answer = (!raw.trim().is_empty()).then_some(Answer::String(raw));
                        state.set(&link_id, answer);
                    }>{initial}</textarea>
            }
            .into_any()
        }
    }
}

struct NumberField {
    id: String,
    link_id: String,
    text: String,
    unit: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
    decimal: bool,
}

/// A number with its unit; integers and decimals differ only in step and parsing.
fn number_field(state: FormState, f: NumberField) -> AnyView {
    // The unit once: a question that already names it ("in °C") is not told it again.
    let label = match &f.unit {
        Some(unit) if !f.text.contains(unit.as_str()) => format!("{} ({unit})", f.text),
        _ => f.text,
    };
    let (inputmode, step) = if f.decimal {
        ("decimal", "0.1")
    } else {
        ("numeric", "1")
    };
    let (label_for, link_id, decimal) = (f.id.clone(), f.link_id, f.decimal);
    let shown = state.typed_text(&link_id);
    // Named as the radios are: a page served without the wasm reads the fields by name.
    let name = link_id.clone();
    view! {
        <label for=label_for>{label}</label>
        <input id=f.id name=name type="number" inputmode=inputmode step=step min=f.min max=f.max prop:value=shown
            on:input=move |ev| {
                // A comma is a decimal point in much of Europe.
                let raw = event_target_value(&ev).replace(',', ".");
                let raw = raw.trim();
                let answer = if decimal {
                    raw.parse::<f64>().ok().map(Answer::Decimal)
                } else {
                    raw.parse::<i64>().ok().map(Answer::Integer)
                };
                state.set(&link_id, answer);
            }/>
    }
    .into_any()
}
