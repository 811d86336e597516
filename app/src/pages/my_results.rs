//! `/results`: "My results", the patient's own check-ins told back in plain words, with the
//! wording rules of `domain::checkins::result_words`: scores with their bands, an alarming
//! band never alone, crisis answers not repeated back, and for each answer what the care
//! team was told. The charts are drawn on the server, as on the nurse's page.
use super::{checkin_review::TrendChart, timeline_labels::date_time_text};
use crate::{
    api::results::{my_results, MyAnswer, ResultsView, ScoreWords},
    domain::checkins::result_words::TeamTold,
    i18n::{dates, fill, Msg},
    tr, use_locale,
};
use leptos::prelude::*;

#[component]
pub fn MyResultsPage() -> impl IntoView {
    // `?from=30`: the page of answers from the 30th newest (plain links, so they work before
    // the page's code has loaded).
    let query = leptos_router::hooks::use_query_map();
    let from = move || query.read().get("from").and_then(|f| f.parse::<usize>().ok());
    let results = Resource::new_blocking(from, my_results);
    view! {
        <h1>{tr(Msg::ResultsTitle)}</h1>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || results.get().map(|answer| match answer {
                Ok(results) => view! { <Results results/><MyDataDownloads/> }.into_any(),
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// "Download my data": plain links (the files are made on the server, `http/my_data.rs`),
/// outside the router (`rel="external"`, `download`).
#[component]
fn MyDataDownloads() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="my-data">
            <h2 id="my-data">{tr(Msg::MyDataTitle)}</h2>
            <p>{tr(Msg::MyDataIntro)}</p>
            <ul class="list downloads">
                <li>
                    <a class="button" href="/my-data/summary.pdf" download="my-summary.pdf" rel="external" data-download="summary">{tr(Msg::MyDataPdf)}</a>
                    <p class="muted">{tr(Msg::MyDataPdfHint)}</p>
                </li>
                <li>
                    <a class="button" href="/my-data/record.fhir.json" download="my-record.fhir.json" rel="external" data-download="fhir">{tr(Msg::MyDataFhir)}</a>
                    <p class="muted">{tr(Msg::MyDataFhirHint)}</p>
                </li>
            </ul>
            <p class="muted">{tr(Msg::MyDataPrivate)}</p>
        </section>
    }
}

#[component]
fn Results(results: ResultsView) -> impl IntoView {
    if results.answered.is_empty() {
        return view! { <section class="card"><p>{tr(Msg::ResultsNone)}</p></section> }.into_any();
    }
    let locale = use_locale();
    let fever = dates::decimal(locale, results.fever_threshold_c, 1);
    let crisis = CrisisNumbers {
        hotline: results.centre.hotline.clone(),
        emergency: results.emergency_number.clone(),
    };
    view! {
        <p>{tr(Msg::ResultsIntro)}</p>
        <section class="card" aria-labelledby="results-trends">
            <h2 id="results-trends">{tr(Msg::ResultsOverTime)}</h2>
            <p class="muted">{fill(tr(Msg::ResultsFeverLine), &[("threshold", &fever)])}</p>
            <div class="trends">{results.trends.into_iter().map(|trend| view! { <TrendChart trend/> }).collect_view()}</div>
        </section>
        <section class="card" aria-labelledby="results-answers">
            <h2 id="results-answers">{tr(Msg::ResultsAnswers)}</h2>
            <p class="muted" data-page-start=results.page.start>{fill(tr(Msg::ResultsShowing), &[
                ("first", &(results.page.start + 1).to_string()),
                ("last", &results.page.end.to_string()),
                ("total", &results.page.total.to_string()),
            ])}</p>
            <ul class="list answered">
                {results.answered.into_iter().map(|answer| view! { <Answer answer crisis=crisis.clone()/> }).collect_view()}
            </ul>
            <Pager page=results.page/>
        </section>
    }
    .into_any()
}

#[derive(Clone)]
struct CrisisNumbers {
    hotline: String,
    emergency: String,
}

#[component]
fn Answer(answer: MyAnswer, crisis: CrisisNumbers) -> impl IntoView {
    let told = answer.told.words();
    let seen = answer.seen_on.as_ref().map(|on| {
        fill(
            tr(Msg::ResultsSeenOn),
            &[("date", &super::timeline_labels::date_text(on))],
        )
    });
    let crisis_card = answer.crisis.then(|| {
        let tel = super::tel_href(&crisis.hotline);
        view! {
            <div class="feedback notice" data-crisis="">
                <p><strong>{tr(Msg::ResultsCrisis)}</strong></p>
                <p>{fill(tr(Msg::ResultsCrisisNow), &[("number", &crisis.emergency)])}</p>
                <a class="call" href=tel><strong>{crisis.hotline.clone()}</strong></a>
            </div>
        }
    });
    let scores = answer
        .scores
        .into_iter()
        .map(|score| view! { <Score score told=answer.told seen=seen.clone()/> })
        .collect_view();
    view! {
        <li data-response=answer.id data-told=format!("{:?}", answer.told)>
            <details open=answer.crisis>
                <summary>
                    <strong>{answer.title.clone()}</strong>" · "{date_time_text(&answer.on, &answer.time)}
                    {answer.by_caregiver.then(|| view! { " · "<span class="muted">{tr(Msg::ReportedByCaregiver)}</span> })}
                </summary>
                {crisis_card}
                <ul class="scores">{scores}</ul>
                <p class="team-told">{tr(told)}{seen.clone().map(|s| format!(" {s}"))}</p>
                <dl>
                    {answer.answers.into_iter().map(|(q, a)| view! { <dt>{q}</dt><dd>{a}</dd> }).collect_view()}
                </dl>
            </details>
        </li>
    }
}

/// A score with its band; an alarming band only with what the team did and what is next.
#[component]
fn Score(score: ScoreWords, told: TeamTold, seen: Option<String>) -> impl IntoView {
    let line = match &score.band {
        Some(band) => fill(
            tr(Msg::ResultsScoreBand),
            &[
                ("scale", &score.scale),
                ("total", &score.total.to_string()),
                ("band", band),
            ],
        ),
        None => fill(
            tr(Msg::ResultsScore),
            &[("scale", &score.scale), ("total", &score.total.to_string())],
        ),
    };
    // What the team did, as it happened: seen by a nurse, told by a flag, or (no flag) seen
    // at the next visit.
    let context = score.alarming.then(|| {
        let done = match (seen, told) {
            (Some(seen), _) => seen,
            (None, TeamTold::Nothing) => tr(Msg::ResultsTeamAtVisit).to_string(),
            (None, _) => tr(Msg::ResultsTeamTold).to_string(),
        };
        view! { <p class="result-context">{tr(Msg::ResultsAlarmingNext)}" "{done}</p> }
    });
    view! { <li data-alarming=score.alarming.to_string()><strong>{line}</strong>{context}</li> }
}

/// Newer and older answers, as plain links to the same page.
#[component]
fn Pager(page: crate::domain::checkins::results_page::Window) -> impl IntoView {
    let link = |from: usize| format!("/results?from={from}#results-answers");
    (page.newer_from.is_some() || page.older_from.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label=tr(Msg::ResultsPages)>
                {page.newer_from.map(|from| view! { <a class="button secondary" href=link(from) rel="prev">{tr(Msg::ResultsNewer)}</a> })}
                {page.older_from.map(|from| view! { <a class="button secondary" href=link(from) rel="next">{tr(Msg::ResultsOlder)}</a> })}
            </nav>
        }
    })
}
