//! Encrypting one push (aes128gcm, RFC 8291) for one device: ours on ring beside
//! web-push-native's pure-Rust P-256, in the same run. Medians of 15 rounds of 500.
use server::push::encryption::{encrypt, DeviceKeys};
use std::time::Instant;

const P256DH: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

fn median_micros(mut run: impl FnMut()) -> f64 {
    let mut rounds: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..500 {
                run();
            }
            t.elapsed().as_secs_f64() * 1e6 / 500.0
        })
        .collect();
    rounds.sort_by(|a, b| a.total_cmp(b));
    rounds[rounds.len() / 2]
}

fn main() {
    let message = vec![b'x'; 300];
    let keys = DeviceKeys::parse(P256DH, AUTH).expect("keys");
    let ours = median_micros(|| {
        std::hint::black_box(encrypt(&message, &keys).expect("encrypts"));
    });
    let point = web_push_native::p256::PublicKey::from_sec1_bytes(&keys.p256dh).expect("point");
    let auth = web_push_native::Auth::clone_from_slice(&keys.auth);
    let reference = median_micros(|| {
        std::hint::black_box(web_push_native::encrypt(message.clone(), &point, &auth).expect("encrypts"));
    });
    println!(
        "encrypt 300 bytes: ours (ring) {ours:.1} µs, web-push-native {reference:.1} µs, ratio {:.2}",
        reference / ours
    );
}
