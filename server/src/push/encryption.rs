//! The message a push service carries is encrypted for the device alone (RFC 8291,
//! aes128gcm): the service sees neither the patient's name nor the reminder.
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use web_push_native::p256::PublicKey;

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
    pub p256dh: PublicKey,
    pub auth: [u8; 16],
}

fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim().trim_end_matches('=')).ok()
}

impl DeviceKeys {
    pub fn parse(p256dh: &str, auth: &str) -> Result<DeviceKeys, KeyError> {
        let point = decode(p256dh).ok_or(KeyError::PublicKey)?;
        let p256dh = PublicKey::from_sec1_bytes(&point).map_err(|_| KeyError::PublicKey)?;
        let auth: [u8; 16] = decode(auth).and_then(|a| a.try_into().ok()).ok_or(KeyError::Auth)?;
        Ok(DeviceKeys { p256dh, auth })
    }
}

/// The body of a push request: the message encrypted for this device, in one record.
pub fn encrypt(message: &[u8], keys: &DeviceKeys) -> Result<Vec<u8>, KeyError> {
    let auth = web_push_native::Auth::clone_from_slice(&keys.auth);
    web_push_native::encrypt(message.to_vec(), &keys.p256dh, &auth).map_err(|_| KeyError::Encrypt)
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

    #[test]
    fn our_messages_round_trip_for_the_rfc_s_device() {
        let keys = DeviceKeys::parse(UA_PUBLIC, AUTH).expect("valid keys");
        let body = encrypt(b"{\"title\":\"Infusion day\"}", &keys).expect("encrypts");
        // Salt (16), record size (4), key id length (1), the sender's public key (65).
        assert_eq!(&body[16..20], &(body.len() as u32 - 86).to_be_bytes());
        assert_eq!(body[20], 65);
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
