//! The in-app inbox: every reminder whose time has come, in the reader's language. It holds
//! what push delivers, and more: a phone without the installed app, or a person who
//! refused notifications, still sees every reminder here.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// The page it is about.
    pub url: String,
    /// When it came, in the reader's time zone.
    pub on: String,
    pub time: String,
    pub read: bool,
}

/// The latest 100, newest first.
#[server(endpoint = "inbox/list")]
pub async fn inbox() -> Result<Vec<InboxItem>, AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.inbox(&request).await)
}

#[server(endpoint = "inbox/read")]
pub async fn mark_read(id: i64) -> Result<(), AppError> {
    let request = crate::backend::request_context()?;
    crate::backend::answer(request.backend.mark_inbox_read(&request, id).await)
}
