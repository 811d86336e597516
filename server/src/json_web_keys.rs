//! JSON Web Keys (RFC 7517) as jwt-simple checks a token with them: the keys of a JWK Set
//! that may have signed with a token's algorithm (and are its `kid`, when it names one).
//! Shared by the FHIR clients' assertions (RS384, ES384) and the OpenID provider's logout
//! tokens (RS256, ES256).
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jwt_simple::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

pub enum VerifyingKey {
    Rs256(RS256PublicKey),
    Rs384(RS384PublicKey),
    Es256(ES256PublicKey),
    Es384(ES384PublicKey),
}

impl VerifyingKey {
    /// The token's claims, if this key signed it and `options` hold.
    pub fn verify<C: Serialize + DeserializeOwned>(
        &self,
        token: &str,
        options: &VerificationOptions,
    ) -> Option<JWTClaims<C>> {
        let options = Some(options.clone());
        match self {
            VerifyingKey::Rs256(k) => k.verify_token::<C>(token, options).ok(),
            VerifyingKey::Rs384(k) => k.verify_token::<C>(token, options).ok(),
            VerifyingKey::Es256(k) => k.verify_token::<C>(token, options).ok(),
            VerifyingKey::Es384(k) => k.verify_token::<C>(token, options).ok(),
        }
    }
}

/// The keys of the JWK Set `set` that may have signed with `algorithm` (and are `kid`, if
/// named); a key that states its own `alg` must state this one.
pub fn keys_for(set: &Value, algorithm: &str, kid: Option<&str>) -> Vec<VerifyingKey> {
    set.get("keys")
        .and_then(Value::as_array)
        .map(|keys| {
            keys.iter()
                .filter(|k| kid.is_none_or(|kid| k.get("kid").and_then(Value::as_str) == Some(kid)))
                .filter(|k| k.get("alg").and_then(Value::as_str).is_none_or(|a| a == algorithm))
                .filter_map(|k| key_of(k, algorithm))
                .collect()
        })
        .unwrap_or_default()
}

fn key_of(jwk: &Value, algorithm: &str) -> Option<VerifyingKey> {
    let field = |name: &str| URL_SAFE_NO_PAD.decode(jwk.get(name)?.as_str()?).ok();
    // An EC key's point, uncompressed: 04, x, y.
    let point = || -> Option<Vec<u8>> {
        let mut point = vec![4u8];
        point.extend(field("x")?);
        point.extend(field("y")?);
        Some(point)
    };
    let curve = jwk.get("crv").and_then(Value::as_str);
    match (algorithm, jwk.get("kty")?.as_str()?, curve) {
        ("RS256", "RSA", _) => RS256PublicKey::from_components(&field("n")?, &field("e")?)
            .ok()
            .map(VerifyingKey::Rs256),
        ("RS384", "RSA", _) => RS384PublicKey::from_components(&field("n")?, &field("e")?)
            .ok()
            .map(VerifyingKey::Rs384),
        ("ES256", "EC", Some("P-256")) => ES256PublicKey::from_bytes(&point()?).ok().map(VerifyingKey::Es256),
        ("ES384", "EC", Some("P-384")) => ES384PublicKey::from_bytes(&point()?).ok().map(VerifyingKey::Es384),
        _ => None,
    }
}
