//! "Questions for the next visit", on the patient's page: the patient and their caregivers
//! write down what they want to ask and may take back their own; the centre's nurses read
//! the list before the visit and mark each question discussed. Plain forms underneath, so
//! that a question is kept even before the page's code has loaded.
use super::timeline_labels::date_text;
use crate::{
    api::questions::{visit_questions, AskQuestion, QuestionDiscussed, QuestionList, TakeBackQuestion, VisitQuestion},
    domain::visit_questions::MAX_CHARS,
    error::AppError,
    feedback::problem_msg,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Actions {
    ask: ServerAction<AskQuestion>,
    take_back: ServerAction<TakeBackQuestion>,
    discussed: ServerAction<QuestionDiscussed>,
}

#[component]
pub fn VisitQuestionsPanel(patient_id: i64) -> impl IntoView {
    let actions = Actions {
        ask: ServerAction::new(),
        take_back: ServerAction::new(),
        discussed: ServerAction::new(),
    };
    let changes = move || {
        (
            actions.ask.version().get(),
            actions.take_back.version().get(),
            actions.discussed.version().get(),
        )
    };
    let list = Resource::new(changes, move |_| visit_questions(patient_id));
    view! {
        <section class="card stack" id="questions" aria-labelledby="questions-title">
            <h2 id="questions-title">{tr(Msg::QuestionsTitle)}</h2>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || list.get().map(|answer| match answer {
                    Ok(questions) => view! { <Questions questions actions/> }.into_any(),
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Questions(questions: QuestionList, actions: Actions) -> impl IntoView {
    let next = questions.next_visit.as_ref().map(
        |date| view! { <p><strong>{fill(tr(Msg::QuestionsNextVisit), &[("date", &date_text(date))])}</strong></p> },
    );
    let form = questions
        .can_ask
        .then(|| view! { <AskForm patient_id=questions.patient_id ask=actions.ask/> });
    let list = if questions.questions.is_empty() {
        view! { <p class="muted" data-questions="0">{tr(Msg::QuestionsNone)}</p> }.into_any()
    } else {
        let count = questions.questions.len();
        let (patient_id, can_ask, can_mark) = (questions.patient_id, questions.can_ask, questions.can_mark);
        let items = questions
            .questions
            .into_iter()
            .map(|question| view! { <Question question patient_id can_ask can_mark actions/> })
            .collect_view();
        view! { <ul class="list" data-questions=count>{items}</ul> }.into_any()
    };
    view! { {next}{form}{list} }
}

#[component]
fn AskForm(patient_id: i64, ask: ServerAction<AskQuestion>) -> impl IntoView {
    let problem = move || {
        ask.value().with(|result| match result {
            Some(Err(AppError::Invalid(problems))) => problems.first().map(|p| tr(problem_msg(p.problem))),
            Some(Err(error)) => Some(tr(error.message())),
            _ => None,
        })
    };
    view! {
        <p>{tr(Msg::QuestionsExplain)}</p>
        <p class="muted">{tr(Msg::QuestionsNotUrgent)}</p>
        <ActionForm action=ask attr:class="stack">
            <input type="hidden" name="patient_id" value=patient_id/>
            <label for="question-text">{tr(Msg::QuestionLabel)}</label>
            <textarea id="question-text" name="text" rows="3" maxlength=MAX_CHARS required></textarea>
            {move || problem().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            <button type="submit">{tr(Msg::QuestionAdd)}</button>
        </ActionForm>
    }
}

#[component]
fn Question(
    question: VisitQuestion,
    patient_id: i64,
    can_ask: bool,
    can_mark: bool,
    actions: Actions,
) -> impl IntoView {
    let open = question.discussed_on.is_none();
    let asked = fill(
        tr(Msg::QuestionAskedBy),
        &[("name", &question.asked_by), ("date", &date_text(&question.asked_on))],
    );
    let discussed = question.discussed_on.as_ref().map(
        |on| view! { <span class="badge">{fill(tr(Msg::QuestionDiscussedOn), &[("date", &date_text(on))])}</span> },
    );
    let take_back = (open && can_ask && question.mine).then(|| {
        view! {
            <ActionForm action=actions.take_back>
                <input type="hidden" name="patient_id" value=patient_id/>
                <input type="hidden" name="id" value=question.id/>
                <button type="submit" class="secondary">{tr(Msg::QuestionTakeBack)}</button>
            </ActionForm>
        }
    });
    let mark = (open && can_mark).then(|| {
        view! {
            <ActionForm action=actions.discussed>
                <input type="hidden" name="patient_id" value=patient_id/>
                <input type="hidden" name="id" value=question.id/>
                <button type="submit" class="secondary">{tr(Msg::QuestionMarkDiscussed)}</button>
            </ActionForm>
        }
    });
    view! {
        <li data-question=question.id data-open=open.to_string()>
            <p>{question.text.clone()}</p>
            <p class="muted small">{asked}" "{discussed}</p>
            {take_back}
            {mark}
        </li>
    }
}
