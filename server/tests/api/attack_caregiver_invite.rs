//! Attack: a patient uses "invite a caregiver" to learn who else has an account here, that
//! is, who else is treated with CAR-T or cares for someone who is. Before, inviting a
//! nurse's or another family's email answered 422 `EmailTaken` at once. Now an invitation
//! makes no account and touches none, and reads the same whoever holds the email; the code
//! decides when it is redeemed (`app::domain::caregiver_invitation`).
use crate::helpers::*;
use crate::on_both_databases;
use app::domain::role::Role;
use serde_json::Value;
use server::storage::accounts;

on_both_databases!(
    inviting_says_nothing_about_who_has_an_account,
    a_code_joins_a_new_caregiver_or_links_the_one_who_proves_the_email,
    an_invitation_can_be_withdrawn_or_replaced,
);

struct Ward {
    app: TestApp,
    patient: i64,
    nurse_email: &'static str,
    /// A caregiver of a patient of another centre.
    other_carer: i64,
}

async fn ward(kind: Kind) -> Ward {
    let app = spawn(kind).await;
    let north = app.centre("North").await;
    let south = app.centre("South").await;
    let patient = app.user(Role::Patient, "p@north.example", Some(north)).await;
    app.user(Role::Nurse, "nurse@north.example", Some(north)).await;
    let other = app.user(Role::Patient, "q@south.example", Some(south)).await;
    let other_carer = app.user(Role::Caregiver, "carer@south.example", None).await;
    accounts::link_caregiver(&app.db.pool, other_carer, other, None)
        .await
        .expect("link");
    Ward {
        app,
        patient,
        nurse_email: "nurse@north.example",
        other_carer,
    }
}

async fn invite(w: &Ward, browser: &reqwest::Client, name: &str, email: &str) -> (u16, Value) {
    let id = w.patient.to_string();
    let form = [
        ("patient_id", id.as_str()),
        ("form[name]", name),
        ("form[email]", email),
    ];
    let (status, body) = call(browser, &w.app, "caregivers/invite", &form).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

/// The answer's shape: its keys, and the type and length of each value.
fn shape(answer: &Value) -> Vec<(String, String)> {
    let Value::Object(map) = answer else {
        return vec![("not an object".into(), answer.to_string())];
    };
    map.iter()
        .map(|(k, v)| {
            let kind = match v {
                Value::String(s) if k == "code" => format!("string of {}", s.len()),
                Value::String(_) => "string".into(),
                Value::Number(_) => "number".into(),
                other => other.to_string(),
            };
            (k.clone(), kind)
        })
        .collect()
}

async fn list(w: &Ward, browser: &reqwest::Client) -> Vec<Value> {
    let id = w.patient.to_string();
    let (status, body) = call(browser, &w.app, "caregivers/list", &[("patient_id", &id)]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("list")
}

async fn inviting_says_nothing_about_who_has_an_account(kind: Kind) {
    let w = ward(kind).await;
    let patient = w.app.signed_in("p@north.example").await;
    let users_before = count(&w.app, "users").await;
    let fresh = invite(&w, &patient, "Sam", "sam@example.org").await;
    let nurse = invite(&w, &patient, "Nora", w.nurse_email).await;
    let carer = invite(&w, &patient, "Cas", "carer@south.example").await;
    let own = invite(&w, &patient, "Me", "p@north.example").await;
    // Before (a02d919): 200 for sam@, then 422 {"Invalid":[{"field":"email","problem":"EmailTaken"}]}
    // for the three others.
    for (who, answer) in [
        ("nurse", &nurse),
        ("other family's caregiver", &carer),
        ("the patient", &own),
    ] {
        assert_eq!(answer.0, 200, "{who}: {}", answer.1);
        assert_eq!(
            shape(&answer.1),
            shape(&fresh.1),
            "{who}'s answer reads like a fresh email's"
        );
    }
    assert_eq!(fresh.0, 200);
    assert_eq!(
        count(&w.app, "users").await,
        users_before,
        "an invitation makes no account"
    );

    // The list reads the same for all four: the name and email typed, "invited".
    let rows = list(&w, &patient).await;
    let mut seen: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r["name"].to_string(), r["email"].to_string(), r["status"].to_string()))
        .collect();
    seen.sort();
    let expected = [
        ("Cas", "carer@south.example"),
        ("Me", "p@north.example"),
        ("Nora", "nurse@north.example"),
        ("Sam", "sam@example.org"),
    ]
    .map(|(n, e)| (format!("\"{n}\""), format!("\"{e}\""), "\"Invited\"".to_string()));
    assert_eq!(seen, expected.to_vec());

    // The nurse sees the same rows; every invitation is in the audit log with its patient.
    let nurse_browser = w.app.signed_in(w.nurse_email).await;
    assert_eq!(list(&w, &nurse_browser).await.len(), 4);
    let invited =
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'caregiver.invited' AND patient_id = $1")
            .bind(w.patient)
            .fetch_one(&w.app.db.pool)
            .await
            .expect("audit");
    assert_eq!(sqlx::Row::get::<i64, _>(&invited, "n"), 4);
}

async fn a_code_joins_a_new_caregiver_or_links_the_one_who_proves_the_email(kind: Kind) {
    let w = ward(kind).await;
    let patient = w.app.signed_in("p@north.example").await;
    let code = |answer: (u16, Value)| answer.1["code"].as_str().expect("code").to_string();

    // Nobody holds the email: the code makes the account, with the password chosen.
    let sam = code(invite(&w, &patient, "Sam", "sam@example.org").await);
    assert_eq!(
        redeem(&w.app, &sam, "sam's own password").await,
        "/login?notice=password-set"
    );
    let sam_browser = client();
    assert_eq!(
        location(
            &w.app
                .sign_in(&sam_browser, "sam@example.org", "sam's own password")
                .await
        ),
        "/"
    );
    let home = sam_browser
        .get(w.app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Patient p@north.example"), "{home}");

    // The caregiver of another family holds the email: a wrong password is refused as a
    // wrong code is, and links nothing; their own password links their account.
    let cas = code(invite(&w, &patient, "Cas", "carer@south.example").await);
    assert_eq!(
        redeem(&w.app, &cas, "a guess at their password").await,
        "/invitation?error=code-refused"
    );
    assert_eq!(
        accounts::linked_patients(&w.app.db, w.other_carer).await.unwrap().len(),
        1
    );
    // ... and counts as a failed sign-in of that account, under the same throttle.
    let failures = sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE key = 'carer@south.example'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("failures");
    assert_eq!(sqlx::Row::get::<i64, _>(&failures, "n"), 1);
    assert_eq!(
        redeem(&w.app, &cas, PASSWORD).await,
        "/login?notice=invitation-accepted"
    );
    let carer = w.app.signed_in("carer@south.example").await;
    let home = carer.get(w.app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(
        home.contains("Patient p@north.example") && home.contains("Patient q@south.example"),
        "{home}"
    );
    let (password_hash, name) = password_and_name(&w, "carer@south.example").await;
    assert!(password_hash.is_some(), "the password is theirs still");
    assert_eq!(
        name, "carer@south.example",
        "the name the patient typed changed nothing"
    );
    assert_eq!(
        redeem(&w.app, &cas, PASSWORD).await,
        "/invitation?error=code-refused",
        "single use"
    );

    // A nurse's email: even the nurse's own password does not turn the code into anything.
    let nora = code(invite(&w, &patient, "Nora", w.nurse_email).await);
    assert_eq!(redeem(&w.app, &nora, PASSWORD).await, "/invitation?error=code-refused");
    let nurse = w.app.signed_in(w.nurse_email).await;
    let home = nurse.get(w.app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(!home.contains("Caring for"), "still a nurse's home: {home}");

    let linked = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'caregiver.linked'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("audit");
    assert_eq!(sqlx::Row::get::<i64, _>(&linked, "n"), 1);
    let list = list(&w, &patient).await;
    let joined: Vec<&str> = list
        .iter()
        .filter(|r| r["status"] == "Joined")
        .filter_map(|r| r["email"].as_str())
        .collect();
    // By name: Sam, then the other family's caregiver (whose name is their email here).
    assert_eq!(joined, ["sam@example.org", "carer@south.example"]);
}

async fn password_and_name(w: &Ward, email: &str) -> (Option<String>, String) {
    let row = sqlx::query("SELECT password_hash, display_name FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("user");
    (
        sqlx::Row::get(&row, "password_hash"),
        sqlx::Row::get(&row, "display_name"),
    )
}

async fn an_invitation_can_be_withdrawn_or_replaced(kind: Kind) {
    let w = ward(kind).await;
    let patient = w.app.signed_in("p@north.example").await;
    let first = invite(&w, &patient, "Sam", "sam@example.org").await.1;
    let second = invite(&w, &patient, "Sam", "sam@example.org").await.1;
    let rows = list(&w, &patient).await;
    assert_eq!(
        rows.len(),
        1,
        "a new invitation to the same email replaces the old: {rows:?}"
    );
    let old = first["code"].as_str().unwrap();
    assert_eq!(
        redeem(&w.app, old, "sam's own password").await,
        "/invitation?error=code-refused"
    );

    // Withdrawn: the code stops working. Another patient cannot withdraw it.
    let id = w.patient.to_string();
    let invitation = rows[0]["id"].to_string();
    let form = [("patient_id", id.as_str()), ("invitation_id", invitation.as_str())];
    let (status, _) = call(&patient, &w.app, "caregivers/cancel-invitation", &form).await;
    assert_eq!(status, 200);
    let (status, _) = call(&patient, &w.app, "caregivers/cancel-invitation", &form).await;
    assert_eq!(status, 404, "already withdrawn");
    let new = second["code"].as_str().unwrap();
    assert_eq!(
        redeem(&w.app, new, "sam's own password").await,
        "/invitation?error=code-refused"
    );
    assert!(list(&w, &patient).await.is_empty());

    // An invitation left too long reads as expired, and its code is refused.
    let late = invite(&w, &patient, "Lee", "lee@example.org").await.1;
    sqlx::query("UPDATE caregiver_invitations SET expires_at = 1 WHERE email = 'lee@example.org'")
        .execute(&w.app.db.pool)
        .await
        .expect("age");
    assert_eq!(list(&w, &patient).await[0]["status"], "Expired");
    let code = late["code"].as_str().unwrap();
    assert_eq!(
        redeem(&w.app, code, "lee's own password").await,
        "/invitation?error=code-refused"
    );
}
