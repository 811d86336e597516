use crate::helpers::{client, location, spawn, Kind, PASSWORD};
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(
    changing_a_password_needs_the_current_one_and_ends_every_session,
    failures_from_one_address_are_throttled_across_accounts
);

async fn changing_a_password_needs_the_current_one_and_ends_every_session(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    let phone = app.signed_in("nurse@north.example").await;
    let laptop = app.signed_in("nurse@north.example").await;
    let change = |current: &'static str, new: &'static str, again: &'static str| {
        let laptop = laptop.clone();
        let url = app.url("/auth/password");
        async move {
            let response = laptop
                .post(url)
                .form(&[("current", current), ("password", new), ("confirmation", again)])
                .send()
                .await
                .unwrap();
            location(&response)
        }
    };
    assert_eq!(
        change("wrong current", "a brand new password", "a brand new password").await,
        "/account/password?error=current-password"
    );
    assert_eq!(
        change(PASSWORD, "short", "short").await,
        "/account/password?error=password-short"
    );
    assert_eq!(
        change(PASSWORD, "a brand new password", "a brand new password").await,
        "/login?notice=password-changed"
    );

    // Every device is signed out, and only the new password works.
    for device in [&phone, &laptop] {
        let home = device.get(app.url("/")).send().await.unwrap();
        assert_eq!(location(&home), "/login?error=ended");
    }
    assert_eq!(
        location(&app.sign_in(&client(), "nurse@north.example", PASSWORD).await),
        "/login?error=failed"
    );
    assert_eq!(
        location(
            &app.sign_in(&client(), "nurse@north.example", "a brand new password")
                .await
        ),
        "/"
    );

    // Without a session, the form sends people to sign in.
    let anonymous = client()
        .post(app.url("/auth/password"))
        .form(&[("current", "x"), ("password", "y"), ("confirmation", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&anonymous), "/login?error=ended");
}

async fn failures_from_one_address_are_throttled_across_accounts(kind: Kind) {
    let app = spawn(kind).await;
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    // Twenty guesses spread over many accounts (fewer than five each)...
    for i in 0..20 {
        let response = app
            .sign_in(&client(), &format!("guess{}@north.example", i % 5), "wrong")
            .await;
        assert_eq!(location(&response), "/login?error=failed", "attempt {i}");
    }
    // ...and this address is throttled, even for an account it never tried.
    assert_eq!(
        location(&app.sign_in(&client(), "nurse@north.example", PASSWORD).await),
        "/login?error=throttled"
    );
}

on_both_databases!(parallel_guesses_cannot_slip_under_the_limit);

async fn parallel_guesses_cannot_slip_under_the_limit(kind: Kind) {
    let app = std::sync::Arc::new(spawn(kind).await);
    let centre = app.centre("North").await;
    app.user(Role::Nurse, "nurse@north.example", Some(centre)).await;
    let guesses: Vec<_> = (0..12)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                let response = app
                    .sign_in(&client(), "nurse@north.example", &format!("guess {i}"))
                    .await;
                location(&response)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for guess in guesses {
        outcomes.push(guess.await.unwrap());
    }
    let checked = outcomes.iter().filter(|o| o.as_str() == "/login?error=failed").count();
    let refused = outcomes
        .iter()
        .filter(|o| o.as_str() == "/login?error=throttled")
        .count();
    assert_eq!(checked + refused, 12, "{outcomes:?}");
    assert!(checked <= 5, "{checked} passwords were checked: {outcomes:?}");
}
