//! The seam between the pages (this crate) and storage (the server crate): the server
//! implements `Backend` and provides it, with the signed-in viewer, for each request.
use crate::{
    api::{
        accounts::{AuditFilter, AuditRow, CaregiverRow, CentreRow, IssuedCode},
        checkins::{CheckinForm, PatientCheckins, QuestionnaireRow, Submission, SubmissionResult},
        flags::FlagQueue,
        inbox::InboxItem,
        journeys::{CatalogueView, IntegrationForm, IntegrationView, IssuedSecret},
        push::{DeviceRow, DeviceSubscription, ReminderSettings, SentReminder},
        research::{ConsentView, ExportCreated, ExportProgress, ResearchOptions},
        timeline::{BoardRow, ChangeForm, ChangePreview, ChangeView, TimelineView, TreatmentForm},
        HomeView, SiteInfo,
    },
    domain::access::Actor,
    domain::enrolment::{CentreForm, EnrolmentForm, PersonForm},
    domain::research::ExportForm,
    error::AppError,
    i18n::Locale,
};
use std::sync::Arc;

mod hospital_systems;
mod second_factor;
pub use hospital_systems::HospitalSystems;
pub use second_factor::SecondFactor;

/// Who is asking, resolved from the session cookie by the server's middleware.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub actor: Actor,
    pub display_name: String,
    pub locale: Locale,
    /// Staff who must sign in in two steps and have not set it up: they may set it up only.
    pub second_step_missing: bool,
}

/// Placed in the request's extensions by the server before any page or server function runs.
#[derive(Clone, Debug)]
pub struct RequestFacts {
    pub viewer: Option<Viewer>,
    pub client_addr: String,
    pub accept_language: Option<Locale>,
    /// The CSP nonce for this response's inline scripts.
    pub nonce: String,
    /// The hash of this browser's device cookie (set at a password sign-in), if it has one.
    pub device: Option<String>,
}

#[derive(Clone)]
pub struct RequestContext {
    pub backend: Arc<dyn Backend>,
    pub facts: RequestFacts,
}

impl RequestContext {
    /// Who is asking, if they may do anything yet (`AppError::SecondStepNeeded` otherwise).
    pub fn viewer(&self) -> Result<&Viewer, AppError> {
        match self.viewer_setting_up()? {
            viewer if viewer.second_step_missing => Err(AppError::SecondStepNeeded),
            viewer => Ok(viewer),
        }
    }

    /// Who is asking, even if all they may do is set up their second step.
    pub fn viewer_setting_up(&self) -> Result<&Viewer, AppError> {
        self.facts.viewer.as_ref().ok_or(AppError::NotSignedIn)
    }
}

/// What patients get back (calendar feeds, questions for the next visit): a part of
/// [`Backend`] of its own, implemented apart (`server/src/services/own_story.rs`).
#[async_trait::async_trait]
pub trait OwnStory: Send + Sync {
    async fn calendar_feeds(
        &self,
        request: &RequestContext,
    ) -> Result<Vec<crate::api::calendar::CalendarFeedRow>, AppError>;
    async fn make_calendar_feed(
        &self,
        request: &RequestContext,
        patient_id: i64,
        detailed: bool,
    ) -> Result<(), AppError>;
    async fn revoke_calendar_feed(&self, request: &RequestContext, patient_id: i64) -> Result<(), AppError>;
    async fn visit_questions(
        &self,
        request: &RequestContext,
        patient_id: i64,
    ) -> Result<crate::api::questions::QuestionList, AppError>;
    async fn ask_question(&self, request: &RequestContext, patient_id: i64, text: String) -> Result<(), AppError>;
    async fn take_back_question(&self, request: &RequestContext, patient_id: i64, id: i64) -> Result<(), AppError>;
    async fn question_discussed(&self, request: &RequestContext, patient_id: i64, id: i64) -> Result<(), AppError>;
    async fn my_results(
        &self,
        request: &RequestContext,
        from: usize,
    ) -> Result<crate::api::results::ResultsView, AppError>;
    async fn practical_help(
        &self,
        request: &RequestContext,
        patient_id: i64,
    ) -> Result<crate::api::help::HelpView, AppError>;
    async fn set_stay(&self, request: &RequestContext, patient_id: i64, country: String) -> Result<(), AppError>;
    async fn centres_help(&self, request: &RequestContext) -> Result<Vec<crate::api::help::CentreHelp>, AppError>;
    async fn save_centre_help(
        &self,
        request: &RequestContext,
        centre_id: i64,
        language: String,
        texts: Vec<crate::api::help::HelpTopic>,
    ) -> Result<(), AppError>;
}

/// "Ask the team": a part of [`Backend`] of its own (`server/src/services/team_messages.rs`).
#[async_trait::async_trait]
pub trait TeamMessages: Send + Sync {
    async fn team_thread(
        &self,
        request: &RequestContext,
        patient_id: i64,
    ) -> Result<crate::api::messages::MessageThread, AppError>;
    async fn send_message(
        &self,
        request: &RequestContext,
        patient_id: i64,
        text: String,
        confirmed: bool,
    ) -> Result<crate::api::messages::MessageOutcome, AppError>;
    async fn reply_to_patient(
        &self,
        request: &RequestContext,
        patient_id: i64,
        text: String,
        seen_up_to: i64,
    ) -> Result<(), AppError>;
    async fn waiting_messages(
        &self,
        request: &RequestContext,
    ) -> Result<Vec<crate::api::messages::WaitingThread>, AppError>;
    async fn set_reply_hours(&self, request: &RequestContext, centre_id: i64, hours: i64) -> Result<(), AppError>;
}

/// The nurses' desk (issue 21): a part of [`Backend`] of its own
/// (`server/src/services/nurses_desk.rs`).
#[async_trait::async_trait]
pub trait NursesDesk: Send + Sync {
    async fn snooze_flag(&self, request: &RequestContext, id: i64, hours: i64) -> Result<(), AppError>;
    async fn assign_flag(&self, request: &RequestContext, id: i64, nurse_id: i64) -> Result<(), AppError>;
    async fn patient_desk(
        &self,
        request: &RequestContext,
        patient_id: i64,
    ) -> Result<crate::api::desk::DeskView, AppError>;
    async fn set_admitted(&self, request: &RequestContext, patient_id: i64, admitted: bool) -> Result<(), AppError>;
    async fn assign_patient(&self, request: &RequestContext, patient_id: i64, nurse_id: i64) -> Result<(), AppError>;
    async fn add_nursing_note(&self, request: &RequestContext, patient_id: i64, text: String) -> Result<(), AppError>;
    async fn desk_board(
        &self,
        request: &RequestContext,
        query: crate::domain::desk_board::BoardQuery,
    ) -> Result<crate::api::desk::BoardPage, AppError>;
    async fn turnaround(&self, request: &RequestContext) -> Result<crate::api::turnaround::TurnaroundView, AppError>;
    async fn handover(&self, request: &RequestContext) -> Result<crate::api::handover::HandoverView, AppError>;
    async fn give_handover(&self, request: &RequestContext) -> Result<(), AppError>;
}

/// Questionnaires and the centre's own check-in rules (`api::instruments`): a part of
/// [`Backend`] of its own (`server/src/services/instrument_changes.rs`).
#[async_trait::async_trait]
pub trait Instruments: Send + Sync {
    async fn list_questionnaires(&self, request: &RequestContext) -> Result<Vec<QuestionnaireRow>, AppError>;
    async fn import_questionnaire(&self, request: &RequestContext, json: String) -> Result<QuestionnaireRow, AppError>;
    async fn instruments(&self, request: &RequestContext)
        -> Result<crate::api::instruments::InstrumentsView, AppError>;
    async fn add_site_rule(
        &self,
        request: &RequestContext,
        kind: String,
        rule: String,
    ) -> Result<crate::api::instruments::VersionView, AppError>;
    async fn remove_site_rule(
        &self,
        request: &RequestContext,
        kind: String,
        id: String,
    ) -> Result<crate::api::instruments::VersionView, AppError>;
    async fn decide_version(
        &self,
        request: &RequestContext,
        kind: String,
        number: i64,
        approve: bool,
    ) -> Result<crate::api::instruments::VersionView, AppError>;
}

#[async_trait::async_trait]
pub trait Backend:
    OwnStory + TeamMessages + NursesDesk + Instruments + HospitalSystems + SecondFactor + Send + Sync + 'static
{
    fn site_info(&self, facts: &RequestFacts) -> SiteInfo;
    async fn home(&self, request: &RequestContext) -> Result<HomeView, AppError>;
    async fn enrol_patient(&self, request: &RequestContext, form: EnrolmentForm) -> Result<IssuedCode, AppError>;
    async fn invite_caregiver(
        &self,
        request: &RequestContext,
        patient_id: i64,
        form: PersonForm,
    ) -> Result<IssuedCode, AppError>;
    async fn caregivers_of(&self, request: &RequestContext, patient_id: i64) -> Result<Vec<CaregiverRow>, AppError>;
    async fn revoke_caregiver(
        &self,
        request: &RequestContext,
        patient_id: i64,
        caregiver_id: i64,
    ) -> Result<(), AppError>;
    async fn cancel_caregiver_invitation(
        &self,
        request: &RequestContext,
        patient_id: i64,
        invitation_id: i64,
    ) -> Result<(), AppError>;
    async fn reissue_code(&self, request: &RequestContext, user_id: i64) -> Result<IssuedCode, AppError>;
    async fn awaiting_accounts(
        &self,
        request: &RequestContext,
    ) -> Result<Vec<crate::api::accounts::AwaitingRow>, AppError>;
    async fn confirm_account(&self, request: &RequestContext, user_id: i64) -> Result<(), AppError>;
    async fn set_account_active(&self, request: &RequestContext, user_id: i64, active: bool) -> Result<(), AppError>;
    async fn create_staff(
        &self,
        request: &RequestContext,
        role: String,
        centre_id: Option<i64>,
        form: PersonForm,
    ) -> Result<IssuedCode, AppError>;
    async fn create_centre(&self, request: &RequestContext, form: CentreForm) -> Result<i64, AppError>;
    async fn list_centres(&self, request: &RequestContext) -> Result<Vec<CentreRow>, AppError>;
    async fn read_audit_log(&self, request: &RequestContext, filter: AuditFilter) -> Result<Vec<AuditRow>, AppError>;
    /// Reads (`None`) or sets the signed-in person's time zone; answers the one in use.
    async fn time_zone(&self, request: &RequestContext, set: Option<String>) -> Result<String, AppError>;
    async fn set_language(&self, request: &RequestContext, locale: String) -> Result<(), AppError>;
    async fn read_timeline(&self, request: &RequestContext, patient_id: i64) -> Result<TimelineView, AppError>;
    async fn nurse_board(&self, request: &RequestContext) -> Result<Vec<BoardRow>, AppError>;
    async fn start_treatment(
        &self,
        request: &RequestContext,
        patient_id: i64,
        form: TreatmentForm,
    ) -> Result<(), AppError>;
    async fn change_timeline(
        &self,
        request: &RequestContext,
        patient_id: i64,
        form: ChangeForm,
        commit: bool,
    ) -> Result<ChangePreview, AppError>;
    async fn timeline_history(&self, request: &RequestContext, patient_id: i64) -> Result<Vec<ChangeView>, AppError>;
    async fn close_treatment(
        &self,
        request: &RequestContext,
        patient_id: i64,
        status: String,
        reason: String,
    ) -> Result<(), AppError>;
    async fn journeys_catalogue(&self, request: &RequestContext) -> Result<CatalogueView, AppError>;
    async fn list_integrations(&self, request: &RequestContext) -> Result<Vec<IntegrationView>, AppError>;
    async fn submit_checkin(
        &self,
        request: &RequestContext,
        submission: Submission,
    ) -> Result<SubmissionResult, AppError>;
    async fn checkin_form(
        &self,
        request: &RequestContext,
        name: String,
        patient_id: i64,
        about_myself: bool,
    ) -> Result<CheckinForm, AppError>;
    async fn flag_queue(
        &self,
        request: &RequestContext,
        query: crate::domain::flag_queue::QueueQuery,
    ) -> Result<FlagQueue, AppError>;
    async fn flags_fingerprint(&self, request: &RequestContext) -> Result<String, AppError>;
    async fn patient_checkins(&self, request: &RequestContext, patient_id: i64) -> Result<PatientCheckins, AppError>;
    async fn acknowledge_flag(&self, request: &RequestContext, id: i64) -> Result<(), AppError>;
    async fn resolve_flag(&self, request: &RequestContext, id: i64, note: String) -> Result<(), AppError>;
    async fn create_integration(
        &self,
        request: &RequestContext,
        form: IntegrationForm,
    ) -> Result<IssuedSecret, AppError>;
    async fn revoke_integration(&self, request: &RequestContext, id: i64) -> Result<(), AppError>;
    async fn push_public_key(&self, request: &RequestContext) -> Result<String, AppError>;
    async fn subscribe_device(
        &self,
        request: &RequestContext,
        subscription: DeviceSubscription,
    ) -> Result<DeviceRow, AppError>;
    async fn list_devices(&self, request: &RequestContext) -> Result<Vec<DeviceRow>, AppError>;
    async fn passkeys(&self, request: &RequestContext) -> Result<crate::api::passkeys::PasskeysView, AppError>;
    async fn remove_device(&self, request: &RequestContext, id: i64) -> Result<(), AppError>;
    async fn rotate_push_key(&self, request: &RequestContext) -> Result<String, AppError>;
    async fn inbox(&self, request: &RequestContext) -> Result<Vec<InboxItem>, AppError>;
    async fn mark_inbox_read(&self, request: &RequestContext, id: i64) -> Result<(), AppError>;
    async fn reminder_settings(&self, request: &RequestContext) -> Result<ReminderSettings, AppError>;
    async fn save_reminder_settings(
        &self,
        request: &RequestContext,
        off: Vec<String>,
        quiet_from: String,
        quiet_until: String,
    ) -> Result<ReminderSettings, AppError>;
    async fn save_lock_screen(&self, request: &RequestContext, detail: bool) -> Result<bool, AppError>;
    async fn offline_plan(&self, request: &RequestContext) -> Result<crate::api::offline::OfflinePlan, AppError>;
    async fn patient_reminders(&self, request: &RequestContext, patient_id: i64)
        -> Result<Vec<SentReminder>, AppError>;
    async fn research_options(&self, request: &RequestContext) -> Result<ResearchOptions, AppError>;
    async fn create_export(&self, request: &RequestContext, form: ExportForm) -> Result<ExportCreated, AppError>;
    async fn export_progress(&self, request: &RequestContext, token: String) -> Result<ExportProgress, AppError>;
    async fn approve_research_project(
        &self,
        request: &RequestContext,
        form: crate::domain::research::project::ProjectForm,
    ) -> Result<crate::api::research::ProjectView, AppError>;
    async fn project_options(&self, request: &RequestContext)
        -> Result<crate::api::research::ProjectChoices, AppError>;
    async fn research_projects(
        &self,
        request: &RequestContext,
    ) -> Result<Vec<crate::api::research::ProjectView>, AppError>;
    async fn research_consent(
        &self,
        request: &RequestContext,
        patient_id: Option<i64>,
    ) -> Result<ConsentView, AppError>;
    async fn set_research_consent(
        &self,
        request: &RequestContext,
        patient_id: Option<i64>,
        given: bool,
        signed_on: String,
    ) -> Result<ConsentView, AppError>;
}

/// The backend and the facts of the current request, from the leptos context.
pub fn request_context() -> Result<RequestContext, AppError> {
    use leptos::prelude::use_context;
    let backend = use_context::<Arc<dyn Backend>>().ok_or(AppError::Unavailable)?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Unavailable)?;
    let facts = parts
        .extensions
        .get::<RequestFacts>()
        .cloned()
        .ok_or(AppError::Unavailable)?;
    Ok(RequestContext { backend, facts })
}

/// Gives a server function's failure its HTTP status, here and nowhere else.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let (Err(error), Some(response)) = (&result, leptos::prelude::use_context::<leptos_axum::ResponseOptions>()) {
        let status = match error {
            AppError::NotSignedIn => http::StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::SecondStepNeeded => http::StatusCode::FORBIDDEN,
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::Invalid(_)
            | AppError::Timeline(_)
            | AppError::Answers(_)
            | AppError::Questionnaire(_)
            | AppError::Rules(_) => http::StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Stale => http::StatusCode::CONFLICT,
            AppError::Unavailable => http::StatusCode::SERVICE_UNAVAILABLE,
            AppError::Transport(_) => http::StatusCode::BAD_REQUEST,
            AppError::TooMany { .. } => http::StatusCode::TOO_MANY_REQUESTS,
        };
        response.set_status(status);
        if let AppError::TooMany { retry_after_seconds } = error {
            if let Ok(value) = http::HeaderValue::from_str(&retry_after_seconds.to_string()) {
                response.insert_header(http::header::RETRY_AFTER, value);
            }
        }
    }
    result
}
