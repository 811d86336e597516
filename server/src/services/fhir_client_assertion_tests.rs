//! Assertions as a client signs them, good and bad, against `check`.
use super::*;

const CLIENT: &str = "ward-ehr";
const AUDIENCE: &str = "https://app.example/fhir/auth/token";
/// A test-only key, made with `openssl genpkey -algorithm RSA`.
const RSA_PEM: &str = include_str!("../../tests/fixtures/fhir_client_rs384.pem");

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn ec_jwk(pair: &ES384KeyPair, kid: &str) -> Value {
    // The key's SubjectPublicKeyInfo ends with its uncompressed point: 04, x, y.
    let der = pair.public_key().to_der().expect("DER");
    let point = &der[der.len() - 97..];
    serde_json::json!({
        "kty": "EC", "crv": "P-384", "kid": kid, "alg": "ES384",
        "x": URL_SAFE_NO_PAD.encode(&point[1..49]),
        "y": URL_SAFE_NO_PAD.encode(&point[49..]),
    })
}

fn rsa_jwk(pair: &RS384KeyPair) -> Value {
    let parts = pair.public_key().to_components();
    serde_json::json!({ "kty": "RSA", "kid": "rsa-1", "n": URL_SAFE_NO_PAD.encode(parts.n), "e": URL_SAFE_NO_PAD.encode(parts.e) })
}

fn claims() -> JWTClaims<NoCustomClaims> {
    Claims::create(Duration::from_secs(240))
        .with_issuer(CLIENT)
        .with_subject(CLIENT)
        .with_audience(AUDIENCE)
        .with_jwt_id("a-1")
}

fn set(keys: &[Value]) -> String {
    serde_json::json!({ "keys": keys }).to_string()
}

#[test]
fn assertions_are_taken_or_refused_as_smart_says() {
    let pair = ES384KeyPair::generate().with_key_id("ec-1");
    let other = ES384KeyPair::generate().with_key_id("ec-1");
    let jwks = set(&[ec_jwk(&pair, "ec-1")]);
    let sign = |c: JWTClaims<NoCustomClaims>| pair.sign(c).expect("signed");
    let mut expired = claims();
    expired.expires_at = Some(UnixTimeStamp::from_secs((now() - 120) as u64));
    let mut too_long = claims();
    too_long.expires_at = Some(UnixTimeStamp::from_secs((now() + 3600) as u64));
    let mut no_jti = claims();
    no_jti.jwt_id = None;
    let good = sign(claims());
    let mut parts: Vec<String> = good.split('.').map(str::to_string).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(br#"{"iss":"ward-ehr","sub":"ward-ehr","aud":"https://app.example/fhir/auth/token","jti":"x","exp":99999999999}"#);
    let tampered = parts.join(".");
    let hs = HS384Key::generate().authenticate(claims()).expect("signed");
    let cases: Vec<(&str, String, Result<(), Refused>)> = vec![
        ("good", good.clone(), Ok(())),
        (
            "another audience",
            sign(claims().with_audience("https://elsewhere.example/token")),
            Err(Refused::Invalid),
        ),
        (
            "another issuer",
            sign(claims().with_issuer("someone")),
            Err(Refused::Invalid),
        ),
        (
            "another subject",
            sign(claims().with_subject("someone")),
            Err(Refused::Invalid),
        ),
        ("expired", sign(expired), Err(Refused::Invalid)),
        ("an hour long", sign(too_long), Err(Refused::TooLong)),
        ("no jti", sign(no_jti), Err(Refused::NoJti)),
        (
            "another key",
            other.sign(claims()).expect("signed"),
            Err(Refused::Invalid),
        ),
        ("tampered", tampered, Err(Refused::Invalid)),
        ("a shared secret", hs, Err(Refused::NoKey)),
        (
            "unnamed key",
            ES384KeyPair::generate()
                .with_key_id("ec-2")
                .sign(claims())
                .expect("signed"),
            Err(Refused::NoKey),
        ),
        ("not a JWT", "not.a.jwt".into(), Err(Refused::Malformed)),
        ("too long to read", "a".repeat(20_000), Err(Refused::Malformed)),
    ];
    for (case, assertion, expected) in cases {
        let got = check(&assertion, &jwks, CLIENT, AUDIENCE, now()).map(|_| ());
        assert_eq!(got, expected, "{case}");
    }
}

#[test]
fn an_rsa_key_signs_too_and_the_claims_come_back() {
    let pair = RS384KeyPair::from_pem(RSA_PEM)
        .expect("the test key")
        .with_key_id("rsa-1");
    let jwks = set(&[rsa_jwk(&pair)]);
    let assertion = pair.sign(claims()).expect("signed");
    let checked = check(&assertion, &jwks, CLIENT, AUDIENCE, now()).expect("taken");
    assert_eq!(checked.jti, "a-1");
    assert!(checked.expires_at > now() && checked.expires_at <= now() + 241);
    assert_eq!(issuer_of(&assertion).as_deref(), Some(CLIENT));
    assert!(usable(&jwks));
}

#[test]
fn only_a_set_with_a_key_we_can_use_is_usable() {
    let ec = ec_jwk(&ES384KeyPair::generate(), "k");
    assert!(usable(&set(&[ec.clone()])));
    let p256 = serde_json::json!({ "kty": "EC", "crv": "P-256", "x": ec["x"], "y": ec["y"] });
    for jwks in [
        set(&[p256]),
        set(&[]),
        "{}".into(),
        "[]".into(),
        "not json".into(),
        r#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#.into(),
    ] {
        assert!(!usable(&jwks), "{jwks}");
    }
}

#[test]
fn the_issuer_is_read_only_when_the_subject_is_the_same() {
    let pair = ES384KeyPair::generate();
    assert_eq!(
        issuer_of(&pair.sign(claims().with_subject("other")).expect("signed")),
        None
    );
    assert_eq!(issuer_of("a.b.c"), None);
    assert_eq!(issuer_of(""), None);
}
