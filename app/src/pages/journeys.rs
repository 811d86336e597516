//! `/admin/journeys` and `/admin/integrations`: what the catalogue holds, and who may send
//! manufacturing events.
use super::timeline_labels::milestone_name;
use crate::{
    api::journeys::{journeys_catalogue, list_integrations, CreateIntegration, RevokeIntegration, StepView},
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
        (Some((kind, key)), days) => fill(
            tr(Msg::StepAfter),
            &[
                (
                    "days",
                    &days.map(|d| d.to_string()).or(step.rule.clone()).unwrap_or_default(),
                ),
                ("step", &milestone_name(*kind, key)),
            ],
        ),
    };
    let time = step.time.as_ref().map(|t| format!(", {t}")).unwrap_or_default();
    let optional = if step.optional { " (optional)" } else { "" };
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

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let create = ServerAction::<CreateIntegration>::new();
    let revoke = ServerAction::<RevokeIntegration>::new();
    let list = Resource::new_blocking(
        move || (create.version().get(), revoke.version().get()),
        |_| list_integrations(),
    );
    let created = create.value();
    view! {
        <h1>{tr(Msg::IntegrationsTitle)}</h1>
        <p>{fill(tr(Msg::IntegrationsIntro), &[("url", "/api/v1/integrations/manufacturing-events")])}</p>
        {move || created.get().map(|r| match r {
            Ok(issued) => view! {
                <div class="feedback notice issued" role="status">
                    <p>{fill(tr(Msg::IntegrationSecret), &[("name", &issued.name)])}</p>
                    <p class="code" data-secret=issued.secret.clone()>{issued.secret.clone()}</p>
                </div>
            }.into_any(),
            Err(e) => view! { <p class="feedback error" role="alert">{
                if e.problem_with("name").is_some() { tr(Msg::ProblemNameTaken) } else { tr(e.message()) }
            }</p> }.into_any(),
        })}
        <section class="card">
            <ActionForm action=create attr:class="stack" attr:id="create-integration">
                <label for="integration-name">{tr(Msg::IntegrationNameLabel)}</label>
                <input id="integration-name" name="name" autocomplete="off"/>
                <button type="submit">{tr(Msg::CreateIntegration)}</button>
            </ActionForm>
        </section>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || list.get().map(|result| match result {
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                Ok(rows) => view! {
                    <ul class="list">
                        {rows.into_iter().map(|row| view! {
                            <li data-integration=row.id>
                                <span>{row.name.clone()}</span>
                                <span class="muted">{row.created_on.clone()}</span>
                                {if row.revoked {
                                    view! { <span class="badge">{tr(Msg::IntegrationRevoked)}</span> }.into_any()
                                } else {
                                    view! {
                                        <ActionForm action=revoke attr:class="inline">
                                            <input type="hidden" name="id" value=row.id/>
                                            <button type="submit" class="secondary">{tr(Msg::RevokeIntegration)}</button>
                                        </ActionForm>
                                    }.into_any()
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}
