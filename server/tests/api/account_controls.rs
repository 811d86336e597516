//! Deactivation, and a nurse's new sign-in code given by an admin: each needs a second
//! person or ends what the account could do. Every step is audit-logged.
use crate::helpers::*;
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(
    a_deactivated_account_cannot_sign_in_and_its_sessions_end,
    a_nurse_given_a_new_code_by_an_admin_waits_for_a_nurse_of_the_centre,
);

async fn a_deactivated_account_cannot_sign_in_and_its_sessions_end(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    let nurse_id = app
        .user(Role::Nurse, "nurse@leuven.example", Some(centre))
        .await
        .to_string();
    let admin_id = app.user(Role::Admin, "admin@example.org", None).await.to_string();
    let nurse = app.signed_in("nurse@leuven.example").await;
    let admin = app.signed_in("admin@example.org").await;
    assert_eq!(
        call(
            &nurse,
            &app,
            "accounts/active",
            &[("user_id", &nurse_id), ("active", "false")]
        )
        .await
        .0,
        403
    );
    assert_eq!(
        call(
            &admin,
            &app,
            "accounts/active",
            &[("user_id", &admin_id), ("active", "false")]
        )
        .await
        .0,
        403,
        "not oneself"
    );
    assert_eq!(
        call(
            &admin,
            &app,
            "accounts/active",
            &[("user_id", "999999"), ("active", "false")]
        )
        .await
        .0,
        403
    );

    let (status, body) = call(
        &admin,
        &app,
        "accounts/active",
        &[("user_id", &nurse_id), ("active", "false")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // Twice is once: the same call again writes no second audit row.
    call(
        &admin,
        &app,
        "accounts/active",
        &[("user_id", &nurse_id), ("active", "false")],
    )
    .await;
    assert_eq!(audited(&app, "account.deactivated").await, 1);
    assert_eq!(call(&nurse, &app, "flags/queue", &[]).await.0, 401, "the session ended");
    let refused = app.sign_in(&client(), "nurse@leuven.example", PASSWORD).await;
    assert_eq!(location(&refused), "/login?error=deactivated");
    let wrong = app.sign_in(&client(), "nurse@leuven.example", "not the password").await;
    assert_eq!(
        location(&wrong),
        "/login?error=failed",
        "nothing said without the password"
    );
    let (_, accounts) = call(&admin, &app, "home", &[]).await;
    assert!(accounts.contains("\"deactivated\":true"), "{accounts:.400}");

    let (status, _) = call(
        &admin,
        &app,
        "accounts/active",
        &[("user_id", &nurse_id), ("active", "true")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(audited(&app, "account.reactivated").await, 1);
    let back = app.sign_in(&client(), "nurse@leuven.example", PASSWORD).await;
    assert_eq!(location(&back), "/");
}

async fn a_nurse_given_a_new_code_by_an_admin_waits_for_a_nurse_of_the_centre(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("Leuven").await;
    let elsewhere = app.centre("Gent").await;
    let nurse_id = app
        .user(Role::Nurse, "nurse@leuven.example", Some(centre))
        .await
        .to_string();
    app.user(Role::Nurse, "colleague@leuven.example", Some(centre)).await;
    app.user(Role::Nurse, "nurse@gent.example", Some(elsewhere)).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    let admin = app.signed_in("admin@example.org").await;
    // Attack: an admin gives a nurse's account a new code, and uses it.
    let (status, body) = call(&admin, &app, "codes/reissue", &[("user_id", &nurse_id)]).await;
    assert_eq!(status, 200, "{body}");
    redeem(&app, &issued_code(&body), "the admin's choice").await;
    let refused = app
        .sign_in(&client(), "nurse@leuven.example", "the admin's choice")
        .await;
    assert_eq!(
        location(&refused),
        "/login?error=awaiting",
        "before: signed in as the nurse"
    );

    let gent = app.signed_in("nurse@gent.example").await;
    assert_eq!(call(&gent, &app, "staff/awaiting", &[]).await.1, "[]");
    assert_eq!(
        call(&gent, &app, "staff/confirm", &[("user_id", &nurse_id)]).await.0,
        403
    );
    let colleague = app.signed_in("colleague@leuven.example").await;
    let (_, waiting) = call(&colleague, &app, "staff/awaiting", &[]).await;
    assert!(waiting.contains("nurse@leuven.example"), "{waiting}");
    let home = colleague
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("page");
    assert!(
        home.contains("data-awaiting-accounts") || home.contains("Accounts waiting"),
        "shown on the nurse's home"
    );
    assert_eq!(
        call(&colleague, &app, "staff/confirm", &[("user_id", &nurse_id)])
            .await
            .0,
        200
    );
    assert_eq!(
        call(&colleague, &app, "staff/confirm", &[("user_id", &nurse_id)])
            .await
            .0,
        403,
        "confirmed once"
    );
    let told = app
        .sign_in(&client(), "nurse@leuven.example", "the admin's choice")
        .await;
    assert_eq!(
        location(&told),
        "/?notice=code-issued",
        "and told that someone issued a code"
    );
    assert_eq!(audited(&app, "account.confirmed").await, 1);
    assert_eq!(audited(&app, "account.code_reissued").await, 1);
}
