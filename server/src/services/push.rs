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

/// The key in use, shared by every instance through the database: each use asks which key
/// is in use (one indexed row), so an admin's rotation on one instance reaches the others at
/// their next use, and the key itself is opened once per instance.
pub struct PushKeys {
    db: crate::storage::Db,
    sealer: Arc<Sealer>,
    opened: RwLock<Option<(i64, Arc<Vapid>)>>,
    contact: String,
}

impl PushKeys {
    /// Makes sure a key is in use: the configured one if it is new to the database (an
    /// operator's rotation), else the stored one, else a new one. A configured key that an
    /// admin has since rotated away stays retired: a restart does not undo a rotation.
    pub async fn load(
        db: &crate::storage::Db,
        sealer: Arc<Sealer>,
        configured: Option<&str>,
        contact: &str,
    ) -> Result<PushKeys, String> {
        let keys = PushKeys {
            db: db.clone(),
            sealer,
            opened: RwLock::new(None),
            contact: contact.to_string(),
        };
        let fail = |e: String| format!("VAPID key: {e}");
        if let Some(private) = configured {
            keys.adopt_configured(private).await.map_err(fail)?;
        }
        if store::current_key_id(db)
            .await
            .map_err(|e| fail(e.to_string()))?
            .is_none()
        {
            let (vapid, private) = Vapid::generate(contact);
            let sealed = keys.sealer.seal(Purpose::VapidPrivateKey, &private);
            // None: another instance starting at the same time stored its key first.
            store::add_first_key(db, &sealed, &vapid.public_key)
                .await
                .map_err(|e| fail(e.to_string()))?;
        }
        keys.current().await.map_err(|e| fail(e.to_string()))?;
        Ok(keys)
    }

    async fn adopt_configured(&self, private: &str) -> Result<(), String> {
        let vapid = Vapid::from_private_key(private, &self.contact).map_err(|e| e.to_string())?;
        match store::key_with_public(&self.db, &vapid.public_key)
            .await
            .map_err(|e| e.to_string())?
        {
            Some((_, false)) => Ok(()),
            Some((id, true)) => {
                tracing::warn!(
                    key_id = id,
                    "VTV_VAPID_PRIVATE_KEY names a key an admin has rotated away; the key in use stays. Remove the setting."
                );
                Ok(())
            }
            None => {
                let sealed = self.sealer.seal(Purpose::VapidPrivateKey, private.trim());
                match store::replace_key(&self.db, &sealed, &vapid.public_key).await {
                    Ok(id) => {
                        tracing::info!(key_id = id, "the configured VAPID key is now the key in use");
                        Ok(())
                    }
                    // Another instance adopted it at the same moment.
                    Err(_) if matches!(store::key_with_public(&self.db, &vapid.public_key).await, Ok(Some(_))) => {
                        Ok(())
                    }
                    Err(error) => Err(error.to_string()),
                }
            }
        }
    }

    /// Who runs this server, as told to the push services.
    pub fn contact(&self) -> &str {
        &self.contact
    }

    /// The key in use and its id, as the database says now.
    pub async fn current(&self) -> Result<(i64, Arc<Vapid>), AppError> {
        let id = store::current_key_id(&self.db).await?.ok_or(AppError::Unavailable)?;
        if let Some((opened_id, vapid)) = self.opened_now() {
            if opened_id == id {
                return Ok((id, vapid));
            }
        }
        let stored = store::key_by_id(&self.db, id).await?.ok_or(AppError::Unavailable)?;
        let private = self
            .sealer
            .open(Purpose::VapidPrivateKey, &stored)
            .map_err(|error| {
                tracing::error!(%error, key_id = id, "the VAPID key in use does not open");
                AppError::Unavailable
            })?
            .plain;
        let vapid = Arc::new(Vapid::from_private_key(&private, &self.contact).map_err(|_| AppError::Unavailable)?);
        if let Ok(mut opened) = self.opened.write() {
            *opened = Some((id, vapid.clone()));
        }
        Ok((id, vapid))
    }

    fn opened_now(&self) -> Option<(i64, Arc<Vapid>)> {
        match self.opened.read() {
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
    Ok(services.push.current().await?.1.public_key.clone())
}

/// The stored key a browser subscribed with: the one it names (retired ones too: a device
/// keeps the key it holds until it subscribes again), or the key in use when it names none.
/// `None`: a key this server never had.
async fn subscribed_key(services: &Services, named: Option<&str>) -> Result<Option<i64>, AppError> {
    match named.map(str::trim).filter(|k| !k.is_empty()) {
        None => Ok(Some(services.push.current().await?.0)),
        Some(key) if key.len() > 200 => Ok(None),
        Some(key) => Ok(store::key_with_public(&services.db, key).await?.map(|(id, _)| id)),
    }
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
    let key_id = subscribed_key(services, s.application_server_key.as_deref()).await?;
    if DeviceKeys::parse(&s.p256dh, &s.auth).is_err() || key_id.is_none() {
        problems.push(FieldProblem::new("keys", Problem::PushKeysInvalid));
    }
    let device: String = s.device.trim().chars().take(80).collect();
    let Some(key_id) = key_id.filter(|_| problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
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
    store::replace_key(&services.db, &sealed, &vapid.public_key).await?;
    let public = vapid.public_key.clone();
    crate::storage::audit::record(&services.db, audit_entry(request, "push.key_rotated")).await?;
    Ok(public)
}
