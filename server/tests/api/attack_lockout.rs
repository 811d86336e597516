//! Attack: lockout as a weapon. Wrong passwords for a nurse's account, from the address a
//! whole hospital shares, must keep guessing slow without locking the nurse out of urgent
//! flags: a browser that signed in to the account before still gets in with the right
//! password (OWASP's device cookie). And an IPv6 attacker is counted by their /64, not by
//! each of the 2^64 addresses they hold. The counts live in the database: guesses spread
//! over three instances behind a proxy count as one.
use crate::helpers::*;
use crate::on_both_databases;
use app::domain::role::Role;

on_both_databases!(
    guessing_does_not_lock_out_a_browser_that_signed_in_before,
    an_ipv6_network_is_counted_by_its_64,
);

async fn guessing_does_not_lock_out_a_browser_that_signed_in_before(kind: Kind) {
    let app = spawn(kind).await;
    // Two more instances on the same database, as behind the deployment's proxy.
    let b = spawn_on(&app.database_url, None, |_| {}).await;
    let c = spawn_on(&app.database_url, None, |_| {}).await;
    let instances = [&app, &b, &c];
    let centre = app.centre("Leuven").await;
    app.user(Role::Nurse, "nurse@leuven.example", Some(centre)).await;
    // The nurse's own phone signed in yesterday, and signed out.
    let phone = client();
    assert_eq!(
        location(&app.sign_in(&phone, "nurse@leuven.example", PASSWORD).await),
        "/"
    );
    phone.post(app.url("/auth/logout")).send().await.expect("sign-out");

    // 25 guesses from the same address (the hospital's proxy; here 127.0.0.1), round-robin
    // over the three instances.
    for n in 0..25 {
        instances[n % 3]
            .sign_in(&client(), "nurse@leuven.example", "a guess")
            .await;
    }
    for instance in instances {
        let stranger = instance.sign_in(&client(), "nurse@leuven.example", PASSWORD).await;
        assert_eq!(
            location(&stranger),
            "/login?error=throttled",
            "a browser never seen before is still slowed down, on every instance"
        );
    }
    let known = c.sign_in(&phone, "nurse@leuven.example", PASSWORD).await;
    assert_eq!(
        location(&known),
        "/",
        "the nurse's phone gets in (before: throttled for 15 minutes)"
    );

    // Guessing from the known phone itself is slowed down as well, for that phone alone.
    for n in 0..11 {
        instances[n % 3]
            .sign_in(&phone, "nurse@leuven.example", "a guess")
            .await;
    }
    let guessing_phone = b.sign_in(&phone, "nurse@leuven.example", PASSWORD).await;
    assert_eq!(location(&guessing_phone), "/login?error=throttled");
}

async fn an_ipv6_network_is_counted_by_its_64(kind: Kind) {
    let app = spawn_with(kind, |c| c.trust_proxy = true).await;
    let attempt = |from: String, n: usize| {
        let app = &app;
        async move {
            let response = client()
                .post(app.url("/auth/login"))
                .header("x-forwarded-for", from)
                .form(&[
                    ("email", format!("someone{n}@example.org")),
                    ("password", "a guess".to_string()),
                ])
                .send()
                .await
                .expect("sign-in");
            location(&response)
        }
    };
    // 20 failures, each from another address of one /64 and for another account.
    for n in 0..20 {
        assert_eq!(
            attempt(format!("2001:db8:1:2::{:x}", n + 1), n).await,
            "/login?error=failed"
        );
    }
    assert_eq!(
        attempt("2001:db8:1:2:ffff:ffff:ffff:ffff".into(), 99).await,
        "/login?error=throttled",
        "the /64 is one network (before: each address counted alone)"
    );
    assert_eq!(
        attempt("2001:db8:1:3::1".into(), 100).await,
        "/login?error=failed",
        "the next /64 is another"
    );
}
