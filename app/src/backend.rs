//! The seam between the pages (this crate) and storage (the server crate): the server
//! implements `Backend` and provides it, with the signed-in viewer, for each request.
use crate::{
    api::{HomeView, SiteInfo},
    domain::access::Actor,
    error::AppError,
    i18n::Locale,
};
use std::sync::Arc;

/// Who is asking, resolved from the session cookie by the server's middleware.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub actor: Actor,
    pub display_name: String,
    pub locale: Locale,
}

/// Placed in the request's extensions by the server before any page or server function runs.
#[derive(Clone, Debug)]
pub struct RequestFacts {
    pub viewer: Option<Viewer>,
    pub client_addr: String,
    pub accept_language: Option<Locale>,
    /// The CSP nonce for this response's inline scripts.
    pub nonce: String,
}

#[derive(Clone)]
pub struct RequestContext {
    pub backend: Arc<dyn Backend>,
    pub facts: RequestFacts,
}

impl RequestContext {
    pub fn viewer(&self) -> Result<&Viewer, AppError> {
        self.facts.viewer.as_ref().ok_or(AppError::NotSignedIn)
    }
}

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    fn site_info(&self, facts: &RequestFacts) -> SiteInfo;
    async fn home(&self, request: &RequestContext) -> Result<HomeView, AppError>;
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
