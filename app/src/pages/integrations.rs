//! `/admin/integrations`: who may send manufacturing events, and about what. Each
//! integration reports on the products ticked here, and on one centre if one is chosen.
use super::forms::{ActionFeedback, Field};
use crate::{
    api::{
        accounts::list_centres,
        journeys::{journeys_catalogue, list_integrations, CreateIntegration, IntegrationView, RevokeIntegration},
    },
    feedback::problem_msg,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

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
        {move || created.get().and_then(|r| r.ok()).map(|issued| view! {
            <div class="feedback notice issued" role="status">
                <p>{fill(tr(Msg::IntegrationSecret), &[("name", &issued.name)])}</p>
                <p class="code" data-secret=issued.secret.clone()>{issued.secret.clone()}</p>
            </div>
        })}
        <CreateIntegrationForm create/>
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || list.get().map(|result| match result {
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                Ok(rows) => view! {
                    <ul class="list">
                        {rows.into_iter().map(|row| view! { <IntegrationLine row revoke/> }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CreateIntegrationForm(create: ServerAction<CreateIntegration>) -> impl IntoView {
    let outcome = create.value();
    let choices = Resource::new_blocking(|| (), |_| async { (journeys_catalogue().await, list_centres().await) });
    let problem_with = move |key: &'static str| {
        outcome.with(|o| {
            o.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.problem_with(key))
        })
    };
    // The error under a field, and the link to it (only while there is one).
    let problem = move |key: &'static str| {
        move || {
            problem_with(key).map(
                |p| view! { <p id=format!("integration-{key}-error") class="field-error">{tr(problem_msg(p))}</p> },
            )
        }
    };
    let described = move |key: &'static str| move || problem_with(key).map(|_| format!("integration-{key}-error"));
    view! {
        <section class="card">
            <ActionForm action=create attr:class="stack" attr:id="create-integration">
                <Field name="form[name]" key="name" id="integration-name" label=Msg::IntegrationNameLabel
                    autocomplete="off" outcome/>
                <Suspense fallback=|| ()>
                    {move || choices.get().map(|(catalogue, centres)| view! {
                        <fieldset aria-describedby=described("products")>
                            <legend>{tr(Msg::IntegrationProductsLegend)}</legend>
                            {catalogue.map(|c| c.products).unwrap_or_default().into_iter().enumerate().map(|(i, (id, name, _))| {
                                let input_id = format!("integration-product-{id}");
                                let label_for = input_id.clone();
                                view! {
                                    <label class="check" for=label_for>
                                        <input type="checkbox" id=input_id name=format!("form[products][{i}]") value=id/>
                                        {name}
                                    </label>
                                }
                            }).collect_view()}
                            {problem("products")}
                        </fieldset>
                        <label for="integration-centre">{tr(Msg::IntegrationCentreLabel)}</label>
                        <select id="integration-centre" name="form[centre]" aria-describedby=described("centre")
                            aria-invalid=move || problem_with("centre").map(|_| "true")>
                            <option value="">{tr(Msg::IntegrationEveryCentre)}</option>
                            {centres.unwrap_or_default().into_iter().map(|c| view! {
                                <option value=c.id.to_string()>{c.name}" ("{c.country}")"</option>
                            }).collect_view()}
                        </select>
                        {problem("centre")}
                    })}
                </Suspense>
                <ActionFeedback outcome/>
                <button type="submit">{tr(Msg::CreateIntegration)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn IntegrationLine(row: IntegrationView, revoke: ServerAction<RevokeIntegration>) -> impl IntoView {
    let scope = fill(
        tr(Msg::IntegrationScope),
        &[
            ("products", &row.products.join(", ")),
            (
                "centre",
                row.centre.as_deref().unwrap_or(tr(Msg::IntegrationEveryCentre)),
            ),
        ],
    );
    view! {
        <li data-integration=row.id>
            <span>{row.name.clone()}</span>
            <span class="muted">{super::timeline_labels::date_text(&row.created_on)}</span>
            <span class="muted">{scope}</span>
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
    }
}
