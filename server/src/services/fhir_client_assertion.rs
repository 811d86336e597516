//! A client's signed assertion, checked as SMART Backend Services says ([`check`]):
//!
//! - signed with RS384 or ES384 by a key of the client's registered JWK Set (the one its
//!   `kid` names, when it names one);
//! - `iss` and `sub` are the client's id, `aud` is our token address;
//! - `exp` is in the future, and at most five minutes away (a minute's tolerance for
//!   clocks);
//! - `jti` is present; that it was not used before is the database's to say (storage).
//!
//! Keys are registered as JWK Sets, never fetched from a URL: the server makes no request
//! a client can point elsewhere.
use crate::json_web_keys::{keys_for, VerifyingKey};
use app::domain::fhir_api::capability::SIGNING_ALGORITHMS;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jwt_simple::prelude::*;
use serde_json::Value;

/// The longest an assertion may live, as SMART asks.
pub const MAX_LIFETIME: i64 = 300;
/// How far clocks may disagree: an assertion is taken until a minute past its `exp`.
pub const TOLERANCE: u64 = 60;
const MAX_LENGTH: usize = 16 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a JWT this server reads.
    Malformed,
    /// No registered key of its algorithm (and `kid`).
    NoKey,
    /// No key verified it, or a claim is wrong.
    Invalid,
    /// `exp` more than five minutes away.
    TooLong,
    NoJti,
}

pub struct Checked {
    pub jti: String,
    pub expires_at: i64,
}

/// The client an assertion says it is from (`iss`), read before anything is checked, to
/// find its keys; `None` unless `iss` and `sub` are the same, as SMART requires.
pub fn issuer_of(assertion: &str) -> Option<String> {
    let payload = assertion.split('.').nth(1)?;
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    let iss = claims.get("iss")?.as_str()?;
    (claims.get("sub")?.as_str()? == iss && !iss.is_empty()).then(|| iss.to_string())
}

/// Checks `assertion` against the client's `jwks`, for `audience` (our token address), at
/// `now` (Unix seconds).
pub fn check(assertion: &str, jwks: &str, client_id: &str, audience: &str, now: i64) -> Result<Checked, Refused> {
    if assertion.len() > MAX_LENGTH {
        return Err(Refused::Malformed);
    }
    let header = Token::decode_metadata(assertion).map_err(|_| Refused::Malformed)?;
    let algorithm = header.algorithm().to_string();
    let keys = keys_of(jwks, &algorithm, header.key_id());
    if keys.is_empty() {
        return Err(Refused::NoKey);
    }
    let options = VerificationOptions {
        allowed_issuers: Some(HashSet::from_strings(&[client_id])),
        required_subject: Some(client_id.to_string()),
        allowed_audiences: Some(HashSet::from_strings(&[audience])),
        time_tolerance: Some(Duration::from_secs(TOLERANCE)),
        artificial_time: Some(UnixTimeStamp::from_secs(u64::try_from(now).unwrap_or_default())),
        max_token_length: Some(MAX_LENGTH),
        ..VerificationOptions::default()
    };
    let claims = keys
        .iter()
        .find_map(|key| key.verify::<NoCustomClaims>(assertion, &options))
        .ok_or(Refused::Invalid)?;
    let expires_at = claims.expires_at.map(|e| e.as_secs() as i64).ok_or(Refused::Invalid)?;
    if expires_at > now + MAX_LIFETIME + TOLERANCE as i64 {
        return Err(Refused::TooLong);
    }
    let jti = claims
        .jwt_id
        .filter(|j| !j.is_empty() && j.len() <= 256)
        .ok_or(Refused::NoJti)?;
    Ok(Checked { jti, expires_at })
}

/// The registered keys (a JWK Set, as JSON) that may have signed with `algorithm`, one
/// of the two SMART asks for.
fn keys_of(jwks: &str, algorithm: &str, kid: Option<&str>) -> Vec<VerifyingKey> {
    if !SIGNING_ALGORITHMS.contains(&algorithm) {
        return Vec::new();
    }
    serde_json::from_str::<Value>(jwks).map_or_else(|_| Vec::new(), |set| keys_for(&set, algorithm, kid))
}

/// Whether `jwks` is a JWK Set with at least one key this server can check an assertion
/// with: what registering a client asks of its keys.
pub fn usable(jwks: &str) -> bool {
    SIGNING_ALGORITHMS
        .iter()
        .any(|alg| !keys_of(jwks, alg, None).is_empty())
}

#[cfg(test)]
#[path = "fhir_client_assertion_tests.rs"]
mod tests;
