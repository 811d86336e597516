//! The message a push service carries is encrypted for the device alone (RFC 8291,
//! aes128gcm): the service sees neither the patient's name nor the reminder.
//!
//! Written here on `ring` (already in the build for TLS), whose P-256 is several times faster
//! than the pure-Rust curve of web-push-native: the key agreement is most of a push's cost.
//! web-push-native's decryption checks it in the tests, against RFC 8291's own example.
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ring::{aead, agreement, hkdf, rand::SecureRandom};
use web_push_native::p256::{elliptic_curve::sec1::ToEncodedPoint, PublicKey};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum KeyError {
    #[error("the device's public key (p256dh) is not a P-256 point in base64url")]
    PublicKey,
    #[error("the device's auth secret is not 16 bytes in base64url")]
    Auth,
    #[error("the message could not be encrypted")]
    Encrypt,
}

/// A device's keys, as its browser gave them (base64url, padding optional).
pub struct DeviceKeys {
    /// The uncompressed P-256 point (65 bytes), checked to be on the curve.
    pub p256dh: Vec<u8>,
    pub auth: [u8; 16],
}

fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim().trim_end_matches('=')).ok()
}

impl DeviceKeys {
    pub fn parse(p256dh: &str, auth: &str) -> Result<DeviceKeys, KeyError> {
        let point = decode(p256dh).ok_or(KeyError::PublicKey)?;
        let key = PublicKey::from_sec1_bytes(&point).map_err(|_| KeyError::PublicKey)?;
        let auth: [u8; 16] = decode(auth).and_then(|a| a.try_into().ok()).ok_or(KeyError::Auth)?;
        Ok(DeviceKeys {
            p256dh: key.to_encoded_point(false).as_bytes().to_vec(),
            auth,
        })
    }
}

/// Record size announced in the header; one record holds the whole message.
const RECORD_SIZE: u32 = 4096;

struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

fn expand(prk: &hkdf::Prk, info: &[&[u8]], out: &mut [u8]) -> Result<(), KeyError> {
    prk.expand(info, Len(out.len()))
        .and_then(|okm| okm.fill(out))
        .map_err(|_| KeyError::Encrypt)
}

/// The body of a push request: the message encrypted for this device, in one record
/// (salt, record size, the sender's one-time public key, then the ciphertext).
pub fn encrypt(message: &[u8], keys: &DeviceKeys) -> Result<Vec<u8>, KeyError> {
    if message.len() + 17 > RECORD_SIZE as usize {
        return Err(KeyError::Encrypt);
    }
    let rng = ring::rand::SystemRandom::new();
    let mut salt = [0u8; 16];
    rng.fill(&mut salt).map_err(|_| KeyError::Encrypt)?;
    let private =
        agreement::EphemeralPrivateKey::generate(&agreement::ECDH_P256, &rng).map_err(|_| KeyError::Encrypt)?;
    let public = private.compute_public_key().map_err(|_| KeyError::Encrypt)?;
    let device = agreement::UnparsedPublicKey::new(&agreement::ECDH_P256, &keys.p256dh);
    let public = public.as_ref().to_vec();
    agreement::agree_ephemeral(private, &device, |shared| seal(message, keys, &salt, &public, shared))
        .map_err(|_| KeyError::Encrypt)?
}

/// The record itself, once the sender's one-time key and the shared secret are known: kept
/// apart so that RFC 8291's own example (fixed salt and sender key) checks it byte for byte.
fn seal(message: &[u8], keys: &DeviceKeys, salt: &[u8; 16], public: &[u8], shared: &[u8]) -> Result<Vec<u8>, KeyError> {
    // RFC 8291 §3.3–3.4: the shared secret and the auth secret make the input key material,
    // bound to both public keys.
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, &keys.auth).extract(shared);
    let mut ikm = [0u8; 32];
    expand(&prk, &[b"WebPush: info\0", &keys.p256dh, public], &mut ikm)?;
    // RFC 8188 §2.2–2.3: the content key and nonce.
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(&ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    expand(&prk, &[b"Content-Encoding: aes128gcm\0"], &mut cek)?;
    expand(&prk, &[b"Content-Encoding: nonce\0"], &mut nonce)?;
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_128_GCM, &cek).map_err(|_| KeyError::Encrypt)?);
    let mut body = Vec::with_capacity(21 + public.len() + message.len() + 17);
    body.extend_from_slice(salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(public.len() as u8);
    body.extend_from_slice(public);
    let mut record = Vec::with_capacity(message.len() + 17);
    record.extend_from_slice(message);
    // The padding delimiter of the last (and only) record.
    record.push(2);
    key.seal_in_place_append_tag(
        aead::Nonce::assume_unique_for_key(nonce),
        aead::Aad::empty(),
        &mut record,
    )
    .map_err(|_| KeyError::Encrypt)?;
    body.extend_from_slice(&record);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use web_push_native::p256::SecretKey;

    fn bytes(text: &str) -> Vec<u8> {
        decode(text).expect("base64url")
    }

    // RFC 8291, Appendix A: the example message and the user agent's keys.
    const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    const UA_PUBLIC: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
    const ENCRYPTED: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";
    const PLAINTEXT: &[u8] = b"When I grow up, I want to be a watermelon";

    fn ua_secret() -> SecretKey {
        SecretKey::from_slice(&bytes(UA_PRIVATE)).expect("a P-256 secret")
    }

    fn auth() -> web_push_native::Auth {
        web_push_native::Auth::clone_from_slice(&bytes(AUTH))
    }

    /// The library cannot take a fixed salt and sender key, so the RFC's own message is
    /// decrypted with the RFC's keys: the same key derivation and record format as ours.
    #[test]
    fn the_rfc_8291_example_decrypts_to_its_plaintext() {
        let plain = web_push_native::decrypt(bytes(ENCRYPTED), &ua_secret(), &auth()).expect("decrypts");
        assert_eq!(plain, PLAINTEXT);
    }

    /// Our record, given the RFC's salt, sender key and shared secret, is the RFC's message
    /// byte for byte (the one-time key itself cannot be fixed in ring).
    #[test]
    fn the_rfc_8291_example_is_what_we_seal() {
        let expected = bytes(ENCRYPTED);
        let salt: [u8; 16] = expected[..16].try_into().expect("salt");
        let as_public = &expected[21..86];
        let point = PublicKey::from_sec1_bytes(as_public).expect("the sender's key");
        let shared = web_push_native::p256::ecdh::diffie_hellman(ua_secret().to_nonzero_scalar(), point.as_affine());
        let keys = DeviceKeys::parse(UA_PUBLIC, AUTH).expect("keys");
        let sealed = seal(PLAINTEXT, &keys, &salt, as_public, shared.raw_secret_bytes()).expect("seals");
        assert_eq!(sealed, expected);
    }

    #[test]
    fn a_message_too_long_for_one_record_is_refused() {
        let keys = DeviceKeys::parse(UA_PUBLIC, AUTH).expect("keys");
        assert_eq!(encrypt(&[b'x'; 4080], &keys).err(), Some(KeyError::Encrypt));
        let body = encrypt(&[b'x'; 3000], &keys).expect("fits");
        assert_eq!(
            web_push_native::decrypt(body, &ua_secret(), &auth()).expect("decrypts"),
            vec![b'x'; 3000]
        );
    }

    #[test]
    fn our_messages_round_trip_for_the_rfc_s_device() {
        let keys = DeviceKeys::parse(UA_PUBLIC, AUTH).expect("valid keys");
        let body = encrypt(b"{\"title\":\"Infusion day\"}", &keys).expect("encrypts");
        // Salt (16), record size (4096), key id length (1), the sender's public key (65).
        assert_eq!(&body[16..20], &4096u32.to_be_bytes());
        assert_eq!(body[20], 65);
        assert_eq!(body.len(), 86 + 24 + 1 + 16, "the message, its delimiter and the tag");
        let plain = web_push_native::decrypt(body.clone(), &ua_secret(), &auth()).expect("decrypts");
        assert_eq!(plain, b"{\"title\":\"Infusion day\"}");
        // A fresh salt and key each time: the same message never looks the same twice.
        assert_ne!(encrypt(b"{\"title\":\"Infusion day\"}", &keys).expect("encrypts"), body);
    }

    #[test]
    fn bad_device_keys_are_named() {
        assert_eq!(DeviceKeys::parse("not-a-key", AUTH).err(), Some(KeyError::PublicKey));
        assert_eq!(DeviceKeys::parse(UA_PUBLIC, "c2hvcnQ").err(), Some(KeyError::Auth));
        assert!(
            DeviceKeys::parse(&format!("{UA_PUBLIC}="), &format!("{AUTH}==")).is_ok(),
            "padding is fine"
        );
    }
}
