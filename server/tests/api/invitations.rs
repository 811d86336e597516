use crate::helpers::{client, location, redeem, spawn, Kind, TestApp};
use crate::on_both_databases;
use app::domain::role::Role;
use server::{auth::tokens, storage::invitations};

on_both_databases!(
    an_invitation_code_sets_a_password_once,
    a_new_code_voids_the_old_and_expired_codes_are_refused,
    a_bad_password_keeps_the_code_usable,
);

async fn invite(app: &TestApp, user_id: i64) -> String {
    let code = tokens::new_invitation_code();
    invitations::issue(&app.db, user_id, &tokens::digest(&code), None)
        .await
        .unwrap();
    tokens::display_code(&code)
}

async fn an_invitation_code_sets_a_password_once(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    let patient = app.user(Role::Patient, "p@north.example", Some(centre)).await;
    let code = invite(&app, patient).await;

    // Codes are forgiving about case and spacing: they are read from paper.
    let typed = code.to_lowercase().replace('-', " ");
    assert_eq!(
        redeem(&app, &typed, "my own new password").await,
        "/login?notice=password-set"
    );
    let response = app.sign_in(&client(), "p@north.example", "my own new password").await;
    assert_eq!(location(&response), "/");

    assert_eq!(
        redeem(&app, &code, "another password!").await,
        "/invitation?error=code-refused"
    );
    let response = app.sign_in(&client(), "p@north.example", "another password!").await;
    assert_eq!(location(&response), "/login?error=failed");
}

async fn a_new_code_voids_the_old_and_expired_codes_are_refused(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    let patient = app.user(Role::Patient, "p@north.example", Some(centre)).await;
    let old = invite(&app, patient).await;
    let new = invite(&app, patient).await;
    assert_eq!(
        redeem(&app, &old, "my own new password").await,
        "/invitation?error=code-refused"
    );

    sqlx::query("UPDATE invitations SET expires_at = 0")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        redeem(&app, &new, "my own new password").await,
        "/invitation?error=code-refused"
    );
    let page = client()
        .get(app.url("/invitation?error=code-refused"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ask your care team for a new one."));
}

async fn a_bad_password_keeps_the_code_usable(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    let patient = app.user(Role::Patient, "p@north.example", Some(centre)).await;
    let code = invite(&app, patient).await;
    assert_eq!(redeem(&app, &code, "short").await, "/invitation?error=password-short");
    let mismatch = client()
        .post(app.url("/auth/invitation"))
        .form(&[
            ("code", code.as_str()),
            ("password", "long enough pass"),
            ("confirmation", "long enough past"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&mismatch), "/invitation?error=password-differ");
    assert_eq!(redeem(&app, "ABCD", "long enough pass").await, "/invitation?error=code");
    assert_eq!(
        redeem(&app, &code, "long enough pass").await,
        "/login?notice=password-set"
    );
}
