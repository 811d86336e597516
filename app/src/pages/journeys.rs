//! `/admin/journeys`: what the catalogue holds.
use super::timeline_labels::{milestone_name, time_text};
use crate::{
    api::journeys::{journeys_catalogue, StepView},
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

fn step_line(step: &StepView) -> String {
    let name = milestone_name(step.kind, &step.key);
    let relation = match (&step.after, step.days) {
        (None, _) => tr(Msg::StepFirst).to_string(),
        (Some((kind, key)), Some(days)) if days < 0 => fill(
            tr(Msg::StepBefore),
            &[
                ("days", &days.unsigned_abs().to_string()),
                ("step", &milestone_name(*kind, key)),
            ],
        ),
        (Some((kind, key)), Some(days)) => fill(
            tr(Msg::StepAfter),
            &[("days", &days.to_string()), ("step", &milestone_name(*kind, key))],
        ),
        // As long as the country's rule says (stay near the centre, no driving).
        (Some((kind, key)), None) => fill(tr(Msg::StepAfterRule), &[("step", &milestone_name(*kind, key))]),
    };
    let time = step
        .time
        .as_deref()
        .map(|t| format!(", {}", time_text(t)))
        .unwrap_or_default();
    let optional = if step.optional {
        format!(" {}", tr(Msg::StepOptional))
    } else {
        String::new()
    };
    format!("{name}: {relation}{time}{optional}")
}

#[component]
pub fn JourneysPage() -> impl IntoView {
    let catalogue = Resource::new_blocking(|| (), |_| journeys_catalogue());
    view! {
        <h1>{tr(Msg::JourneysTitle)}</h1>
        <p>{tr(Msg::JourneysIntro)}</p>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || catalogue.get().map(|result| match result {
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                Ok(c) => view! {
                    {c.templates.into_iter().map(|t| view! {
                        <section class="card" data-template=t.id.clone()>
                            <h2>{t.name}</h2>
                            <p class="muted">{t.description}</p>
                            <ol>{t.steps.iter().map(|s| view! { <li>{step_line(s)}</li> }).collect_view()}</ol>
                        </section>
                    }).collect_view()}
                    <section class="card">
                        <h2>{tr(Msg::ProductsTitle)}</h2>
                        <ul>{c.products.into_iter().map(|(id, name, template)| view! { <li>{name}" ("{id}" → "{template}")"</li> }).collect_view()}</ul>
                    </section>
                    <section class="card">
                        <h2>{tr(Msg::RulesTitle)}</h2>
                        <ul>{c.rules.into_iter().map(|r| view! {
                            <li><strong>{r.name.clone()}</strong>" · "{fill(tr(Msg::RuleLine), &[
                                ("countries", &r.countries.join(", ")),
                                ("stay", &r.stay_near_centre_days.to_string()),
                                ("drive", &r.driving_restriction_days.to_string()),
                            ])}</li>
                        }).collect_view()}</ul>
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}
