//! Devices subscribed to push, and the server's VAPID key: made on first start and kept in
//! the database (or read from `VTV_VAPID_PRIVATE_KEY`), rotated by an admin.
use super::{audit_entry, Services};
use crate::{
    push::{encryption::DeviceKeys, vapid::Vapid},
    secrets::{Purpose, Sealer},
    storage::push as store,
    zones,
};
use app::{
    api::{
        passkeys::{PasskeyRow, PasskeysView},
        push::{DeviceRow, DeviceSubscription},
    },
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
    pub async fn load(
        db: &crate::storage::Db,
        sealer: &Sealer,
        configured: Option<&str>,
        contact: &str,
    ) -> Result<PushKeys, String> {
        let fail = |e: String| format!("VAPID key: {e}");
        let stored = match store::current_key(db).await.map_err(|e| fail(e.to_string()))? {
            Some((id, key)) => Some((
                id,
                sealer
                    .open(Purpose::VapidPrivateKey, &key)
                    .map_err(|e| fail(e.to_string()))?
                    .plain,
            )),
            None => None,
        };
        let (id, vapid) = match configured {
            Some(private) => {
                let vapid = Vapid::from_private_key(private, contact).map_err(|e| fail(e.to_string()))?;
                let id = match stored {
                    Some((id, key)) if key == private.trim() => id,
                    _ => store::replace_key(
                        db,
                        &sealer.seal(Purpose::VapidPrivateKey, private.trim()),
                        &vapid.public_key,
                    )
                    .await
                    .map_err(|e| fail(e.to_string()))?,
                };
                (id, vapid)
            }
            None => match stored {
                Some((id, key)) => (
                    id,
                    Vapid::from_private_key(&key, contact).map_err(|e| fail(e.to_string()))?,
                ),
                None => {
                    let (vapid, private) = Vapid::generate(contact);
                    let id =
                        store::replace_key(db, &sealer.seal(Purpose::VapidPrivateKey, &private), &vapid.public_key)
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

/// Whether a device's endpoint may be stored: the policy's rules on its text, then its
/// name resolved (the same check runs again at every send).
async fn endpoint_ok(services: &Services, endpoint: &str) -> bool {
    services.push_endpoints.check(endpoint).is_ok() && !services.push_endpoints.resolves_inside(endpoint).await
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
    if !endpoint_ok(services, &s.endpoint).await {
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

/// The person's passkeys, and whether this browser is marked as theirs: the devices they
/// sign in with, beside the devices reminders go to.
pub async fn passkeys(services: &Services, request: &RequestContext) -> Result<PasskeysView, AppError> {
    let user_id = signed_in(request)?;
    let zone = super::accounts::reader_zone(services, user_id, chrono_tz::Tz::UTC).await?;
    let passkeys = crate::storage::passkeys::list_of(&services.db, user_id)
        .await?
        .into_iter()
        .map(|row| PasskeyRow {
            id: row.id,
            made_on: date_of(zone, row.created_at),
            last_used_on: row.last_used_at.map(|at| date_of(zone, at)),
        })
        .collect();
    let own_device = match &request.facts.device {
        Some(hash) => crate::storage::known_devices::is_own(&services.db, hash, user_id).await?,
        None => false,
    };
    Ok(PasskeysView { passkeys, own_device })
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
    let sealed = services.secrets.seal(Purpose::VapidPrivateKey, &private);
    let id = store::replace_key(&services.db, &sealed, &vapid.public_key).await?;
    let public = vapid.public_key.clone();
    if let Ok(mut current) = services.push.current.write() {
        *current = (id, Arc::new(vapid));
    }
    crate::storage::audit::record(&services.db, audit_entry(request, "push.key_rotated")).await?;
    Ok(public)
}
