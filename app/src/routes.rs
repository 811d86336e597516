//! Pages that not every visitor opens are loaded on demand (`cargo leptos --split`): the
//! sign-in page does not download the check-in engine, the nurse's queue or the admin forms.
//! The server renders every page as before, and names the chunks a page needs in its head so
//! that the browser fetches them beside the main wasm.
//!
//! Pages are grouped, one chunk per group, rather than one chunk per page: the splitter
//! puts code shared by several split points in a chunk of its own for each combination, and
//! with a chunk per page the patient's home needed 115 files. Over HTTP/1.1 on a slow phone
//! network the round trips cost more than the bytes saved (see BENCHMARKS.md).
use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::{domain::role::Role, pages};

/// Pages that are plain HTML forms posted to the server: they are served without the
/// hydration scripts, so a phone on a slow network signs in without downloading the wasm.
/// Their links and forms work as plain HTML; the scripts of `public/` still run.
pub const WITHOUT_WASM: &[&str] = &["/login", "/login/second-step", "/invitation"];

/// Whether the page at `path` is served without the wasm, for a viewer of this role (none:
/// nobody signed in). Besides the plain forms, the home of patients and caregivers (their
/// plan, the hotline and links, opened first and most often; a staff member's home is
/// interactive and keeps the wasm), and the check-ins. Reached by a link inside the app, the home is drawn by the
/// router as any page.
pub fn serves_without_wasm(path: &str, viewer: Option<Role>) -> bool {
    WITHOUT_WASM.contains(&path) || path == "/" && !viewer.is_some_and(Role::is_staff) || is_checkin(path)
}

/// A check-in (`/checkins/:name`): its form runs on a small engine of its own, which works
/// out from the domain's code which items show, what is wrong and what to do now
/// (`public/checkin-form.js`, `checkin-engine/`).
pub fn is_checkin(path: &str) -> bool {
    path.strip_prefix("/checkins/")
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// The home page of patients and caregivers, the reminders inbox and settings, and the
/// patient's alert card: what a patient sees most.
#[derive(Clone, Copy)]
enum HomePage {
    Home,
    AlertCard,
    Inbox,
    Settings,
    Caregivers,
    Results,
}

#[lazy]
fn home_pages(page: HomePage) -> AnyView {
    match page {
        HomePage::Home => pages::home::HomePage().into_any(),
        HomePage::AlertCard => pages::alert_card::AlertCardPage().into_any(),
        HomePage::Inbox => pages::inbox::InboxPage().into_any(),
        HomePage::Settings => pages::settings::SettingsPage().into_any(),
        HomePage::Caregivers => pages::caregivers::CaregiversPage().into_any(),
        HomePage::Results => pages::my_results::MyResultsPage().into_any(),
    }
}

/// The check-in form and its engine (questionnaires, checks, triage).
#[lazy]
fn checkin_page() -> AnyView {
    pages::checkin::CheckinPage().into_any()
}

/// The page a phone without signal shows (`/offline`): its own chunk, which the service
/// worker keeps, and which patients' other pages do not download.
#[lazy]
fn offline_page() -> AnyView {
    pages::offline::OfflinePage().into_any()
}

/// Pages only staff open: their home, a patient's record, the flag queue and the admin pages.
#[derive(Clone, Copy)]
enum StaffPage {
    Home,
    Patient,
    Flags,
    Audit,
    Journeys,
    Integrations,
    HospitalSystems,
    Questionnaires,
    Instruments,
    ResearchProjects,
    Turnaround,
    Handover,
}

#[lazy]
fn staff_pages(page: StaffPage) -> AnyView {
    match page {
        StaffPage::Home => pages::home::StaffHomePage().into_any(),
        StaffPage::Patient => pages::patient::PatientPage().into_any(),
        StaffPage::Flags => pages::flags::FlagsPage().into_any(),
        StaffPage::Audit => pages::audit::AuditPage().into_any(),
        StaffPage::Journeys => pages::journeys::JourneysPage().into_any(),
        StaffPage::Integrations => pages::integrations::IntegrationsPage().into_any(),
        StaffPage::HospitalSystems => pages::hospital_systems::HospitalSystemsPage().into_any(),
        StaffPage::Questionnaires => pages::questionnaires::QuestionnairesPage().into_any(),
        StaffPage::Instruments => pages::instruments::InstrumentsPage().into_any(),
        StaffPage::ResearchProjects => pages::research_projects::ResearchProjectsPage().into_any(),
        StaffPage::Turnaround => pages::turnaround::TurnaroundPage().into_any(),
        StaffPage::Handover => pages::handover::HandoverPage().into_any(),
    }
}

/// A route whose view comes from a lazily loaded group; it has no route data of its own
/// (each page loads its data itself).
///
/// `preload` fetches the group's chunk; the router awaits it before hydrating the page, so
/// that the view is ready when hydration walks the server's HTML.
macro_rules! lazy_route {
    ($route:ident => $preload:ident, $view:expr) => {
        #[derive(Clone, Copy)]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> impl std::future::Future<Output = AnyView> {
                $view
            }

            async fn preload() {
                // The server renders every group in place; only the browser loads chunks.
                #[cfg(target_arch = "wasm32")]
                $preload().await;
            }
        }
    };
}

lazy_route!(AlertCardRoute => __preload_home_pages, home_pages(HomePage::AlertCard));
lazy_route!(InboxRoute => __preload_home_pages, home_pages(HomePage::Inbox));
lazy_route!(SettingsRoute => __preload_home_pages, home_pages(HomePage::Settings));
lazy_route!(ResultsRoute => __preload_home_pages, home_pages(HomePage::Results));
lazy_route!(CaregiversRoute => __preload_home_pages, home_pages(HomePage::Caregivers));
lazy_route!(CheckinRoute => __preload_checkin_page, checkin_page());
lazy_route!(OfflineRoute => __preload_offline_page, offline_page());
lazy_route!(PatientRoute => __preload_staff_pages, staff_pages(StaffPage::Patient));
lazy_route!(FlagsRoute => __preload_staff_pages, staff_pages(StaffPage::Flags));
lazy_route!(AuditRoute => __preload_staff_pages, staff_pages(StaffPage::Audit));
lazy_route!(JourneysRoute => __preload_staff_pages, staff_pages(StaffPage::Journeys));
lazy_route!(IntegrationsRoute => __preload_staff_pages, staff_pages(StaffPage::Integrations));
lazy_route!(HospitalSystemsRoute => __preload_staff_pages, staff_pages(StaffPage::HospitalSystems));
lazy_route!(QuestionnairesRoute => __preload_staff_pages, staff_pages(StaffPage::Questionnaires));
lazy_route!(InstrumentsRoute => __preload_staff_pages, staff_pages(StaffPage::Instruments));
lazy_route!(ResearchProjectsRoute => __preload_staff_pages, staff_pages(StaffPage::ResearchProjects));
lazy_route!(TurnaroundRoute => __preload_staff_pages, staff_pages(StaffPage::Turnaround));
lazy_route!(HandoverRoute => __preload_staff_pages, staff_pages(StaffPage::Handover));

/// `/`: the patient's or caregiver's home from the home group, a staff member's from the staff
/// group, chosen by the role of whoever is signed in (known from the page before any data).
#[derive(Clone, Copy)]
pub struct HomeRoute {
    staff: bool,
}

fn viewer_is_staff() -> bool {
    use_context::<crate::api::SiteInfo>()
        .and_then(|info| info.viewer)
        .is_some_and(|viewer| viewer.role.is_staff())
}

impl LazyRoute for HomeRoute {
    fn data() -> Self {
        HomeRoute {
            staff: viewer_is_staff(),
        }
    }

    async fn view(this: Self) -> AnyView {
        if this.staff {
            staff_pages(StaffPage::Home).await
        } else {
            home_pages(HomePage::Home).await
        }
    }

    async fn preload() {
        // Runs in the router's owner, where the site info is provided.
        #[cfg(target_arch = "wasm32")]
        if viewer_is_staff() {
            __preload_staff_pages().await
        } else {
            __preload_home_pages().await
        }
    }
}
