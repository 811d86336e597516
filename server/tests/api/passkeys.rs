//! Passkeys over HTTP, with webauthn-authenticator-rs' software passkey as the phone's
//! authenticator: making one, signing in with it, the ceremony kept in the database and
//! answered once, and how long the session lasts (7 idle days and 30 in all only for a
//! patient or caregiver on a phone they marked as their own).
//!
//! The software passkey keeps no discoverable (resident) keys, which the server asks for:
//! as a browser's client would, the test names the credential it holds and hands back the
//! account's id (user handle) a resident key returns. The browser test does the same with
//! Chromium's virtual authenticator, which keeps real resident keys.
use crate::helpers::*;
use crate::on_both_databases;
use app::domain::role::Role;
use reqwest::Client;
use serde_json::{json, Value};
use webauthn_authenticator_rs::{prelude::*, softpasskey::SoftPasskey};

on_both_databases!(a_passkey_is_made_once_and_signs_in_for_as_long_as_the_rule_says);

/// The phone: its authenticator, and what it remembers of the passkey it made.
struct Phone {
    authenticator: SoftPasskey,
    credential_id: String,
    user_handle: String,
}

fn origin(app: &TestApp) -> Url {
    let port = app.base.rsplit(':').next().unwrap_or_default();
    Url::parse(&format!("http://localhost:{port}")).expect("origin")
}

async fn post_json(client: &Client, app: &TestApp, path: &str, body: &Value) -> (u16, Value) {
    let response = client
        .post(app.url(path))
        .header("origin", app.base.as_str())
        .json(body)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Makes a passkey for whoever `client` is signed in as; answers the phone and the answer
/// it sent (to try sending it again).
async fn make_passkey(app: &TestApp, client: &Client) -> (Phone, Value) {
    let (status, begun) = post_json(client, app, "/auth/passkey/register/options", &json!({})).await;
    assert_eq!(status, 200, "{begun}");
    let mut options = begun["options"].clone();
    assert_eq!(
        options["publicKey"]["authenticatorSelection"]["residentKey"],
        "required"
    );
    assert_eq!(options["publicKey"]["rp"]["id"], "localhost");
    let user_handle = options["publicKey"]["user"]["id"]
        .as_str()
        .expect("user id")
        .to_string();
    options["publicKey"]["authenticatorSelection"]["residentKey"] = "discouraged".into();
    options["publicKey"]["authenticatorSelection"]["requireResidentKey"] = false.into();
    let mut authenticator = SoftPasskey::new(true);
    let options: CreationChallengeResponse = serde_json::from_value(options).expect("creation options");
    let credential = authenticator.do_registration(origin(app), options).expect("registered");
    let answer = json!({ "ceremony": begun["ceremony"], "credential": credential });
    let (status, next) = post_json(client, app, "/auth/passkey/register", &answer).await;
    assert_eq!(
        (status, next["redirect"].as_str()),
        (200, Some("/settings?notice=passkey-added"))
    );
    let credential_id = answer["credential"]["rawId"].as_str().expect("raw id").to_string();
    let phone = Phone {
        authenticator,
        credential_id,
        user_handle,
    };
    (phone, answer)
}

/// Signs in with the phone's passkey from `client`; answers the status and the JSON.
async fn sign_in_with(app: &TestApp, client: &Client, phone: &mut Phone) -> (u16, Value) {
    let (status, begun) = post_json(client, app, "/auth/passkey/sign-in/options", &json!({})).await;
    assert_eq!(status, 200, "{begun}");
    let answer = signed_answer(app, phone, &begun);
    post_json(client, app, "/auth/passkey/sign-in", &answer).await
}

/// The phone's answer to a sign-in ceremony begun with `begun`.
fn signed_answer(app: &TestApp, phone: &mut Phone, begun: &Value) -> Value {
    let mut options = begun["options"].clone();
    options["publicKey"]["allowCredentials"] = json!([{ "type": "public-key", "id": phone.credential_id }]);
    let options: RequestChallengeResponse = serde_json::from_value(options).expect("request options");
    let credential = phone
        .authenticator
        .do_authentication(origin(app), options)
        .expect("signed");
    let mut credential = serde_json::to_value(credential).expect("json");
    credential["response"]["userHandle"] = phone.user_handle.clone().into();
    json!({ "ceremony": begun["ceremony"], "credential": credential })
}

async fn session_limits(app: &TestApp) -> Vec<(i64, i64)> {
    sqlx::query_as("SELECT idle_seconds, expires_at - created_at FROM sessions ORDER BY created_at, token_hash")
        .fetch_all(&app.db.pool)
        .await
        .expect("sessions")
}

async fn a_passkey_is_made_once_and_signs_in_for_as_long_as_the_rule_says(kind: Kind) {
    let app = spawn_with(kind, |config| config.public_url = "http://localhost".into()).await;
    let centre = app.centre("Leuven").await;
    app.user(Role::Patient, "ann@example.org", Some(centre)).await;
    app.user(Role::Nurse, "nina@example.org", Some(centre)).await;
    let ann = app.signed_in("ann@example.org").await;

    // Made once: the same answer sent again finds no ceremony.
    let (mut phone, answer) = make_passkey(&app, &ann).await;
    assert_eq!(count(&app, "passkeys").await, 1);
    assert_eq!(count(&app, "webauthn_ceremonies").await, 0);
    let (status, next) = post_json(&ann, &app, "/auth/passkey/register", &answer).await;
    assert_eq!(
        (status, next["redirect"].as_str()),
        (400, Some("/settings?error=passkey-failed"))
    );
    assert_eq!(count(&app, "passkeys").await, 1);

    // Signed in on a phone not marked as hers: today's limits (30 minutes, 12 hours).
    let stranger = client();
    let (status, next) = sign_in_with(&app, &stranger, &mut phone).await;
    assert_eq!((status, next["redirect"].as_str()), (200, Some("/")), "{next}");
    let limits = session_limits(&app).await;
    assert_eq!(limits.last(), Some(&(1800, 12 * 3600)));

    // Her own phone (the browser she signed in from with her password), marked in settings.
    let marked = ann
        .post(app.url("/auth/own-device"))
        .form(&[("own", "1")])
        .send()
        .await
        .expect("mark");
    assert_eq!(location(&marked), "/settings?notice=own-device");
    let (status, _) = sign_in_with(&app, &ann, &mut phone).await;
    assert_eq!(status, 200);
    let limits = session_limits(&app).await;
    assert!(limits.contains(&(7 * 24 * 3600, 30 * 24 * 3600)), "{limits:?}");
    let (status, body) = call(&ann, &app, "account/passkeys", &[]).await;
    assert_eq!(status, 200, "{body}");
    let view: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        (view["own_device"].as_bool(), view["passkeys"].as_array().map(Vec::len)),
        (Some(true), Some(1))
    );
    assert!(view["passkeys"][0]["last_used_on"].is_string(), "{view}");

    // A nurse on her own phone keeps the staff limits.
    let nina = app.signed_in("nina@example.org").await;
    let (mut nina_phone, _) = make_passkey(&app, &nina).await;
    let marked = nina
        .post(app.url("/auth/own-device"))
        .form(&[("own", "1")])
        .send()
        .await
        .expect("mark");
    assert_eq!(location(&marked), "/settings?notice=own-device");
    let before = session_limits(&app).await.len();
    let (status, _) = sign_in_with(&app, &nina, &mut nina_phone).await;
    assert_eq!(status, 200);
    let limits = session_limits(&app).await;
    assert_eq!(limits.len(), before, "the old session of this browser ended");
    assert_eq!(limits.iter().filter(|l| l.0 == 7 * 24 * 3600).count(), 1, "{limits:?}");

    // A ceremony lives in the database: one removed there cannot be finished anywhere.
    let (_, begun) = post_json(&stranger, &app, "/auth/passkey/sign-in/options", &json!({})).await;
    assert_eq!(count(&app, "webauthn_ceremonies").await, 1);
    sqlx::query("DELETE FROM webauthn_ceremonies")
        .execute(&app.db.pool)
        .await
        .expect("delete");
    let answer = signed_answer(&app, &mut phone, &begun);
    let (status, next) = post_json(&stranger, &app, "/auth/passkey/sign-in", &answer).await;
    assert_eq!(
        (status, next["redirect"].as_str()),
        (400, Some("/login?error=passkey-failed"))
    );

    // Nonsense is a clear 4xx; another account's passkey cannot be removed.
    let (status, _) = post_json(&stranger, &app, "/auth/passkey/sign-in", &json!({ "ceremony": 1 })).await;
    assert_eq!(status, 400);
    let nina_key: i64 = sqlx::query_scalar(
        "SELECT id FROM passkeys WHERE user_id <> (SELECT id FROM users WHERE email = 'ann@example.org')",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("nina's key");
    let refused = ann
        .post(app.url("/auth/passkey/remove"))
        .form(&[("passkey", nina_key.to_string())])
        .send()
        .await
        .expect("remove");
    assert_eq!(location(&refused), "/settings?error=choice");
    assert_eq!(count(&app, "passkeys").await, 2);
    let (status, _) = post_json(&client(), &app, "/auth/passkey/register/options", &json!({})).await;
    assert_eq!(status, 401, "nobody signed in makes no passkey");
}
