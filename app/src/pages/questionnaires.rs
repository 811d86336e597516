//! `/admin/questionnaires`: the built-in questionnaires, and those an admin imported as FHIR
//! R4 JSON (licensed instruments a centre holds). A refused file lists every problem.
use crate::{
    api::checkins::{list_questionnaires, ImportQuestionnaire},
    error::AppError,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn QuestionnairesPage() -> impl IntoView {
    let import = ServerAction::<ImportQuestionnaire>::new();
    let list = Resource::new_blocking(move || import.version().get(), |_| list_questionnaires());
    let outcome = import.value();
    view! {
        <h1>{tr(Msg::QuestionnairesTitle)}</h1>
        <p>{tr(Msg::QuestionnairesIntro)}</p>
        {move || outcome.get().map(|result| match result {
            Ok(row) => view! {
                <p class="feedback notice" role="status">{fill(tr(Msg::QuestionnaireImported), &[("name", &row.name), ("version", &row.version)])}</p>
            }.into_any(),
            Err(AppError::Questionnaire(problems)) => view! {
                <div class="feedback error" role="alert">
                    <p>{tr(Msg::QuestionnaireNotImported)}</p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }.into_any(),
            Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
        })}
        <section class="card">
            <ActionForm action=import attr:class="stack" attr:id="import-questionnaire">
                <label for="questionnaire-json">{tr(Msg::QuestionnaireJsonLabel)}</label>
                <textarea id="questionnaire-json" name="json" rows="10" spellcheck="false"></textarea>
                <button type="submit">{tr(Msg::ImportQuestionnaire)}</button>
            </ActionForm>
        </section>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || list.get().map(|result| match result {
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                Ok(rows) => view! {
                    <ul class="list">
                        {rows.into_iter().map(|row| view! {
                            <li data-questionnaire=row.name.clone()>
                                <strong>{row.title.clone()}</strong>
                                <span class="muted">{format!("{} · v{}", row.name, row.version)}</span>
                                {if row.builtin {
                                    view! { <span class="badge">{tr(Msg::QuestionnaireBuiltIn)}</span> }.into_any()
                                } else {
                                    view! { <span class="muted">{super::timeline_labels::date_text(row.imported_on.as_deref().unwrap_or_default())}</span> }.into_any()
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}
