use super::{
    admin::AdminHome, caregivers::CaregiversSummary, checkin_list::DueCheckins, nurse::NurseHome, research::ExportPage,
    timeline::TimelinePanel,
};
use crate::{
    api::{get_home, CentreContact, HomeView},
    domain::role::Role,
    i18n::{fill, Msg},
    tr,
};
use leptos::prelude::*;

/// The home of patients and caregivers (the home group's chunk). Served without the wasm
/// (`routes::serves_without_wasm`): links and the hotline only, no form of its own.
#[component]
pub fn HomePage() -> impl IntoView {
    home_with(patient_home)
}

/// The home of nurses, researchers and admins, in the staff group's chunk: a patient's phone
/// does not download the staff's homes (see `routes::HomeRoute`).
#[component]
pub fn StaffHomePage() -> impl IntoView {
    let nurse = use_context::<crate::api::SiteInfo>()
        .and_then(|info| info.viewer)
        .is_some_and(|viewer| viewer.role == crate::domain::role::Role::Nurse);
    if nurse {
        super::desk_board::provide_board();
    }
    home_with(staff_home)
}

/// The home's data, drawn by `render`. A function pointer rather than a generic, so that each
/// chunk holds only the homes it draws.
fn home_with(render: fn(HomeView) -> AnyView) -> impl IntoView {
    let view_data = Resource::new_blocking(|| (), |_| get_home());
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || view_data.get().map(|result| match result {
                Ok(home) => render(home),
                Err(error) => view! {
                    <p class="feedback error" role="alert">{tr(error.message())}</p>
                    <p><a href="/login">{tr(Msg::SignInTitle)}</a></p>
                }.into_any(),
            })}
        </Suspense>
    }
}

fn patient_home(home: HomeView) -> AnyView {
    match home {
        // #hotline and #checkins: where the installed app's shortcuts open.
        HomeView::Patient {
            patient_id,
            timeline,
            caregivers,
            checkins,
        } => view! {
            <div id="hotline"><TimelinePanel view=*timeline own=true/></div>
            <div id="checkins"><DueCheckins patient_id items=checkins/></div>
            <p class="buttons">
                <a class="button" href="/results">{tr(Msg::ResultsTitle)}</a>
                <a class="button" href=format!("/patients/{patient_id}#questions")>{tr(Msg::QuestionsTitle)}</a>
                <a class="button" href=format!("/patients/{patient_id}#messages")>{tr(Msg::MessagesTitle)}</a>
                <a class="button" href=format!("/patients/{patient_id}#help")>{tr(Msg::HelpTitle)}</a>
            </p>
            <CaregiversSummary patient_id caregivers/>
        }
        .into_any(),
        HomeView::Caregiver { patients } => patients
            .into_iter()
            .enumerate()
            .map(|(i, (id, name, centre, due))| {
                view! {
                    <h1>{fill(tr(Msg::CaregiverHomeTitle), &[("name", &name)])}</h1>
                    <div id=(i == 0).then_some("hotline")><Hotline centre/></div>
                    <p class="buttons">
                        <a class="button" href=format!("/patients/{id}")>{tr(Msg::JourneyTitle)}</a>
                        <a class="button" href=format!("/patients/{id}#questions")>{tr(Msg::QuestionsTitle)}</a>
                        <a class="button" href=format!("/patients/{id}#messages")>{tr(Msg::MessagesTitle)}</a>
                        <a class="button" href=format!("/patients/{id}#help")>{tr(Msg::HelpTitle)}</a>
                    </p>
                    <div id=(i == 0).then_some("checkins")><DueCheckins patient_id=id items=due/></div>
                }
            })
            .collect_view()
            .into_any(),
        // A staff member's home comes with `StaffHomePage`; the route chooses by role.
        _ => ().into_any(),
    }
}

fn staff_home(home: HomeView) -> AnyView {
    match home {
        HomeView::Nurse { centre } => view! { <NurseHome centre/> }.into_any(),
        HomeView::Researcher => view! { <ExportPage/> }.into_any(),
        HomeView::Admin { accounts, break_glass } => view! { <AdminHome accounts break_glass/> }.into_any(),
        _ => ().into_any(),
    }
}

/// The centre's 24/7 number, always one tap away on a patient's or caregiver's screen.
#[component]
pub fn Hotline(centre: CentreContact) -> impl IntoView {
    let tel = super::tel_href(&centre.hotline);
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

pub fn role_label(role: Role) -> &'static str {
    tr(match role {
        Role::Patient => Msg::RolePatient,
        Role::Caregiver => Msg::RoleCaregiver,
        Role::Nurse => Msg::RoleNurse,
        Role::Researcher => Msg::RoleResearcher,
        Role::Admin => Msg::RoleAdmin,
    })
}
