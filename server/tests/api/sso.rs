//! Staff sign-in through the hospital's OpenID provider (npm `oidc-provider`, on another
//! site): the role and centre come from the provider's groups; an unknown person is made an
//! account only when their groups map to a role; a refusal says why; the session ends at
//! the ID token's expiry, by signing out (through the provider's end-session endpoint) and
//! when the provider ends it over the back channel.
use crate::helpers::{audited, call, client, count, location, Kind, TestApp, PASSWORD};
use crate::oidc_provider::{app_with_provider, app_with_provider_and, follow, sign_in_as};
use crate::on_both_databases;
use app::domain::role::Role;
use reqwest::Client;
use serde_json::Value;

on_both_databases!(
    staff_sign_in_through_the_provider_takes_role_and_centre_from_its_groups,
    a_provider_session_ends_at_the_id_token_s_expiry,
    signing_out_goes_through_the_provider_and_its_back_channel_ends_other_sessions,
    staff_passwords_can_be_off_but_the_break_glass_admin_signs_in_loudly
);

async fn home(app: &TestApp, browser: &Client) -> (u16, Value) {
    let (status, body) = call(browser, app, "home", &[]).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn account(app: &TestApp, email: &str) -> Option<(i64, String, Option<i64>, String)> {
    sqlx::query_as("SELECT id, role, centre_id, display_name FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&app.db.pool)
        .await
        .expect("account")
}

async fn staff_sign_in_through_the_provider_takes_role_and_centre_from_its_groups(kind: Kind) {
    let (app, _provider, centre) = app_with_provider(kind, 600).await;
    // The sign-in page offers it.
    let page = crate::helpers::page_text(&client(), &app, "/login").await;
    assert!(
        page.contains("href=\"/auth/sso\""),
        "the sign-in page links to the provider"
    );

    // Nora, a nurse of UZL-HEM, unknown here: made a nurse of the centre, and signed in.
    let (nora, ended) = sign_in_as(&app, "nora").await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    assert!(ended.url.starts_with(&app.url("/auth/sso/callback")), "{}", ended.url);
    assert!(ended.body.contains("http-equiv=\"refresh\""), "{}", ended.body);
    let (status, view) = home(&app, &nora).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["Nurse"]["centre"], "UZ Leuven", "{view}");
    let (id, role, centre_id, name) = account(&app, "nora@hospital.example").await.expect("made");
    assert_eq!(
        (role.as_str(), centre_id, name.as_str()),
        ("nurse", Some(centre), "Nora Verpleeg")
    );
    assert_eq!(audited(&app, "staff.created_by_provider").await, 1);
    // Again: the same account, no second one.
    let users = count(&app, "users").await;
    let (_, ended) = sign_in_as(&app, "nora").await;
    assert_eq!(ended.status, 200);
    assert_eq!(count(&app, "users").await, users);
    assert_eq!(account(&app, "nora@hospital.example").await.map(|a| a.0), Some(id));
    assert_eq!(audited(&app, "sign_in.provider").await, 2);

    // Adam has a local nurse account already: linked, not doubled, and made an admin, as
    // his groups say (admin is listed first).
    let adam = app.user(Role::Nurse, "adam@hospital.example", Some(centre)).await;
    let (browser, ended) = sign_in_as(&app, "adam").await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    assert!(home(&app, &browser).await.1.get("Admin").is_some());
    assert_eq!(
        account(&app, "adam@hospital.example").await.map(|a| (a.0, a.1)),
        Some((adam, "admin".into()))
    );

    // Refused, saying why, with nothing made: no mapped group, a nurse without a centre,
    // and a patient's account that the provider may not take.
    app.user(Role::Patient, "pia@example.org", Some(centre)).await;
    let users = count(&app, "users").await;
    for (person, said) in [
        ("olga", "error=sso-no-role"),
        ("nina", "error=sso-no-centre"),
        ("pia", "error=sso-account"),
        ("una", "error=sso-account"),
        ("eve", "error=sso-account"),
    ] {
        let (browser, ended) = sign_in_as(&app, person).await;
        assert!(
            ended.url.ends_with(&format!("/login?{said}")),
            "{person}: {}",
            ended.url
        );
        assert_eq!(home(&app, &browser).await.0, 401, "{person} is not signed in");
    }
    assert_eq!(count(&app, "users").await, users);
    assert_eq!(audited(&app, "sign_in.provider_refused").await, 2);

    // A callback that is not the end of a sign-in this browser began: start again.
    let stranger = client();
    let ended = follow(&app, &stranger, "/auth/sso/callback?code=x&state=y").await;
    assert!(ended.url.ends_with("/login?error=sso-again"), "{}", ended.url);

    // A second step required of staff does not apply: the provider had its own.
    sqlx::query("INSERT INTO site_settings (name, value, changed_at) VALUES ('staff_second_step_required', 'true', 1)")
        .execute(&app.db.pool)
        .await
        .expect("required");
    assert_eq!(home(&app, &nora).await.0, 200);
}

async fn a_provider_session_ends_at_the_id_token_s_expiry(kind: Kind) {
    let (app, _provider, _) = app_with_provider(kind, 3).await;
    let (nora, ended) = sign_in_as(&app, "nora").await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    assert_eq!(home(&app, &nora).await.0, 200);
    let ends: i64 = sqlx::query_scalar("SELECT MAX(expires_at) FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .expect("session");
    assert!(ends <= server::storage::now() + 3, "the session ends with the ID token");
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    assert_eq!(home(&app, &nora).await.0, 401, "ended with its ID token");
}

async fn signing_out_goes_through_the_provider_and_its_back_channel_ends_other_sessions(kind: Kind) {
    let (app, provider, _) = app_with_provider(kind, 600).await;
    let (first, _) = sign_in_as(&app, "nora").await;
    let (second, _) = sign_in_as(&app, "nora").await;
    assert_eq!(home(&app, &second).await.0, 200);

    // Signing out on the first browser goes to the provider's end-session endpoint.
    let out = first
        .post(app.url("/auth/logout"))
        .form(&[("unsent", "")])
        .send()
        .await
        .expect("sign-out");
    let location = out.headers()["location"].to_str().unwrap_or_default().to_string();
    assert!(
        location.starts_with(&format!("{}/session/end?", provider.issuer)),
        "{location}"
    );
    assert!(location.contains("client_id=vein-to-vein"), "{location}");
    assert_eq!(home(&app, &first).await.0, 401);
    // The provider asks; the person confirms; the provider tells the app over the back
    // channel, which ends the second browser's session too, and sends the person back.
    let confirm = first
        .get(&location)
        .send()
        .await
        .expect("end session")
        .text()
        .await
        .unwrap_or_default();
    let xsrf = confirm
        .split("name=\"xsrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the provider's confirmation form")
        .to_string();
    let action = format!("{}/session/end/confirm", provider.issuer);
    let done = first
        .post(&action)
        .form(&[("xsrf", xsrf.as_str()), ("logout", "yes")])
        .send()
        .await
        .expect("confirm");
    let back = done
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(back.starts_with(&app.url("/login")), "{back}");
    assert_eq!(home(&app, &second).await.0, 401, "ended over the back channel");
    assert_eq!(audited(&app, "sign_out.by_provider").await, 1);

    // A logout token well formed in every way but its signature (another key, under the
    // provider's key id) ends nothing.
    let (third, _) = sign_in_as(&app, "nora").await;
    let token = forged_logout_token(&provider.issuer).await;
    for body in [
        format!("logout_token={token}"),
        "logout_token=not.a.token".into(),
        String::new(),
    ] {
        let status = reqwest::Client::new()
            .post(app.url("/auth/sso/backchannel-logout"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("post")
            .status();
        assert_eq!(status, 400);
    }
    assert_eq!(home(&app, &third).await.0, 200);
}

async fn staff_passwords_can_be_off_but_the_break_glass_admin_signs_in_loudly(kind: Kind) {
    let (app, _provider, centre) = app_with_provider_and(kind, 600, |config| {
        config.oidc.oidc_staff_passwords = false;
        config.oidc.oidc_break_glass = vec!["Glass@Hospital.example".into()];
    })
    .await;
    app.user(Role::Nurse, "nurse@local.example", Some(centre)).await;
    app.user(Role::Admin, "admin@local.example", None).await;
    app.user(Role::Admin, "glass@hospital.example", None).await;
    app.user(Role::Patient, "patient@example.org", Some(centre)).await;
    // Staff with a password: sent to the hospital's sign-in, with no session.
    for email in ["nurse@local.example", "admin@local.example"] {
        let browser = client();
        let answer = app.sign_in(&browser, email, PASSWORD).await;
        assert_eq!(location(&answer), "/login?error=sso-only", "{email}");
        assert_eq!(home(&app, &browser).await.0, 401, "{email}");
    }
    // A patient keeps their own sign-in.
    app.signed_in("patient@example.org").await;
    // The break-glass admin signs in, and it shows: in the audit log, and to every admin.
    let glass = app.signed_in("glass@hospital.example").await;
    assert_eq!(audited(&app, "sign_in.break_glass").await, 1);
    let (browser, ended) = sign_in_as(&app, "adam").await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    for admin in [&glass, &browser] {
        let (_, view) = home(&app, admin).await;
        let uses = view["Admin"]["break_glass"].as_array().cloned().unwrap_or_default();
        assert_eq!(uses.len(), 1, "{view}");
        assert_eq!(uses[0][1], "glass@hospital.example");
    }
}

/// A logout token as the provider would make one, signed by a key that is not the
/// provider's (the tests' RSA key) under the provider's own key id.
async fn forged_logout_token(issuer: &str) -> String {
    use jwt_simple::prelude::*;
    let keys: Value = reqwest::get(format!("{issuer}/jwks"))
        .await
        .expect("keys")
        .json()
        .await
        .expect("JSON");
    let kid = keys["keys"]
        .as_array()
        .and_then(|k| k.iter().find(|k| k["kty"] == "RSA"))
        .and_then(|k| k["kid"].as_str())
        .expect("the provider's RSA key id")
        .to_string();
    let pem = include_str!("../fixtures/fhir_client_rs384.pem");
    let key = RS256KeyPair::from_pem(pem).expect("the tests' key").with_key_id(&kid);
    let events = serde_json::json!({ "http://schemas.openid.net/event/backchannel-logout": {} });
    let claims = Claims::with_custom_claims(serde_json::json!({ "events": events }), Duration::from_mins(2))
        .with_issuer(issuer)
        .with_audience("vein-to-vein")
        .with_subject("nora")
        .with_jwt_id("forged-1");
    key.sign(claims).expect("signed")
}
