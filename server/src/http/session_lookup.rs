//! The session cookie and the viewer it stands for: read from the request's cookies,
//! looked up in the database, refused for demo accounts outside demo mode.
use crate::{auth::tokens, startup::AppState, storage};
use app::backend::Viewer;
use axum::http::{header, HeaderMap};

pub fn session_cookie_name(secure: bool) -> &'static str {
    // The __Host- prefix makes browsers refuse the cookie unless Secure, Path=/ and host-only.
    if secure {
        "__Host-vtv_session"
    } else {
        "vtv_session"
    }
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// The viewer of a request to `path`; a page's own timer (`background_polls`) does not keep
/// the session alive.
pub async fn resolve_viewer(state: &AppState, headers: &HeaderMap, path: &str) -> storage::Result<Option<Viewer>> {
    let Some(token) = cookie_value(headers, session_cookie_name(state.config.secure_cookies())) else {
        return Ok(None);
    };
    let refresh = !super::background_polls::is_poll(path);
    let digest = tokens::digest(&token);
    let Some(live) = storage::sessions::resolve_account(&state.db, &digest, &state.session_limits(), refresh).await?
    else {
        return Ok(None);
    };
    let account = live.account;
    // Demo accounts are inert outside demo mode, even with a session left from a demo run;
    // a deactivated account, or one waiting for a second person, has no session.
    if (account.is_demo && !state.config.demo) || account.inactive {
        return Ok(None);
    }
    // Staff the site asks to sign in in two steps, who have not set it up, may set it up only.
    let second_step_missing = account.actor.role.is_staff() && live.second_step_missing;
    Ok(Some(Viewer {
        actor: account.actor,
        display_name: account.display_name,
        locale: account.locale,
        second_step_missing,
    }))
}

/// The forms under `/auth/` of a signed-in person that change how they sign in: refused to
/// staff who must set up their second step first (a stolen password must not add a passkey).
pub fn changes_credentials(path: &str) -> bool {
    path.starts_with("/auth/")
        && !matches!(
            path,
            "/auth/login" | "/auth/logout" | "/auth/second-step" | "/auth/invitation"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; vtv_session=abc; b=2"));
        assert_eq!(cookie_value(&headers, "vtv_session").as_deref(), Some("abc"));
        assert_eq!(cookie_value(&headers, "missing"), None);
    }
}
