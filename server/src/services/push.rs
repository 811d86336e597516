//! Devices subscribed to push, and the server's VAPID key: made on first start and kept in
//! the database (or read from `VTV_VAPID_PRIVATE_KEY`), rotated by an admin.
use super::{audit_entry, Services};
use crate::{
    push::{encryption::DeviceKeys, vapid::Vapid},
    storage::push as store,
    zones,
};
use app::{
    api::push::{DeviceRow, DeviceSubscription},
    backend::RequestContext,
    domain::validation::{FieldProblem, Problem},
    error::AppError,
};
use std::sync::{Arc, RwLock};

/// The key in use, with its row id (subscriptions name the key they were made with).
pub struct PushKeys {
    current: RwLock<(i64, Arc<Vapid>)>,
    contact: String,
}

impl PushKeys {
    /// The configured key if there is one (stored, so that subscriptions can name it),
    /// else the stored key, else a new one.
    pub async fn load(db: &crate::storage::Db, configured: Option<&str>, contact: &str) -> Result<PushKeys, String> {
        let fail = |e: String| format!("VAPID key: {e}");
        let (id, vapid) = match configured {
            Some(private) => {
                let vapid = Vapid::from_private_key(private, contact).map_err(|e| fail(e.to_string()))?;
                let stored = store::current_key(db).await.map_err(|e| fail(e.to_string()))?;
                let id = match stored {
                    Some((id, key)) if key == private.trim() => id,
                    _ => store::replace_key(db, private.trim(), &vapid.public_key)
                        .await
                        .map_err(|e| fail(e.to_string()))?,
                };
                (id, vapid)
            }
            None => match store::current_key(db).await.map_err(|e| fail(e.to_string()))? {
                Some((id, key)) => (
                    id,
                    Vapid::from_private_key(&key, contact).map_err(|e| fail(e.to_string()))?,
                ),
                None => {
                    let (vapid, private) = Vapid::generate(contact);
                    let id = store::replace_key(db, &private, &vapid.public_key)
                        .await
                        .map_err(|e| fail(e.to_string()))?;
                    (id, vapid)
                }
            },
        };
        Ok(PushKeys {
            current: RwLock::new((id, Arc::new(vapid))),
            contact: contact.to_string(),
        })
    }

    /// Who runs this server, as told to the push services.
    pub fn contact(&self) -> &str {
        &self.contact
    }

    pub fn current(&self) -> (i64, Arc<Vapid>) {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

fn signed_in(request: &RequestContext) -> Result<i64, AppError> {
    Ok(request.viewer()?.actor.user_id)
}

fn date_of(services_zone: chrono_tz::Tz, at: i64) -> String {
    zones::local(at, services_zone)
        .map(|(d, _, _)| d.to_string())
        .unwrap_or_default()
}

/// Push services are public https servers. The server itself makes the request, so an
/// address on this machine or the internal network is refused: a subscription must not be
/// a way to reach them. `allow_local` (VTV_PUSH_ALLOW_LOCAL_ENDPOINTS) lets test receivers
/// on this machine in, over http too.
pub fn endpoint_ok(endpoint: &str, allow_local: bool) -> bool {
    let Ok(uri) = endpoint.trim().parse::<http::Uri>() else {
        return false;
    };
    let Some(host) = uri.host() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    let local = match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => {
            ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified() || ip.is_broadcast()
                // 100.64.0.0/10, shared address space (carrier-grade NAT).
                || (ip.octets()[0] == 100 && (ip.octets()[1] & 0xc0) == 64)
        }
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback()
                || ip.is_unspecified()
                // fc00::/7 unique local, fe80::/10 link-local, and IPv4-mapped addresses.
                || (ip.segments()[0] & 0xfe00) == 0xfc00
                || (ip.segments()[0] & 0xffc0) == 0xfe80
                || ip.to_ipv4_mapped().is_some()
        }
        Err(_) => {
            host == "localhost"
                || [".localhost", ".local", ".internal", ".lan", ".home.arpa"]
                    .iter()
                    .any(|suffix| host.ends_with(suffix))
                || !host.contains('.')
        }
    };
    let scheme_ok = uri.scheme_str() == Some("https") || (allow_local && local && uri.scheme_str() == Some("http"));
    endpoint.len() <= 2000 && scheme_ok && (allow_local || !local)
}

pub async fn public_key(services: &Services, request: &RequestContext) -> Result<String, AppError> {
    signed_in(request)?;
    Ok(services.push.current().1.public_key.clone())
}

pub async fn subscribe(
    services: &Services,
    request: &RequestContext,
    s: DeviceSubscription,
) -> Result<DeviceRow, AppError> {
    let user_id = signed_in(request)?;
    let mut problems = Vec::new();
    if !endpoint_ok(&s.endpoint, services.push_allow_local) {
        problems.push(FieldProblem::new("endpoint", Problem::PushEndpointInvalid));
    }
    if DeviceKeys::parse(&s.p256dh, &s.auth).is_err() {
        problems.push(FieldProblem::new("keys", Problem::PushKeysInvalid));
    }
    let device: String = s.device.trim().chars().take(80).collect();
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let (key_id, _) = services.push.current();
    let (id, added) = store::save_device(
        &services.db,
        &store::NewDevice {
            user_id,
            endpoint: s.endpoint.trim(),
            p256dh: s.p256dh.trim(),
            auth: s.auth.trim(),
            device: if device.is_empty() { "?" } else { &device },
            vapid_key_id: key_id,
        },
    )
    .await?;
    Ok(DeviceRow {
        id,
        device,
        added_on: date_of(chrono_tz::Tz::UTC, added),
        last_reached_on: None,
    })
}

pub async fn devices(services: &Services, request: &RequestContext) -> Result<Vec<DeviceRow>, AppError> {
    let user_id = signed_in(request)?;
    let zone = super::accounts::reader_zone(services, user_id, chrono_tz::Tz::UTC).await?;
    Ok(store::devices_of(&services.db, user_id)
        .await?
        .into_iter()
        .map(|(id, device, added, reached)| DeviceRow {
            id,
            device,
            added_on: date_of(zone, added),
            last_reached_on: reached.map(|at| date_of(zone, at)),
        })
        .collect())
}

pub async fn remove(services: &Services, request: &RequestContext, id: i64) -> Result<(), AppError> {
    let user_id = signed_in(request)?;
    // Someone else's device, or none: the same answer.
    if store::remove_device(&services.db, user_id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn rotate(services: &Services, request: &RequestContext) -> Result<String, AppError> {
    let actor = &request.viewer()?.actor;
    if !app::domain::access::may_manage_staff(actor) {
        return Err(AppError::Forbidden);
    }
    let (vapid, private) = Vapid::generate(&services.push.contact);
    let id = store::replace_key(&services.db, &private, &vapid.public_key).await?;
    let public = vapid.public_key.clone();
    if let Ok(mut current) = services.push.current.write() {
        *current = (id, Arc::new(vapid));
    }
    crate::storage::audit::record(&services.db, audit_entry(request, "push.key_rotated")).await?;
    Ok(public)
}

#[cfg(test)]
mod tests {
    use super::endpoint_ok;

    #[test]
    fn push_endpoints_are_public_https_servers() {
        assert!(endpoint_ok("https://fcm.googleapis.com/fcm/send/abc", false));
        assert!(endpoint_ok(
            "https://updates.push.services.mozilla.com/wpush/v2/x",
            false
        ));
        assert!(endpoint_ok("https://web.push.apple.com/QGx", false));
        for refused in [
            "http://fcm.googleapis.com/fcm/send/abc",
            "https://127.0.0.1/push",
            "https://localhost:8443/push",
            "https://10.1.2.3/push",
            "https://192.168.1.20/push",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/x",
            "https://[::1]/push",
            "https://[fd00::1]/push",
            "https://[fe80::1]/push",
            "https://[::ffff:10.0.0.1]/push",
            "https://intranet/push",
            "https://printer.local/push",
            "/relative",
            "not a url",
        ] {
            assert!(!endpoint_ok(refused, false), "{refused}");
        }
        assert!(!endpoint_ok(
            &format!("https://push.example.net/{}", "x".repeat(2000)),
            false
        ));
        // Test receivers on this machine, when allowed; plain http only for those.
        assert!(endpoint_ok("http://127.0.0.1:9/push", true));
        assert!(endpoint_ok("http://localhost:8090/notify/x", true));
        assert!(!endpoint_ok("http://push.example.org/x", true));
    }
}
