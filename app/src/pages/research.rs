//! The researcher's only page: choose one of their approved projects, its datasets and
//! formats, make a pseudonymised export, and download it (whole or file by file) while its
//! progress shows.
use crate::{
    api::research::{
        file_url, get_export_progress, get_research_options, zip_url, CreateExport, ExportCreated, ExportProgress,
        ProjectView,
    },
    domain::research::{Dataset, Format},
    error::AppError,
    feedback::problem_msg,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

/// Stored dataset keys ("scores, diary") in the reader's words.
pub fn datasets_text(keys: &[String]) -> String {
    keys.iter()
        .map(|k| Dataset::parse(k).map_or(k.clone(), |d| tr(dataset_msg(d)).to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn dataset_msg(d: Dataset) -> Msg {
    match d {
        Dataset::Scores => Msg::DatasetScores,
        Dataset::Items => Msg::DatasetItems,
        Dataset::Diary => Msg::DatasetDiary,
        Dataset::Flags => Msg::DatasetFlags,
        Dataset::Journeys => Msg::DatasetJourneys,
    }
}

fn format_msg(f: Format) -> Msg {
    match f {
        Format::Csv => Msg::FormatCsv,
        Format::FhirNdjson => Msg::FormatFhir,
        Format::Wide => Msg::FormatWide,
        Format::Labels => Msg::FormatLabels,
        Format::Redcap => Msg::FormatRedcap,
    }
}

/// Every problem the server named, each in words.
fn problems_view(outcome: &Option<Result<ExportCreated, AppError>>) -> Option<AnyView> {
    match outcome {
        Some(Err(AppError::Invalid(problems))) => Some(
            view! {
                <div class="feedback error" role="alert">
                    <ul>{problems.iter().map(|p| view! { <li>{tr(problem_msg(p.problem))}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
        ),
        Some(Err(error)) => Some(view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any()),
        _ => None,
    }
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| get_research_options());
    let create = ServerAction::<CreateExport>::new();
    let outcome = create.value();
    view! {
        <h1>{tr(Msg::ResearcherHomeTitle)}</h1>
        <section class="card">
            <h2>{tr(Msg::ExportNewTitle)}</h2>
            <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
                {move || options.get().map(|o| match o {
                    Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                    Ok(o) if o.projects.is_empty() => view! { <p>{tr(Msg::ExportNoProject)}</p> }.into_any(),
                    Ok(o) => view! {
                        <p class="hint">{fill(tr(Msg::ExportKHint), &[("k", &o.k.to_string())])}</p>
                        <ul class="list">{o.projects.iter().map(project_line).collect_view()}</ul>
                        <ActionForm action=create attr:class="stack" attr:id="export-form">
                            <label for="export-project">{tr(Msg::ExportProjectLabel)}</label>
                            <select id="export-project" name="form[project]">
                                {o.projects.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }).collect_view()}
                            </select>
                            <fieldset>
                                <legend>{tr(Msg::ExportDatasetsLegend)}</legend>
                                {Dataset::ALL.into_iter().enumerate().map(|(i, d)| view! {
                                    <label class="check"><input type="checkbox" name=format!("form[datasets][{i}]")
                                        value=d.as_str() checked=d == Dataset::Scores/>" "{tr(dataset_msg(d))}</label>
                                }).collect_view()}
                            </fieldset>
                            <fieldset>
                                <legend>{tr(Msg::ExportFormatsLegend)}</legend>
                                {Format::ALL.into_iter().enumerate().map(|(i, f)| view! {
                                    <label class="check"><input type="checkbox" name=format!("form[formats][{i}]")
                                        value=f.as_str() checked=f == Format::Csv/>" "{tr(format_msg(f))}</label>
                                }).collect_view()}
                            </fieldset>
                            <button type="submit">{tr(Msg::ExportCreate)}</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Suspense>
            {move || outcome.with(problems_view)}
        </section>
        {move || outcome.get().and_then(Result::ok).map(|created| view! { <ExportReady created/> })}
    }
}

/// A project the researcher may export: its datasets, grounds and end.
fn project_line(p: &ProjectView) -> impl IntoView {
    let text = fill(
        tr(Msg::ExportProjectLine),
        &[
            ("name", &p.name),
            ("datasets", &datasets_text(&p.datasets)),
            ("ethics", &p.ethics_ref),
            ("dua", &p.dua_ref),
            ("until", &super::timeline_labels::date_text(&p.expires_on)),
        ],
    );
    view! { <li data-project-id=p.id>{text}</li> }
}

#[component]
fn ExportReady(created: ExportCreated) -> impl IntoView {
    let s = created.summary.clone();
    let token = created.token.clone();
    let tick = RwSignal::new(0u32);
    // In the browser only: follow the download's progress once a second.
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || tick.update(|n| *n = n.wrapping_add(1)),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    let progress = {
        let token = token.clone();
        LocalResource::new(move || {
            tick.track();
            get_export_progress(token.clone())
        })
    };
    let summary = fill(
        tr(Msg::ExportSummaryText),
        &[
            ("patients", &s.patients.to_string()),
            ("k", &s.k.to_string()),
            ("month", &s.through_month),
        ],
    );
    view! {
        <section class="card" id="export-ready">
            <h2>{tr(Msg::ExportReadyTitle)}</h2>
            <p role="status">{summary}</p>
            <p><a class="button" href=zip_url(&token) download="">{tr(Msg::ExportDownloadZip)}</a></p>
            <p>{tr(Msg::ExportDownloadFiles)}</p>
            <ul>
                {created.files.iter().map(|f| view! { <li><a href=file_url(&token, f) download="">{f.clone()}</a></li> }).collect_view()}
            </ul>
            {move || progress.get().and_then(Result::ok).map(|p| progress_view(&p))}
        </section>
    }
}

fn progress_view(p: &ExportProgress) -> impl IntoView {
    let text = match p.state.as_str() {
        "complete" => tr(Msg::ExportComplete).to_string(),
        "failed" => tr(Msg::ExportFailed).to_string(),
        "running" => fill(
            tr(Msg::ExportProgressText),
            &[
                ("done", &p.records_done.to_string()),
                ("total", &p.records_total.to_string()),
            ],
        ),
        _ => String::new(),
    };
    let max = p.records_total.max(1);
    view! {
        <div class="export-progress" aria-live="polite">
            {(p.state == "running").then(|| view! { <progress max=max value=p.records_done.min(max)></progress> })}
            <p>{text}</p>
        </div>
    }
}
