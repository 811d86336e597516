//! `/admin/research-projects`: the data steward approves study projects (cohort, datasets,
//! grounds, researchers, expiry) and sees those approved. Counts are rounded.
use super::forms::Field;
use crate::{
    api::research::{project_options, research_projects, ApproveProject, ProjectChoices, ProjectView},
    domain::research::Dataset,
    error::AppError,
    feedback::problem_msg,
    i18n::{fill, Msg},
    pages::research::dataset_msg,
    tr,
};
use leptos::prelude::*;

#[component]
pub fn ResearchProjectsPage() -> impl IntoView {
    let approve = ServerAction::<ApproveProject>::new();
    let list = Resource::new_blocking(move || approve.version().get(), |_| research_projects());
    let choices = Resource::new_blocking(|| (), |_| project_options());
    let outcome = approve.value();
    view! {
        <h1>{tr(Msg::ResearchProjectsTitle)}</h1>
        <p>{tr(Msg::ResearchProjectsIntro)}</p>
        <section class="card">
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || choices.get().map(|c| match c {
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                    Ok(c) => view! { <ApproveForm approve choices=c/> }.into_any(),
                })}
            </Suspense>
            {move || outcome.with(|o| match o {
                Some(Ok(view)) => Some(view! {
                    <p class="feedback notice" role="status">
                        {fill(tr(Msg::ProjectApproved), &[("name", &view.name), ("patients", &view.patients.to_string())])}
                    </p>
                }.into_any()),
                Some(Err(error)) => Some(problems(error)),
                None => None,
            })}
        </section>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || list.get().map(|r| match r {
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                Ok(rows) if rows.is_empty() => view! { <p>{tr(Msg::ProjectsNone)}</p> }.into_any(),
                Ok(rows) => view! { <ProjectTable rows/> }.into_any(),
            })}
        </Suspense>
    }
}

fn problems(error: &AppError) -> AnyView {
    match error {
        AppError::Invalid(list) => view! {
            <div class="feedback error" role="alert">
                <ul>{list.iter().map(|p| view! { <li>{tr(problem_msg(p.problem))}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any(),
        other => view! { <p class="feedback error" role="alert">{tr(other.message())}</p> }.into_any(),
    }
}

/// A group of checkboxes named `form[{field}][i]`.
fn checks(field: &'static str, legend: Msg, options: Vec<(String, String)>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{tr(legend)}</legend>
            {options.into_iter().enumerate().map(|(i, (value, label))| {
                let id = format!("project-{field}-{i}");
                view! {
                    <label class="check" for=id.clone()>
                        <input type="checkbox" id=id.clone() name=format!("form[{field}][{i}]") value=value/>
                        " "{label}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn ApproveForm(approve: ServerAction<ApproveProject>, choices: ProjectChoices) -> impl IntoView {
    let outcome = approve.value();
    let datasets = Dataset::ALL
        .into_iter()
        .map(|d| (d.as_str().to_string(), tr(dataset_msg(d)).to_string()))
        .collect();
    let centres = choices.centre_allowed.then(|| {
        let options = choices
            .centres
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect();
        checks("centres", Msg::ProjectCentresLegend, options)
    });
    let researchers = choices
        .researchers
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    view! {
        <ActionForm action=approve attr:class="stack" attr:id="approve-project">
            <Field name="form[name]" key="name" id="project-name" label=Msg::ProjectNameLabel autocomplete="off" outcome/>
            {checks("products", Msg::ProjectProductsLegend, choices.products)}
            <Field name="form[from_quarter]" key="from_quarter" id="project-from" label=Msg::ProjectFromQuarter
                autocomplete="off" outcome/>
            <Field name="form[to_quarter]" key="to_quarter" id="project-to" label=Msg::ProjectToQuarter
                autocomplete="off" outcome/>
            {centres}
            {checks("datasets", Msg::ProjectDatasetsLegend, datasets)}
            <Field name="form[ethics_ref]" key="ethics_ref" id="project-ethics" label=Msg::ProjectEthicsLabel
                autocomplete="off" outcome/>
            <Field name="form[dua_ref]" key="dua_ref" id="project-dua" label=Msg::ProjectDuaLabel autocomplete="off" outcome/>
            {checks("researchers", Msg::ProjectResearchersLegend, researchers)}
            <Field name="form[expires_on]" key="expires_on" id="project-expires" label=Msg::ProjectExpiresLabel
                kind="date" outcome/>
            <Field name="form[epsilon_budget]" key="epsilon_budget" id="project-epsilon" label=Msg::ProjectEpsilonLabel
                hint=Msg::ProjectEpsilonHint autocomplete="off" outcome/>
            <button type="submit">{tr(Msg::ProjectApprove)}</button>
        </ActionForm>
    }
}

/// Thousandths of epsilon as written: `0.6`, `1`, `2.25`.
fn epsilon(thousandths: u32) -> String {
    let text = format!("{}.{:03}", thousandths / 1000, thousandths % 1000);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn cohort_of(p: &ProjectView) -> String {
    let products = if p.products.is_empty() {
        tr(Msg::ProjectAllProducts).to_string()
    } else {
        p.products.join(", ")
    };
    let period = match (p.from_quarter.as_str(), p.to_quarter.as_str()) {
        ("", "") => tr(Msg::ProjectAnyPeriod).to_string(),
        (from, to) => format!("{from} – {to}"),
    };
    format!("{products}; {period}")
}

#[component]
fn ProjectTable(rows: Vec<ProjectView>) -> impl IntoView {
    view! {
        // Focusable so keyboard users can scroll a wide table on a narrow screen.
        <div class="scroll" tabindex="0" role="region" aria-label=tr(Msg::ResearchProjectsTitle)>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColumnProject)}</th>
                        <th scope="col">{tr(Msg::ColumnCohort)}</th>
                        <th scope="col">{tr(Msg::ColumnDatasets)}</th>
                        <th scope="col">{tr(Msg::ColumnPatients)}</th>
                        <th scope="col">{tr(Msg::ColumnExpires)}</th>
                        <th scope="col">{tr(Msg::ColumnPrivacyBudget)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|p| view! {
                        <tr data-project-id=p.id>
                            <td>{p.name.clone()}<br/><span class="muted">{p.ethics_ref.clone()}" · "{p.dua_ref.clone()}</span></td>
                            <td>{cohort_of(&p)}</td>
                            <td>{super::research::datasets_text(&p.datasets)}</td>
                            <td>{p.patients}</td>
                            <td>{super::timeline_labels::date_text(&p.expires_on)}</td>
                            <td>{format!("{} / {}", epsilon(p.epsilon_spent), epsilon(p.epsilon_budget))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
