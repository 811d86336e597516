//! The server's side of `app::backend::OwnStory`: what patients get back, authorised and
//! audit-logged in `calendar_feeds`, `visit_questions`, `my_results` and `practical_help`.
use super::{calendar_feeds, my_results, practical_help, visit_questions, Services};
use app::{backend::RequestContext, error::AppError};

#[async_trait::async_trait]
impl app::backend::OwnStory for Services {
    async fn calendar_feeds(
        &self,
        request: &RequestContext,
    ) -> Result<Vec<app::api::calendar::CalendarFeedRow>, AppError> {
        calendar_feeds::list(self, request).await
    }
    async fn make_calendar_feed(
        &self,
        request: &RequestContext,
        patient_id: i64,
        detailed: bool,
    ) -> Result<(), AppError> {
        calendar_feeds::make(self, request, patient_id, detailed).await
    }
    async fn revoke_calendar_feed(&self, request: &RequestContext, patient_id: i64) -> Result<(), AppError> {
        calendar_feeds::revoke(self, request, patient_id).await
    }
    async fn visit_questions(
        &self,
        request: &RequestContext,
        patient_id: i64,
    ) -> Result<app::api::questions::QuestionList, AppError> {
        visit_questions::list(self, request, patient_id).await
    }
    async fn ask_question(&self, request: &RequestContext, patient_id: i64, text: String) -> Result<(), AppError> {
        visit_questions::ask(self, request, patient_id, &text).await
    }
    async fn take_back_question(&self, request: &RequestContext, patient_id: i64, id: i64) -> Result<(), AppError> {
        visit_questions::take_back(self, request, patient_id, id).await
    }
    async fn question_discussed(&self, request: &RequestContext, patient_id: i64, id: i64) -> Result<(), AppError> {
        visit_questions::discussed(self, request, patient_id, id).await
    }
    async fn my_results(
        &self,
        request: &RequestContext,
        from: usize,
    ) -> Result<app::api::results::ResultsView, AppError> {
        my_results::mine(self, request, from).await
    }
    async fn practical_help(
        &self,
        request: &RequestContext,
        patient_id: i64,
    ) -> Result<app::api::help::HelpView, AppError> {
        practical_help::read(self, request, patient_id).await
    }
    async fn set_stay(&self, request: &RequestContext, patient_id: i64, country: String) -> Result<(), AppError> {
        practical_help::set_stay(self, request, patient_id, &country).await
    }
    async fn centres_help(&self, request: &RequestContext) -> Result<Vec<app::api::help::CentreHelp>, AppError> {
        practical_help::centres(self, request).await
    }
    async fn save_centre_help(
        &self,
        request: &RequestContext,
        centre_id: i64,
        language: String,
        texts: Vec<app::api::help::HelpTopic>,
    ) -> Result<(), AppError> {
        practical_help::save(self, request, centre_id, &language, &texts).await
    }
}
