//! Secrets at rest. Integration signing secrets and VAPID private keys are stored sealed with
//! AES-256-GCM under a key kept outside the database: `VTV_SECRETS_KEY`, or else the file
//! `VTV_SECRETS_KEY_FILE` (made, readable by its owner only, when missing). A copy of the
//! database alone can neither forge a webhook nor sign a push.
//!
//! Each sealed value names what it is (the AES-GCM associated data), so that one cannot be
//! moved into the other's column. Rotating: start every instance with the new key in
//! `VTV_SECRETS_KEY` and the old one in `VTV_SECRETS_KEY_PREVIOUS`; the first to start seals
//! every value again under the new key; then drop the old one.
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ring::{
    aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN},
    rand::{SecureRandom, SystemRandom},
};
use std::path::Path;

const PREFIX: &str = "sealed:v1:";

/// What a sealed value is.
#[derive(Clone, Copy, Debug)]
pub enum Purpose {
    IntegrationSecret,
    VapidPrivateKey,
    CalendarToken,
    HospitalWebhookSecret,
    TotpSecret,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::IntegrationSecret => b"vein-to-vein integration secret",
            Purpose::VapidPrivateKey => b"vein-to-vein vapid private key",
            Purpose::CalendarToken => b"vein-to-vein calendar token",
            Purpose::HospitalWebhookSecret => b"vein-to-vein hospital webhook secret",
            Purpose::TotpSecret => b"vein-to-vein totp secret",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("the secrets key must be 32 bytes in base64url ({0})")]
    BadKey(String),
    #[error("the secrets key file {path}: {error}")]
    KeyFile { path: String, error: std::io::Error },
    #[error("a stored secret does not open with the secrets key (is VTV_SECRETS_KEY the one it was sealed with?)")]
    DoesNotOpen,
}

/// A value read back: `stale` when it was stored in the clear or under the previous key,
/// and is to be sealed again under the current one.
pub struct Opened {
    pub plain: String,
    pub stale: bool,
}

pub struct Sealer {
    current: LessSafeKey,
    previous: Option<LessSafeKey>,
}

impl Sealer {
    /// The key from `key` (base64url), or else from `file`, made there when missing.
    pub fn load(key: Option<&str>, file: &Path, previous: Option<&str>) -> Result<Sealer, SecretError> {
        let current = match key {
            Some(key) => key_from(key)?,
            None => key_from(&read_or_make(file)?)?,
        };
        Ok(Sealer {
            current,
            previous: previous.map(key_from).transpose()?,
        })
    }

    pub fn seal(&self, purpose: Purpose, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        // The system's random source does not fail on the platforms this runs on; a zero
        // nonce would be caught by no test, so stop rather than seal with one.
        SystemRandom::new()
            .fill(&mut nonce)
            .unwrap_or_else(|_| panic!("no system randomness for a nonce"));
        let mut sealed = plain.as_bytes().to_vec();
        let tag = self
            .current
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(purpose.label()),
                &mut sealed,
            )
            .unwrap_or_else(|_| panic!("AES-GCM sealing of a short value"));
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        out.extend_from_slice(tag.as_ref());
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(out))
    }

    /// Opens a stored value. One stored in the clear (before sealing existed) is answered as
    /// it is, marked stale.
    pub fn open(&self, purpose: Purpose, stored: &str) -> Result<Opened, SecretError> {
        let Some(encoded) = stored.strip_prefix(PREFIX) else {
            return Ok(Opened {
                plain: stored.to_string(),
                stale: true,
            });
        };
        let bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|_| SecretError::DoesNotOpen)?;
        if let Some(plain) = open_with(&self.current, purpose, &bytes) {
            return Ok(Opened { plain, stale: false });
        }
        match self.previous.as_ref().and_then(|key| open_with(key, purpose, &bytes)) {
            Some(plain) => Ok(Opened { plain, stale: true }),
            None => Err(SecretError::DoesNotOpen),
        }
    }
}

/// At start: every stored secret still in the clear, or sealed under the previous key, is
/// sealed under the current one. Answers how many were sealed again; fails when one opens
/// with neither key.
pub async fn reseal_stored(db: &crate::storage::Db, sealer: &Sealer) -> Result<usize, String> {
    use crate::storage::{calendar_feeds, hospital_webhooks, integrations, push, second_factor};
    let text = |e: crate::storage::StorageError| e.to_string();
    let mut resealed = 0;
    for (id, sealed) in stale(
        sealer,
        Purpose::TotpSecret,
        second_factor::all_secrets(db).await.map_err(text)?,
    )? {
        second_factor::set_secret(db, id, &sealed).await.map_err(text)?;
        resealed += 1;
    }
    let webhooks = hospital_webhooks::all_secrets(db).await.map_err(text)?;
    for (id, sealed) in stale(sealer, Purpose::HospitalWebhookSecret, webhooks)? {
        hospital_webhooks::set_secret(db, id, &sealed).await.map_err(text)?;
        resealed += 1;
    }
    let integrations_stored = integrations::all_secrets(db).await.map_err(text)?;
    for (id, sealed) in stale(sealer, Purpose::IntegrationSecret, integrations_stored)? {
        integrations::set_secret(db, id, &sealed).await.map_err(text)?;
        resealed += 1;
    }
    for (id, sealed) in stale(
        sealer,
        Purpose::VapidPrivateKey,
        push::all_keys(db).await.map_err(text)?,
    )? {
        push::set_private_key(db, id, &sealed).await.map_err(text)?;
        resealed += 1;
    }
    for (id, sealed) in stale(
        sealer,
        Purpose::CalendarToken,
        calendar_feeds::all_sealed(db).await.map_err(text)?,
    )? {
        calendar_feeds::set_sealed(db, id, &sealed).await.map_err(text)?;
        resealed += 1;
    }
    Ok(resealed)
}

/// Of stored values `(id, stored)`, those to write back sealed under the current key.
fn stale(sealer: &Sealer, purpose: Purpose, stored: Vec<(i64, String)>) -> Result<Vec<(i64, String)>, String> {
    let mut again = Vec::new();
    for (id, value) in stored {
        let opened = sealer
            .open(purpose, &value)
            .map_err(|e| format!("{purpose:?} {id}: {e}"))?;
        if opened.stale {
            again.push((id, sealer.seal(purpose, &opened.plain)));
        }
    }
    Ok(again)
}

fn open_with(key: &LessSafeKey, purpose: Purpose, bytes: &[u8]) -> Option<String> {
    if bytes.len() < NONCE_LEN {
        return None;
    }
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
    let mut sealed = sealed.to_vec();
    let plain = key.open_in_place(nonce, Aad::from(purpose.label()), &mut sealed).ok()?;
    String::from_utf8(plain.to_vec()).ok()
}

fn key_from(encoded: &str) -> Result<LessSafeKey, SecretError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded.trim())
        .map_err(|e| SecretError::BadKey(e.to_string()))?;
    let unbound =
        UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| SecretError::BadKey(format!("{} bytes", bytes.len())))?;
    Ok(LessSafeKey::new(unbound))
}

/// A new random key, base64url.
pub fn new_key() -> String {
    let mut key = [0u8; 32];
    SystemRandom::new()
        .fill(&mut key)
        .unwrap_or_else(|_| panic!("no system randomness for a key"));
    URL_SAFE_NO_PAD.encode(key)
}

fn read_or_make(file: &Path) -> Result<String, SecretError> {
    let failed = |error| SecretError::KeyFile {
        path: file.display().to_string(),
        error,
    };
    match std::fs::read_to_string(file) {
        Ok(key) => Ok(key),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if let Some(folder) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(folder).map_err(failed)?;
            }
            let key = new_key();
            write_private(file, &key).map_err(failed)?;
            tracing::warn!(
                path = %file.display(),
                "made a new secrets key: back it up apart from the database; every instance needs the same one"
            );
            Ok(key)
        }
        Err(error) => Err(failed(error)),
    }
}

fn write_private(file: &Path, key: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(file)?.write_all(key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(previous: Option<&str>) -> (Sealer, String) {
        let key = new_key();
        let sealer = Sealer::load(Some(&key), Path::new("/nonexistent"), previous).expect("key");
        (sealer, key)
    }

    #[test]
    fn a_sealed_value_opens_with_its_key_and_purpose_only() {
        let (sealer, _) = sealer(None);
        let sealed = sealer.seal(Purpose::IntegrationSecret, "whsec_abc");
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("whsec_abc"));
        assert_ne!(
            sealed,
            sealer.seal(Purpose::IntegrationSecret, "whsec_abc"),
            "a fresh nonce each time"
        );
        let opened = sealer.open(Purpose::IntegrationSecret, &sealed).expect("opens");
        assert_eq!((opened.plain.as_str(), opened.stale), ("whsec_abc", false));
        assert!(
            sealer.open(Purpose::VapidPrivateKey, &sealed).is_err(),
            "not in another column"
        );
        let (other, _) = self::sealer(None);
        assert!(
            other.open(Purpose::IntegrationSecret, &sealed).is_err(),
            "not with another key"
        );
        let clear = sealer
            .open(Purpose::IntegrationSecret, "whsec_old")
            .expect("clear text");
        assert!(clear.stale && clear.plain == "whsec_old");
    }

    #[test]
    fn the_previous_key_opens_what_it_sealed_and_marks_it_stale() {
        let (old, old_key) = sealer(None);
        let sealed = old.seal(Purpose::VapidPrivateKey, "private");
        let (new, _) = sealer(Some(&old_key));
        let opened = new.open(Purpose::VapidPrivateKey, &sealed).expect("opens");
        assert!(opened.stale && opened.plain == "private");
        assert!(Sealer::load(Some("too short"), Path::new("/x"), None).is_err());
    }
}
