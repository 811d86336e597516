use crate::{
    api::{get_home, AccountRow, CentreContact, HomeView, PatientSummary},
    domain::role::Role,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let view_data = Resource::new_blocking(|| (), |_| get_home());
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || view_data.get().map(|result| match result {
                Ok(HomeView::Patient { centre }) => view! {
                    <h1>{tr(Msg::PatientHomeTitle)}</h1>
                    <Hotline centre/>
                    <section class="card"><p>{tr(Msg::TimelinePlaceholder)}</p></section>
                }.into_any(),
                Ok(HomeView::Caregiver { patients }) => patients.into_iter().map(|(name, centre)| view! {
                    <h1>{fill(tr(Msg::CaregiverHomeTitle), &[("name", &name)])}</h1>
                    <Hotline centre/>
                }).collect_view().into_any(),
                Ok(HomeView::Nurse { centre, patients }) => view! {
                    <h1>{fill(tr(Msg::NurseHomeTitle), &[("centre", &centre)])}</h1>
                    <PatientList patients/>
                }.into_any(),
                Ok(HomeView::Researcher) => view! {
                    <h1>{tr(Msg::ResearcherHomeTitle)}</h1>
                    <section class="card"><p>{tr(Msg::ExportPlaceholder)}</p></section>
                }.into_any(),
                Ok(HomeView::Admin { accounts }) => view! {
                    <h1>{tr(Msg::AdminHomeTitle)}</h1>
                    <AccountList accounts/>
                }.into_any(),
                Err(error) => view! {
                    <p class="feedback error" role="alert">{tr(error.message())}</p>
                    <p><a href="/login">{tr(Msg::SignInTitle)}</a></p>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// The centre's 24/7 number, always one tap away on a patient's or caregiver's screen.
#[component]
fn Hotline(centre: CentreContact) -> impl IntoView {
    let tel = format!("tel:{}", centre.hotline.replace([' ', '(', ')', '-'], ""));
    view! {
        <aside class="hotline" aria-label=fill(tr(Msg::CallCentre), &[("centre", &centre.name)])>
            <a class="call" href=tel>
                <span>{fill(tr(Msg::CallCentre), &[("centre", &centre.name)])}</span>
                <strong>{centre.hotline.clone()}</strong>
            </a>
            <p>{tr(Msg::CallCentreWhen)}</p>
        </aside>
    }
}

#[component]
fn PatientList(patients: Vec<PatientSummary>) -> impl IntoView {
    if patients.is_empty() {
        return view! { <p>{tr(Msg::NoPatients)}</p> }.into_any();
    }
    view! {
        <ul class="list">
            {patients.into_iter().map(|patient| view! {
                <li data-patient-id=patient.id>
                    <span>{patient.name}</span>
                    <span class="muted">{patient.enrolled_on}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

pub fn role_label(role: Role) -> &'static str {
    tr(match role {
        Role::Patient => Msg::RolePatient,
        Role::Caregiver => Msg::RoleCaregiver,
        Role::Nurse => Msg::RoleNurse,
        Role::Researcher => Msg::RoleResearcher,
        Role::Admin => Msg::RoleAdmin,
    })
}

#[component]
fn AccountList(accounts: Vec<AccountRow>) -> impl IntoView {
    view! {
        // Focusable so keyboard users can scroll a wide table on a narrow screen.
        <div class="scroll" tabindex="0" role="region" aria-label=tr(Msg::AdminHomeTitle)>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColumnName)}</th>
                        <th scope="col">{tr(Msg::ColumnEmail)}</th>
                        <th scope="col">{tr(Msg::ColumnRole)}</th>
                        <th scope="col">{tr(Msg::ColumnCentre)}</th>
                    </tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|account| view! {
                        <tr>
                            <td>{account.name}</td>
                            <td>{account.email}</td>
                            <td>{role_label(account.role)}</td>
                            <td>{account.centre.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
