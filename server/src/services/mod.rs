//! The server's side of `app::backend::Backend`: what pages and server functions may
//! see, authorised and audit-logged here, on the server.
mod account_controls;
mod accounts;
pub mod audit_chain;
pub mod audit_export;
pub mod audit_seals;
pub mod calendar_feeds;
mod checkin_review;
mod checkin_windows;
pub mod checkins;
pub mod desk_board;
pub(crate) mod desk_jobs;
pub mod fhir_client_assertion;
pub mod fhir_records;
pub mod fhir_tokens;
mod flags;
mod handover;
mod home;
mod hospital_number;
mod hospital_systems;
pub(crate) mod inbox;
mod instrument_changes;
mod instrument_view;
pub mod instruments;
mod integrations;
mod journey_catalogue;
pub mod manufacturing_events;
pub mod my_data;
pub mod my_data_summary;
mod my_results;
mod nurses_desk;
mod offline_plan;
mod own_story;
mod practical_help;
pub mod push;
pub mod questionnaires;
pub mod reminders;
pub mod research;
mod research_consent;
mod research_projects;
mod second_factor;
pub mod silence_watch;
mod storage_errors;
mod summary_pdf;
mod team_messages;
mod timeline;
pub mod timeline_change;
pub mod timeline_views;
mod turnaround;
mod visit_questions;

use crate::storage::{self, audit, Db};
use app::{
    api::{
        accounts::{AuditFilter, AuditRow, CaregiverRow, CentreRow, IssuedCode},
        checkins::{CheckinForm, PatientCheckins, Submission, SubmissionResult},
        flags::{FlagQueue, QueueQuery},
        journeys::{CatalogueView, IntegrationForm, IntegrationView, IssuedSecret},
        timeline::{BoardRow, ChangeForm, ChangePreview, ChangeView, TimelineView, TreatmentForm},
        HomeView, SiteInfo, ViewerSummary,
    },
    backend::{Backend, RequestContext, RequestFacts},
    domain::enrolment::{CentreForm, EnrolmentForm, PersonForm},
    domain::{
        access::{may_manage_patients_of, may_read_patient, PatientRecord},
        role::Role,
    },
    error::AppError,
};

pub struct Services {
    pub db: Db,
    pub demo: bool,
    pub passkeys: bool, // offered: the public address can be their relying party
    pub sso: bool,      // staff may sign in through the hospital's OpenID provider
    pub catalogue: std::sync::Arc<app::domain::timeline::Catalogue>,
    /// The check-in schedule, triage rules and reminders in force (`instruments.rs`).
    pub instruments: std::sync::Arc<instruments::Instruments>,
    pub push: std::sync::Arc<push::PushKeys>,
    /// This instance's Prometheus metrics (the dispatcher counts push outcomes).
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
    /// Minutes after which an unacknowledged urgent flag is overdue.
    pub escalation_minutes: i64,
    /// What time it is for the dispatcher and the inbox (moved by tests).
    pub clock: std::sync::Arc<dyn crate::clock::Clock>,
    /// Seals secrets kept in the database (`secrets.rs`).
    pub secrets: std::sync::Arc<crate::secrets::Sealer>,
    /// Which push endpoints may be registered and sent to (`push/endpoint_policy.rs`).
    pub push_endpoints: std::sync::Arc<crate::push::endpoint_policy::EndpointPolicy>,
    /// Wakes the dispatcher at once (an urgent alert was just written).
    pub dispatch_wake: std::sync::Arc<tokio::sync::Notify>,
    /// How researcher exports are anonymised and how long they last.
    pub research: crate::export::Settings,
    /// The address people reach the app at, without a trailing slash (for feed addresses).
    pub public_url: String,
    /// Tests only: origins a hospital webhook may use over plain http.
    pub plain_http_origins: Vec<String>,
}

/// The audit entry for this request, by its viewer, from its address; `.about(id)` adds whose record.
pub(crate) fn audit_entry<'a>(request: &'a RequestContext, action: &'a str) -> audit::Entry<'a> {
    audit::Entry::new(action, &request.facts.client_addr).by(request.facts.viewer.as_ref().map(|v| &v.actor))
}

#[async_trait::async_trait]
impl Backend for Services {
    fn site_info(&self, facts: &RequestFacts) -> SiteInfo {
        let viewer = facts.viewer.as_ref();
        SiteInfo {
            demo: self.demo,
            passkeys: self.passkeys,
            sso: self.sso,
            locale: viewer.map(|v| v.locale).or(facts.accept_language).unwrap_or_default(),
            viewer: viewer.map(|v| ViewerSummary {
                display_name: v.display_name.clone(),
                account: v.actor.user_id,
                role: v.actor.role,
            }),
        }
    }
    async fn home(&self, request: &RequestContext) -> Result<HomeView, AppError> {
        home::home(self, request).await
    }
    async fn enrol_patient(&self, request: &RequestContext, form: EnrolmentForm) -> Result<IssuedCode, AppError> {
        accounts::enrol_patient(self, request, form).await
    }
    async fn invite_caregiver(
        &self,
        request: &RequestContext,
        patient_id: i64,
        form: PersonForm,
    ) -> Result<IssuedCode, AppError> {
        accounts::invite_caregiver(self, request, patient_id, form).await
    }
    async fn caregivers_of(&self, request: &RequestContext, patient_id: i64) -> Result<Vec<CaregiverRow>, AppError> {
        accounts::caregivers_of(self, request, patient_id).await
    }
    async fn revoke_caregiver(
        &self,
        request: &RequestContext,
        patient_id: i64,
        caregiver_id: i64,
    ) -> Result<(), AppError> {
        accounts::revoke_caregiver(self, request, patient_id, caregiver_id).await
    }
    async fn cancel_caregiver_invitation(
        &self,
        request: &RequestContext,
        patient_id: i64,
        invitation_id: i64,
    ) -> Result<(), AppError> {
        accounts::cancel_caregiver_invitation(self, request, patient_id, invitation_id).await
    }
    async fn reissue_code(&self, request: &RequestContext, user_id: i64) -> Result<IssuedCode, AppError> {
        accounts::reissue_code(self, request, user_id).await
    }
    async fn awaiting_accounts(
        &self,
        request: &RequestContext,
    ) -> Result<Vec<app::api::accounts::AwaitingRow>, AppError> {
        account_controls::awaiting(self, request).await
    }
    async fn confirm_account(&self, request: &RequestContext, user_id: i64) -> Result<(), AppError> {
        account_controls::confirm(self, request, user_id).await
    }
    async fn set_account_active(&self, request: &RequestContext, user_id: i64, active: bool) -> Result<(), AppError> {
        account_controls::set_active(self, request, user_id, active).await
    }

    async fn create_staff(
        &self,
        request: &RequestContext,
        role: String,
        centre_id: Option<i64>,
        form: PersonForm,
    ) -> Result<IssuedCode, AppError> {
        accounts::create_staff(self, request, role, centre_id, form).await
    }

    async fn create_centre(&self, request: &RequestContext, form: CentreForm) -> Result<i64, AppError> {
        accounts::create_centre(self, request, form).await
    }

    async fn list_centres(&self, request: &RequestContext) -> Result<Vec<CentreRow>, AppError> {
        accounts::list_centres(self, request).await
    }
    async fn read_audit_log(&self, request: &RequestContext, filter: AuditFilter) -> Result<Vec<AuditRow>, AppError> {
        accounts::read_audit_log(self, request, filter).await
    }
    async fn time_zone(&self, request: &RequestContext, set: Option<String>) -> Result<String, AppError> {
        accounts::time_zone(self, request, set).await
    }
    async fn set_language(&self, request: &RequestContext, locale: String) -> Result<(), AppError> {
        accounts::set_language(self, request, &locale).await
    }
    async fn read_timeline(&self, request: &RequestContext, patient_id: i64) -> Result<TimelineView, AppError> {
        timeline::read(self, request, patient_id).await
    }

    async fn nurse_board(&self, request: &RequestContext) -> Result<Vec<BoardRow>, AppError> {
        timeline::board(self, request).await
    }

    async fn start_treatment(
        &self,
        request: &RequestContext,
        patient_id: i64,
        form: TreatmentForm,
    ) -> Result<(), AppError> {
        timeline::start(self, request, patient_id, form).await
    }

    async fn change_timeline(
        &self,
        request: &RequestContext,
        patient_id: i64,
        form: ChangeForm,
        commit: bool,
    ) -> Result<ChangePreview, AppError> {
        timeline::change(self, request, patient_id, form, commit).await
    }

    async fn timeline_history(&self, request: &RequestContext, patient_id: i64) -> Result<Vec<ChangeView>, AppError> {
        timeline::history(self, request, patient_id).await
    }

    async fn close_treatment(
        &self,
        request: &RequestContext,
        patient_id: i64,
        status: String,
        reason: String,
    ) -> Result<(), AppError> {
        timeline::close(self, request, patient_id, status, reason).await
    }

    async fn journeys_catalogue(&self, request: &RequestContext) -> Result<CatalogueView, AppError> {
        journey_catalogue::catalogue(self, request)
    }

    async fn list_integrations(&self, request: &RequestContext) -> Result<Vec<IntegrationView>, AppError> {
        integrations::list(self, request).await
    }

    async fn submit_checkin(
        &self,
        request: &RequestContext,
        submission: Submission,
    ) -> Result<SubmissionResult, AppError> {
        checkins::submit(self, request, submission).await
    }

    async fn checkin_form(
        &self,
        request: &RequestContext,
        name: String,
        patient_id: i64,
        about_myself: bool,
    ) -> Result<CheckinForm, AppError> {
        checkins::form(self, request, name, patient_id, about_myself).await
    }

    async fn flag_queue(&self, request: &RequestContext, query: QueueQuery) -> Result<FlagQueue, AppError> {
        flags::queue(self, request, query).await
    }

    async fn flags_fingerprint(&self, request: &RequestContext) -> Result<String, AppError> {
        flags::fingerprint(self, request).await
    }

    async fn patient_checkins(&self, request: &RequestContext, patient_id: i64) -> Result<PatientCheckins, AppError> {
        checkin_review::for_patient(self, request, patient_id).await
    }

    async fn acknowledge_flag(&self, request: &RequestContext, id: i64) -> Result<(), AppError> {
        flags::acknowledge(self, request, id).await
    }

    async fn resolve_flag(&self, request: &RequestContext, id: i64, note: String) -> Result<(), AppError> {
        flags::resolve(self, request, id, note).await
    }

    async fn create_integration(
        &self,
        request: &RequestContext,
        form: IntegrationForm,
    ) -> Result<IssuedSecret, AppError> {
        integrations::create(self, request, form).await
    }

    async fn revoke_integration(&self, request: &RequestContext, id: i64) -> Result<(), AppError> {
        integrations::revoke(self, request, id).await
    }
    async fn research_options(
        &self,
        request: &RequestContext,
    ) -> Result<app::api::research::ResearchOptions, AppError> {
        research::options(self, request).await
    }
    async fn create_export(
        &self,
        request: &RequestContext,
        form: app::domain::research::ExportForm,
    ) -> Result<app::api::research::ExportCreated, AppError> {
        research::create(self, request, form).await
    }
    async fn export_progress(
        &self,
        request: &RequestContext,
        token: String,
    ) -> Result<app::api::research::ExportProgress, AppError> {
        research::progress(self, request, token).await
    }
    async fn approve_research_project(
        &self,
        request: &RequestContext,
        form: app::domain::research::project::ProjectForm,
    ) -> Result<app::api::research::ProjectView, AppError> {
        research_projects::approve(self, request, form).await
    }
    async fn project_options(&self, request: &RequestContext) -> Result<app::api::research::ProjectChoices, AppError> {
        research_projects::options(self, request).await
    }
    async fn research_projects(
        &self,
        request: &RequestContext,
    ) -> Result<Vec<app::api::research::ProjectView>, AppError> {
        research_projects::list(self, request).await
    }
    async fn research_consent(
        &self,
        request: &RequestContext,
        patient_id: Option<i64>,
    ) -> Result<app::api::research::ConsentView, AppError> {
        research_consent::read(self, request, patient_id).await
    }
    async fn set_research_consent(
        &self,
        request: &RequestContext,
        patient_id: Option<i64>,
        given: bool,
        signed_on: String,
    ) -> Result<app::api::research::ConsentView, AppError> {
        research_consent::set(self, request, patient_id, given, signed_on).await
    }
    async fn push_public_key(&self, request: &RequestContext) -> Result<String, AppError> {
        push::public_key(self, request).await
    }
    async fn subscribe_device(
        &self,
        request: &RequestContext,
        subscription: app::api::push::DeviceSubscription,
    ) -> Result<app::api::push::DeviceRow, AppError> {
        push::subscribe(self, request, subscription).await
    }
    async fn list_devices(&self, request: &RequestContext) -> Result<Vec<app::api::push::DeviceRow>, AppError> {
        push::devices(self, request).await
    }
    async fn passkeys(&self, request: &RequestContext) -> Result<app::api::passkeys::PasskeysView, AppError> {
        push::passkeys(self, request).await
    }
    async fn remove_device(&self, request: &RequestContext, id: i64) -> Result<(), AppError> {
        push::remove(self, request, id).await
    }
    async fn rotate_push_key(&self, request: &RequestContext) -> Result<String, AppError> {
        push::rotate(self, request).await
    }
    async fn inbox(&self, request: &RequestContext) -> Result<Vec<app::api::inbox::InboxItem>, AppError> {
        inbox::list(self, request).await
    }
    async fn mark_inbox_read(&self, request: &RequestContext, id: i64) -> Result<(), AppError> {
        inbox::mark_read(self, request, id).await
    }
    async fn reminder_settings(&self, request: &RequestContext) -> Result<app::api::push::ReminderSettings, AppError> {
        reminders::settings(self, request).await
    }
    async fn save_reminder_settings(
        &self,
        request: &RequestContext,
        off: Vec<String>,
        quiet_from: String,
        quiet_until: String,
    ) -> Result<app::api::push::ReminderSettings, AppError> {
        reminders::save_settings(self, request, off, quiet_from, quiet_until).await
    }
    async fn save_lock_screen(&self, request: &RequestContext, detail: bool) -> Result<bool, AppError> {
        reminders::save_lock_screen(self, request, detail).await
    }
    async fn offline_plan(&self, request: &RequestContext) -> Result<app::api::offline::OfflinePlan, AppError> {
        offline_plan::plan(self, request).await
    }
    async fn patient_reminders(
        &self,
        request: &RequestContext,
        patient_id: i64,
    ) -> Result<Vec<app::api::push::SentReminder>, AppError> {
        inbox::of_patient(self, request, patient_id).await
    }
}
