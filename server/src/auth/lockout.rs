//! Who is slowed down when sign-ins fail, so that guessing stays throttled without being a
//! way to lock a nurse out of urgent flags (OWASP's device cookie):
//! - from a browser that signed in to this account before (its device cookie), failures
//!   count against that browser alone: the account's and the network's counts do not stop it;
//! - from any other browser, failures count per account and per network: the client's
//!   address, or its /64 for IPv6 (one subscriber holds a whole /64).
//!
//! Every attempt counts before its outcome is known, so that parallel guesses cannot all
//! slip under a limit; a success takes its attempt back.
use super::tokens;
use crate::storage::{self, throttle::Scope, Db};
use axum::http::HeaderMap;
use std::net::IpAddr;

pub const WINDOW_SECONDS: i64 = 15 * 60;
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_NETWORK: i64 = 20;
const MAX_FAILURES_PER_DEVICE: i64 = 10;

/// What an attempt is counted against.
pub enum Judge {
    /// A browser known to this account, by its token's hash.
    KnownDevice(String),
    Unknown {
        account: String,
        network: String,
    },
}

pub fn device_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-vtv_device"
    } else {
        "vtv_device"
    }
}

/// The judge of an attempt on `user_id` (when the account exists) from this browser.
pub async fn judge(
    db: &Db,
    headers: &HeaderMap,
    secure: bool,
    user_id: Option<i64>,
    account: &str,
    client_addr: &str,
) -> storage::Result<Judge> {
    if let (Some(token), Some(user_id)) = (
        crate::http::session_lookup::cookie_value(headers, device_cookie_name(secure)),
        user_id,
    ) {
        let hash = tokens::digest(&token);
        if storage::known_devices::owner(db, &hash).await? == Some(user_id) {
            return Ok(Judge::KnownDevice(hash));
        }
    }
    Ok(Judge::Unknown {
        account: account.to_string(),
        network: network_of(client_addr),
    })
}

/// The throttling key of an address: IPv4 as is, IPv6 by its /64.
pub fn network_of(client_addr: &str) -> String {
    match client_addr.parse::<IpAddr>() {
        Ok(IpAddr::V6(ip)) => match ip.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = ip.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => client_addr.to_string(),
    }
}

/// The keys an attempt is counted under, with each one's limit.
fn counted(judge: &Judge) -> Vec<(Scope, String, i64)> {
    match judge {
        // A device's failures are kept under the account scope with a key no email can be.
        Judge::KnownDevice(hash) => vec![(Scope::Account, format!("device:{hash}"), MAX_FAILURES_PER_DEVICE)],
        Judge::Unknown { account, network } => vec![
            (Scope::Account, account.clone(), MAX_FAILURES_PER_ACCOUNT),
            (Scope::Address, network.clone(), MAX_FAILURES_PER_NETWORK),
        ],
    }
}

/// Counts the attempt; answers `false` (and takes it back) if it is over a limit.
pub async fn begin(db: &Db, judge: &Judge, attempt: &str) -> storage::Result<bool> {
    let keys = counted(judge);
    for (scope, key, _) in &keys {
        storage::throttle::record_attempt(db, *scope, key, attempt).await?;
    }
    let mut over = false;
    for (scope, key, limit) in &keys {
        over |= storage::throttle::recent_failures(db, *scope, key, WINDOW_SECONDS).await? > *limit;
    }
    if over {
        // A refused attempt does not extend the wait.
        for (scope, key, _) in &keys {
            storage::throttle::forget_attempt(db, *scope, key, attempt).await?;
        }
    }
    Ok(!over)
}

/// The right password: its attempt is taken back, and an account's own count cleared. A
/// known device's success leaves the account's count alone (guessing elsewhere goes on
/// being slowed).
pub async fn succeeded(db: &Db, judge: &Judge, attempt: &str) -> storage::Result<()> {
    match judge {
        Judge::KnownDevice(hash) => storage::throttle::clear(db, Scope::Account, &format!("device:{hash}")).await,
        Judge::Unknown { account, network } => {
            storage::throttle::clear(db, Scope::Account, account).await?;
            storage::throttle::forget_attempt(db, Scope::Address, network, attempt).await
        }
    }
}

/// After a successful sign-in: this browser is known to the account from now on. Answers
/// the cookie to set (a new token when the browser had none for this account).
pub async fn remember(db: &Db, judge: &Judge, user_id: i64, secure: bool) -> storage::Result<Option<String>> {
    if let Judge::KnownDevice(hash) = judge {
        storage::known_devices::remember(db, hash, user_id).await?;
        return Ok(None);
    }
    let token = tokens::new_session_token();
    storage::known_devices::remember(db, &tokens::digest(&token), user_id).await?;
    let secure_flag = if secure { "; Secure" } else { "" };
    Ok(Some(format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure_flag}",
        device_cookie_name(secure),
        365 * 24 * 3600
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_counted_by_their_64_and_ipv4_as_they_are() {
        assert_eq!(network_of("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(network_of("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
        assert_ne!(network_of("2001:db8:1:3::1"), network_of("2001:db8:1:2::1"));
        assert_eq!(network_of("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(network_of("192.0.2.7"), "192.0.2.7");
        assert_eq!(network_of("unknown"), "unknown");
    }
}
