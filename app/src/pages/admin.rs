//! The admin's home: accounts, staff and centres. Admins manage accounts; they read no
//! clinical data.
use super::{
    account_controls::AwaitingAccounts,
    forms::{issued_view, ActionFeedback, Field},
    home::role_label,
};
use crate::{
    api::{
        accounts::{list_centres, CreateCentre, CreateStaff, ReissueCode, SetAccountActive},
        push::RotatePushKey,
        AccountRow,
    },
    domain::role::Role,
    i18n::Msg,
    tr,
};
use leptos::prelude::*;

#[component]
pub fn AdminHome(accounts: Vec<AccountRow>, break_glass: Vec<(String, String)>) -> impl IntoView {
    let reissue = ServerAction::<ReissueCode>::new();
    let set_active = ServerAction::<SetAccountActive>::new();
    view! {
        <h1>{tr(Msg::AdminHomeTitle)}</h1>
        <BreakGlassNotice uses=break_glass/>
        <AdminPages/>
        <PushKeyCard/>
        <AwaitingAccounts/>
        {issued_view(reissue.value())}
        <ActionFeedback outcome=reissue.value()/>
        <ActionFeedback outcome=set_active.value()/>
        {move || matches!(set_active.value().get(), Some(Ok(()))).then(|| view! {
            <p class="feedback notice" role="status">{tr(Msg::Saved)}</p>
        })}
        // Focusable so keyboard users can scroll a wide table on a narrow screen.
        <div class="scroll" tabindex="0" role="region" aria-label=tr(Msg::AdminHomeTitle)>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColumnName)}</th>
                        <th scope="col">{tr(Msg::ColumnEmail)}</th>
                        <th scope="col">{tr(Msg::ColumnRole)}</th>
                        <th scope="col">{tr(Msg::ColumnCentre)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(Msg::NewCode)}</span></th>
                        <th scope="col"><span class="visually-hidden">{tr(Msg::Deactivate)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|account| view! {
                        <tr data-account-id=account.id>
                            <td>{account.name}</td>
                            <td>{account.email}</td>
                            <td>{role_label(account.role)}</td>
                            <td>
                                {account.centre.unwrap_or_default()}
                                {account.deactivated.then(|| view! { " ("{tr(Msg::StatusDeactivated)}")" })}
                                {account.awaiting.then(|| view! { " ("{tr(Msg::StatusAwaiting)}")" })}
                            </td>
                            <td>{account.role.is_staff().then(|| view! {
                                <ActionForm action=reissue attr:class="inline">
                                    <input type="hidden" name="user_id" value=account.id/>
                                    <button type="submit" class="secondary">{tr(Msg::NewCode)}</button>
                                </ActionForm>
                            })}</td>
                            <td>
                                <ActionForm action=set_active attr:class="inline">
                                    <input type="hidden" name="user_id" value=account.id/>
                                    <input type="hidden" name="active" value=if account.deactivated { "true" } else { "false" }/>
                                    <button type="submit" class="secondary">
                                        {if account.deactivated { tr(Msg::Reactivate) } else { tr(Msg::Deactivate) }}
                                    </button>
                                </ActionForm>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <AddStaff/>
        <AddCentre/>
        <super::centre_help::CentreHelpEditor/>
    }
}

#[component]
fn AddStaff() -> impl IntoView {
    let create = ServerAction::<CreateStaff>::new();
    let outcome = create.value();
    let centres = Resource::new(|| (), |_| list_centres());
    view! {
        <section class="card">
            <h2>{tr(Msg::AddStaffTitle)}</h2>
            {issued_view(outcome)}
            <ActionFeedback outcome/>
            <ActionForm action=create attr:class="stack">
                <label for="staff-role">{tr(Msg::RoleLabel)}</label>
                <select id="staff-role" name="role">
                    {[Role::Nurse, Role::Researcher, Role::Admin].into_iter()
                        .map(|r| view! { <option value=r.as_str()>{role_label(r)}</option> }).collect_view()}
                </select>
                <label for="staff-centre">{tr(Msg::CentreLabel)}</label>
                <select id="staff-centre" name="centre_id">
                    <option value="">{tr(Msg::NoCentre)}</option>
                    <Suspense fallback=|| ()>
                        {move || centres.get().and_then(Result::ok).map(|rows| rows.into_iter().map(|c| view! {
                            <option value=c.id>{c.name}" ("{c.country}")"</option>
                        }).collect_view())}
                    </Suspense>
                </select>
                <Field name="form[name]" key="name" id="staff-name" label=Msg::NameLabel outcome/>
                <Field name="form[email]" key="email" id="staff-email" label=Msg::EmailLabel kind="email" outcome/>
                <button type="submit">{tr(Msg::AddStaff)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AddCentre() -> impl IntoView {
    let create = ServerAction::<CreateCentre>::new();
    let outcome = create.value();
    view! {
        <section class="card">
            <h2>{tr(Msg::AddCentreTitle)}</h2>
            {move || matches!(outcome.get(), Some(Ok(_))).then(|| view! { <p class="feedback notice" role="status">{tr(Msg::Saved)}</p> })}
            <ActionFeedback outcome/>
            <ActionForm action=create attr:class="stack">
                <Field name="form[name]" key="name" id="centre-name" label=Msg::NameLabel outcome/>
                <Field name="form[country]" key="country" id="centre-country" label=Msg::CountryLabel outcome/>
                <Field name="form[time_zone]" key="time_zone" id="centre-tz" label=Msg::TimeZoneLabel outcome/>
                <Field name="form[hotline]" key="hotline" id="centre-hotline" label=Msg::HotlineLabel kind="tel" outcome/>
                <button type="submit">{tr(Msg::AddCentre)}</button>
            </ActionForm>
        </section>
    }
}

/// Rotating the VAPID key: the new one signs from now on; devices move to it on their next
/// visit (push.js sees the key changed), old subscriptions keep their own until then.
#[component]
fn PushKeyCard() -> impl IntoView {
    let rotate = ServerAction::<RotatePushKey>::new();
    view! {
        <section class="card">
            <h2>{tr(Msg::PushKeyTitle)}</h2>
            <p>{tr(Msg::PushKeyExplain)}</p>
            <button type="button" on:click=move |_| { rotate.dispatch(RotatePushKey {}); }>
                {tr(Msg::PushKeyRotate)}
            </button>
            {move || rotate.value().get().and_then(|r| r.ok()).map(|key| view! {
                <p role="status">{tr(Msg::PushKeyRotated)}" "<code class="wrap">{key}</code></p>
            })}
            <ActionFeedback outcome=rotate.value()/>
        </section>
    }
}

/// Every admin sees each break-glass sign-in of the last 30 days (an admin account used
/// without the hospital's provider), so that none goes unnoticed.
#[component]
fn BreakGlassNotice(uses: Vec<(String, String)>) -> impl IntoView {
    (!uses.is_empty()).then(|| {
        view! {
            <section class="card feedback error" id="break-glass" role="alert">
                <h2>{tr(Msg::BreakGlassTitle)}</h2>
                <p>{tr(Msg::BreakGlassExplain)}</p>
                <ul>
                    {uses.into_iter().map(|(when, who)| view! { <li>{when}" — "{who}</li> }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// The admins' other pages.
#[component]
fn AdminPages() -> impl IntoView {
    view! {
        <p><a href="/admin/audit">{tr(Msg::AuditTitle)}</a></p>
        <p><a href="/admin/journeys">{tr(Msg::JourneysTitle)}</a></p>
        <p><a href="/admin/integrations">{tr(Msg::IntegrationsTitle)}</a></p>
        <p><a href="/admin/hospital-systems">{tr(Msg::HospitalSystemsTitle)}</a></p>
        <p><a href="/admin/questionnaires">{tr(Msg::QuestionnairesTitle)}</a></p>
        <p><a href="/admin/instruments">{tr(Msg::InstrumentsTitle)}</a></p>
        <p><a href="/admin/research-projects">{tr(Msg::ResearchProjectsTitle)}</a></p>
    }
}
