//! `/admin/hospital-systems`: the origins red-flag webhooks may go to, the webhooks, and
//! where each delivery stands (state and the receiver's status, never the message).
use super::{
    forms::{ActionFeedback, Field},
    timeline_labels::{date_text, day_and_time},
};
use crate::{
    api::{
        accounts::list_centres,
        hospital::{
            hospital_systems, AddOrigin, CreateHospitalWebhook, DeliveryRow, DeliveryState, HospitalWebhookRow,
            OriginRow, RemoveOrigin, StopHospitalWebhook,
        },
    },
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn HospitalSystemsPage() -> impl IntoView {
    let add = ServerAction::<AddOrigin>::new();
    let remove = ServerAction::<RemoveOrigin>::new();
    let create = ServerAction::<CreateHospitalWebhook>::new();
    let stop = ServerAction::<StopHospitalWebhook>::new();
    let view_data = Resource::new_blocking(
        move || {
            (
                add.version().get(),
                remove.version().get(),
                create.version().get(),
                stop.version().get(),
            )
        },
        |_| hospital_systems(),
    );
    let created = create.value();
    view! {
        <h1>{tr(Msg::HospitalSystemsTitle)}</h1>
        <p>{tr(Msg::HospitalSystemsIntro)}</p>
        {move || created.get().and_then(|r| r.ok()).map(|issued| view! {
            <div class="feedback notice issued" role="status">
                <p>{fill(tr(Msg::IntegrationSecret), &[("name", &issued.name)])}</p>
                <p class="code" data-secret=issued.secret.clone()>{issued.secret.clone()}</p>
            </div>
        })}
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || view_data.get().map(|result| match result {
                Err(error) => view! { <p class="feedback error" role="alert">{tr(error.message())}</p> }.into_any(),
                Ok(systems) => view! {
                    <Origins rows=systems.origins add remove/>
                    <Webhooks rows=systems.webhooks create stop/>
                    <Deliveries rows=systems.deliveries/>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Origins(rows: Vec<OriginRow>, add: ServerAction<AddOrigin>, remove: ServerAction<RemoveOrigin>) -> impl IntoView {
    let outcome = add.value();
    let empty = rows.is_empty();
    view! {
        <section class="card">
            <h2>{tr(Msg::OriginsTitle)}</h2>
            {empty.then(|| view! { <p>{tr(Msg::OriginsNone)}</p> })}
            <ul class="list">
                {rows.into_iter().map(|row| {
                    let origin = row.origin.clone();
                    view! {
                    <li data-origin=origin>
                        <span class="code">{row.origin}</span>
                        <span class="muted">{date_text(&row.added_on)}</span>
                        <ActionForm action=remove attr:class="inline">
                            <input type="hidden" name="id" value=row.id/>
                            <button type="submit" class="secondary">{tr(Msg::OriginRemove)}</button>
                        </ActionForm>
                    </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=add attr:class="stack" attr:id="add-origin">
                <Field name="origin" key="origin" id="origin" label=Msg::OriginLabel kind="url" autocomplete="off" outcome/>
                <ActionFeedback outcome/>
                <button type="submit">{tr(Msg::OriginAdd)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Webhooks(
    rows: Vec<HospitalWebhookRow>,
    create: ServerAction<CreateHospitalWebhook>,
    stop: ServerAction<StopHospitalWebhook>,
) -> impl IntoView {
    let outcome = create.value();
    let centres = Resource::new_blocking(|| (), |_| list_centres());
    let empty = rows.is_empty();
    view! {
        <section class="card">
            <h2>{tr(Msg::HospitalWebhooksTitle)}</h2>
            {empty.then(|| view! { <p>{tr(Msg::HospitalWebhooksNone)}</p> })}
            <ul class="list">
                {rows.into_iter().map(|row| view! { <WebhookLine row stop/> }).collect_view()}
            </ul>
            <ActionForm action=create attr:class="stack" attr:id="create-hospital-webhook">
                <Field name="form[name]" key="name" id="hospital-webhook-name" label=Msg::IntegrationNameLabel
                    autocomplete="off" outcome/>
                <Field name="form[url]" key="url" id="hospital-webhook-url" label=Msg::HospitalWebhookUrlLabel
                    kind="url" autocomplete="off" outcome/>
                <label for="hospital-webhook-centre">{tr(Msg::IntegrationCentreLabel)}</label>
                <select id="hospital-webhook-centre" name="form[centre]">
                    <option value="">{tr(Msg::IntegrationEveryCentre)}</option>
                    <Suspense fallback=|| ()>
                        {move || centres.get().map(|list| list.unwrap_or_default().into_iter().map(|c| view! {
                            <option value=c.id.to_string()>{c.name}" ("{c.country}")"</option>
                        }).collect_view())}
                    </Suspense>
                </select>
                <ActionFeedback outcome/>
                <button type="submit">{tr(Msg::HospitalWebhookCreate)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn WebhookLine(row: HospitalWebhookRow, stop: ServerAction<StopHospitalWebhook>) -> impl IntoView {
    let centre = row
        .centre
        .clone()
        .unwrap_or_else(|| tr(Msg::IntegrationEveryCentre).to_string());
    view! {
        <li data-hospital-webhook=row.id>
            <span>{row.name.clone()}</span>
            <span class="code">{row.url.clone()}</span>
            <span class="muted">{centre}" · "{date_text(&row.created_on)}</span>
            {if row.stopped {
                view! { <span class="badge">{tr(Msg::HospitalWebhookStopped)}</span> }.into_any()
            } else {
                view! {
                    <ActionForm action=stop attr:class="inline">
                        <input type="hidden" name="id" value=row.id/>
                        <button type="submit" class="secondary">{tr(Msg::HospitalWebhookRevoke)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </li>
    }
}

fn state_text(row: &DeliveryRow) -> String {
    match row.state {
        DeliveryState::Pending => fill(tr(Msg::DeliveryPending), &[("time", &day_and_time(&row.next_at))]),
        DeliveryState::Sending => tr(Msg::DeliverySending).to_string(),
        DeliveryState::Sent => tr(Msg::DeliverySent).to_string(),
        DeliveryState::Failed => tr(Msg::DeliveryFailed).to_string(),
    }
}

#[component]
fn Deliveries(rows: Vec<DeliveryRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <section class="card"><h2>{tr(Msg::DeliveriesTitle)}</h2><p>{tr(Msg::DeliveriesNone)}</p></section>
        }
        .into_any();
    }
    view! {
        <section class="card">
            <h2>{tr(Msg::DeliveriesTitle)}</h2>
            <p>{tr(Msg::DeliveriesExplain)}</p>
            <div class="scroll" tabindex="0" role="region" aria-label=tr(Msg::DeliveriesTitle)>
                <table class="dense">
                    <thead><tr>
                        <th scope="col">{tr(Msg::ColumnWhen)}</th>
                        <th scope="col">{tr(Msg::ColumnWebhook)}</th>
                        <th scope="col">{tr(Msg::ColumnState)}</th>
                        <th scope="col">{tr(Msg::ColumnAttempts)}</th>
                        <th scope="col">{tr(Msg::ColumnAnswer)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let state = state_text(&row);
                            let answer = row.last_status.map_or_else(|| tr(Msg::DeliveryNoAnswer).to_string(), |s| s.to_string());
                            view! {
                                <tr data-delivery=row.id data-flag=row.flag_id>
                                    <td>{day_and_time(&row.queued_at)}</td>
                                    <td>{row.webhook}</td>
                                    <td>{state}</td>
                                    <td>{row.attempts}</td>
                                    <td>{answer}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
