//! The server's VAPID identity (RFC 8292): a P-256 key pair whose public half the browser
//! gets when it subscribes, and a signed token per push service, reused until shortly
//! before it expires.
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use std::{collections::HashMap, sync::Mutex};
use web_push_native::jwt_simple::{
    algorithms::{ECDSAP256KeyPairLike, ECDSAP256PublicKeyLike, ES256KeyPair},
    claims::Claims,
    prelude::Duration,
};

/// How long a token is valid (RFC 8292 allows at most 24 hours).
pub const TOKEN_SECONDS: i64 = 12 * 3600;
/// A cached token is replaced this long before it expires.
const RENEW_BEFORE_SECONDS: i64 = 3600;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum VapidError {
    #[error("the VAPID private key is not 32 bytes of base64url")]
    PrivateKey,
    #[error("the push endpoint has no scheme or host: {0}")]
    Endpoint(String),
    #[error("the VAPID token could not be signed")]
    Sign,
}

pub struct Vapid {
    key: ES256KeyPair,
    /// base64url of the uncompressed public point: the browser's `applicationServerKey`.
    pub public_key: String,
    /// Who runs this server, for the push services (`mailto:` or `https:`).
    contact: String,
    /// Per push-service origin: the header value and when its token expires.
    tokens: Mutex<HashMap<String, (String, i64)>>,
}

impl Vapid {
    /// A new key pair; answers it with its private half in base64url, to be stored.
    pub fn generate(contact: &str) -> (Vapid, String) {
        let key = ES256KeyPair::generate();
        let private = URL_SAFE_NO_PAD.encode(key.to_bytes());
        (Vapid::with_key(key, contact), private)
    }

    pub fn from_private_key(private: &str, contact: &str) -> Result<Vapid, VapidError> {
        let raw = URL_SAFE_NO_PAD
            .decode(private.trim().trim_end_matches('='))
            .map_err(|_| VapidError::PrivateKey)?;
        let key = ES256KeyPair::from_bytes(&raw).map_err(|_| VapidError::PrivateKey)?;
        Ok(Vapid::with_key(key, contact))
    }

    fn with_key(key: ES256KeyPair, contact: &str) -> Vapid {
        let public_key = URL_SAFE_NO_PAD.encode(key.public_key().public_key().to_bytes_uncompressed());
        Vapid {
            key,
            public_key,
            contact: contact.to_string(),
            tokens: Mutex::new(HashMap::new()),
        }
    }

    /// The `Authorization` header for a push to `endpoint` at `now` (seconds): the token
    /// made for this push service earlier, while it has more than an hour left, else a new one.
    pub fn authorization(&self, endpoint: &str, now: i64) -> Result<String, VapidError> {
        let origin = origin(endpoint)?;
        if let Ok(tokens) = self.tokens.lock() {
            if let Some((header, expires)) = tokens.get(&origin) {
                if *expires - RENEW_BEFORE_SECONDS > now {
                    return Ok(header.clone());
                }
            }
        }
        let mut claims = Claims::create(Duration::from_secs(TOKEN_SECONDS as u64))
            .with_audience(origin.clone())
            .with_subject(self.contact.clone());
        // Counted from the injected clock, not the machine's, so tests can move time.
        claims.issued_at = Some(Duration::from_secs(now as u64));
        claims.expires_at = Some(Duration::from_secs((now + TOKEN_SECONDS) as u64));
        claims.invalid_before = None;
        let token = self.key.sign(claims).map_err(|_| VapidError::Sign)?;
        let header = format!("vapid t={token}, k={}", self.public_key);
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.insert(origin, (header.clone(), now + TOKEN_SECONDS));
        }
        Ok(header)
    }
}

/// `https://fcm.googleapis.com/fcm/send/…` → `https://fcm.googleapis.com` (with a port when
/// the endpoint names one: the token's audience must match the push service exactly).
pub fn origin(endpoint: &str) -> Result<String, VapidError> {
    let uri: http::Uri = endpoint
        .parse()
        .map_err(|_| VapidError::Endpoint(endpoint.to_string()))?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(VapidError::Endpoint(endpoint.to_string()));
    };
    Ok(format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_signed_for_the_push_service_and_reused_until_near_its_end() {
        let (vapid, private) = Vapid::generate("mailto:care@example.org");
        let again = Vapid::from_private_key(&private, "mailto:care@example.org").expect("stored key reads");
        assert_eq!(again.public_key, vapid.public_key);
        assert_eq!(URL_SAFE_NO_PAD.decode(&vapid.public_key).expect("b64").len(), 65);
        let now = 1_800_000_000;
        let first = vapid
            .authorization("https://push.example.net:8443/p/abc", now)
            .expect("header");
        let token = first
            .strip_prefix("vapid t=")
            .and_then(|rest| rest.split(", k=").next())
            .expect("token");
        // The claims, read without the machine's clock (ours is injected).
        let payload = token.split('.').nth(1).expect("payload");
        let json: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("b64")).expect("json");
        assert_eq!(json["aud"], "https://push.example.net:8443");
        assert_eq!(json["sub"], "mailto:care@example.org");
        assert_eq!(json["exp"], now + TOKEN_SECONDS);
        // Same service, 10 hours later: the same header. 11 h 1 min later: a new one.
        let other_device = "https://push.example.net:8443/p/xyz";
        assert_eq!(
            vapid.authorization(other_device, now + 10 * 3600).expect("header"),
            first
        );
        assert_ne!(
            vapid.authorization(other_device, now + 11 * 3600 + 60).expect("header"),
            first
        );
        // Another service gets its own token.
        let fcm = vapid
            .authorization("https://fcm.googleapis.com/fcm/send/1", now)
            .expect("header");
        assert_ne!(fcm, first);
    }

    #[test]
    fn bad_keys_and_endpoints_are_named() {
        assert_eq!(
            Vapid::from_private_key("short", "mailto:a@b").err(),
            Some(VapidError::PrivateKey)
        );
        assert!(matches!(origin("/relative"), Err(VapidError::Endpoint(_))));
    }
}
