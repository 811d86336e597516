//! A hospital system as the FHIR API sees it, shared by the FHIR tests: registered with
//! the command line, it signs its assertions with its own ES384 key (jwt-simple, as any
//! SMART client library would) and reads with the token it gets.
use crate::helpers::TestApp;
use crate::research_cli::{ok, vtv};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jwt_simple::prelude::*;
use serde_json::{json, Value};

pub struct System {
    pub client_id: String,
    pub key: ES384KeyPair,
    /// Where its keys were written, for the registration.
    _folder: tempfile::TempDir,
}

/// Registers `client_id` for `centres`, reading `types` (all five when empty).
pub async fn register(app: &TestApp, client_id: &str, centres: &[i64], types: &str) -> System {
    let key = ES384KeyPair::generate().with_key_id("k1");
    // The key's SubjectPublicKeyInfo ends with its uncompressed point: 04, x, y.
    let der = key.public_key().to_der().expect("DER");
    let point = &der[der.len() - 97..];
    let jwks = json!({ "keys": [{
        "kty": "EC", "crv": "P-384", "kid": "k1", "alg": "ES384",
        "x": URL_SAFE_NO_PAD.encode(&point[1..49]),
        "y": URL_SAFE_NO_PAD.encode(&point[49..]),
    }] });
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("jwks.json");
    std::fs::write(&path, jwks.to_string()).expect("written");
    let path = path.to_string_lossy().to_string();
    let centres: Vec<String> = centres.iter().map(i64::to_string).collect();
    let mut args = vec![
        "fhir-client",
        "--client-id",
        client_id,
        "--name",
        "Ward EHR",
        "--jwks",
        &path,
    ];
    for c in &centres {
        args.extend(["--centre", c.as_str()]);
    }
    if !types.is_empty() {
        args.extend(["--types", types]);
    }
    let said = ok(vtv(&app.database_url, &args).await);
    assert!(said.contains("registered"), "{said}");
    System {
        client_id: client_id.to_string(),
        key,
        _folder: folder,
    }
}

impl System {
    /// A fresh assertion for the app's token address.
    pub fn assertion(&self, app: &TestApp) -> String {
        self.signed(
            Claims::create(Duration::from_secs(240))
                .with_issuer(&self.client_id)
                .with_subject(&self.client_id)
                .with_audience(token_address(app))
                .with_jwt_id(format!("{}-{}", self.client_id, rand::random::<u64>())),
        )
    }

    pub fn signed(&self, claims: JWTClaims<NoCustomClaims>) -> String {
        self.key.sign(claims).expect("signed")
    }

    /// Asks for a token with `scope`; the status and the answer.
    pub async fn ask(&self, app: &TestApp, assertion: &str, scope: &str) -> (u16, Value) {
        token_request(
            app,
            &[
                ("grant_type", "client_credentials"),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", assertion),
                ("scope", scope),
            ],
        )
        .await
    }

    /// A token for `scope`, which must be given.
    pub async fn token(&self, app: &TestApp, scope: &str) -> String {
        let (status, answer) = self.ask(app, &self.assertion(app), scope).await;
        assert_eq!(status, 200, "{answer}");
        answer["access_token"].as_str().expect("a token").to_string()
    }
}

/// The token address as the app announces it (its public address, not the test's port).
pub fn token_address(app: &TestApp) -> String {
    format!("{}/fhir/auth/token", app.services.public_url)
}

pub async fn token_request(app: &TestApp, form: &[(&str, &str)]) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(app.url("/fhir/auth/token"))
        .form(form)
        .send()
        .await
        .expect("token request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// GET `path` of the API with `token`; the status and the answer.
pub async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("FHIR request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The resources of a searchset Bundle.
pub fn resources(bundle: &Value) -> Vec<Value> {
    bundle["entry"]
        .as_array()
        .map(|entries| entries.iter().map(|e| e["resource"].clone()).collect())
        .unwrap_or_default()
}

pub fn next_link(bundle: &Value) -> Option<String> {
    bundle["link"]
        .as_array()?
        .iter()
        .find(|l| l["relation"] == "next")
        .and_then(|l| l["url"].as_str())
        .map(str::to_string)
}
