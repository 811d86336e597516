//! Beginning a session, after a password or a passkey: a fresh session id at every sign-in,
//! any session the browser still had ended, this browser remembered as one the person uses.
use super::{lockout, lockout::Judge, tokens};
use crate::{
    http::session_lookup::{cookie_value, session_cookie_name},
    startup::AppState,
    storage::{self, sessions::SessionLimits},
};
use app::feedback::Feedback;
use axum::{
    http::{header, HeaderMap, HeaderValue},
    response::Response,
};

/// What a sign-in sends back, whatever the answer's form (a redirect, or JSON for passkeys).
pub struct SignedIn {
    /// The session cookie, and the device cookie for a browser not known yet.
    cookies: Vec<HeaderValue>,
    /// Where the person goes next.
    pub home: String,
}

impl SignedIn {
    /// Adds the cookies to `response`, and asks the browser to drop its HTTP cache: whoever
    /// used this browser before, it goes. What the app keeps in storage (a plan, answers
    /// waiting to be sent) is sorted out by the page (offline.js), which knows whose it is.
    pub fn onto(self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        headers.insert("clear-site-data", HeaderValue::from_static("\"cache\""));
        headers.remove(header::SET_COOKIE);
        for cookie in self.cookies {
            headers.append(header::SET_COOKIE, cookie);
        }
        response
    }
}

pub async fn begin(
    state: &AppState,
    user_id: i64,
    judge: &Judge,
    headers: &HeaderMap,
    limits: &SessionLimits,
    client_addr: &str,
) -> anyhow::Result<SignedIn> {
    let secure = state.config.secure_cookies();
    let name = session_cookie_name(secure);
    if let Some(old) = cookie_value(headers, name) {
        storage::sessions::destroy(&state.db, &tokens::digest(&old)).await?;
    }
    let token = tokens::new_session_token();
    storage::sessions::create(&state.db, &tokens::digest(&token), user_id, limits).await?;
    // Said once the sign-in has succeeded, second step included.
    super::sso::local_sign_in::note_break_glass(state, user_id, client_addr).await?;
    let secure_flag = if secure { "; Secure" } else { "" };
    let session = format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure_flag}",
        limits.absolute_seconds
    );
    let mut cookies = vec![HeaderValue::from_str(&session)?];
    if let Some(device) = lockout::remember(&state.db, judge, user_id, secure).await? {
        cookies.push(HeaderValue::from_str(&device)?);
    }
    // A code someone else issued for this account since the last sign-in is said once.
    let home = if storage::account_controls::take_code_notice(&state.db, user_id).await? {
        format!("/?{}", Feedback::CodeIssuedByOther.query())
    } else {
        "/".to_string()
    };
    Ok(SignedIn { cookies, home })
}
