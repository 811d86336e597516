//! Every role against its own, another patient's and another centre's records, through
//! every route that reads patient data. Nothing may leak.
use crate::helpers::{client, spawn, Kind, TestApp};
use crate::on_both_databases;
use app::domain::role::Role;
use server::storage::accounts;

on_both_databases!(every_role_sees_only_what_it_may);

struct World {
    app: TestApp,
}

/// Two centres; A has two patients (one with a caregiver), B has one.
async fn world(kind: Kind) -> World {
    let app = spawn(kind).await;
    let a = app.centre("Centre A").await;
    let b = app.centre("Centre B").await;
    app.user(Role::Nurse, "nurse.a@example.org", Some(a)).await;
    app.user(Role::Nurse, "nurse.b@example.org", Some(b)).await;
    let a1 = app.user(Role::Patient, "a1@example.org", Some(a)).await;
    app.user(Role::Patient, "a2@example.org", Some(a)).await;
    app.user(Role::Patient, "b1@example.org", Some(b)).await;
    let caregiver = app.user(Role::Caregiver, "carer.a1@example.org", None).await;
    accounts::link_caregiver(&app.db.pool, caregiver, a1, None)
        .await
        .unwrap();
    app.user(Role::Researcher, "researcher@example.org", None).await;
    app.user(Role::Admin, "admin@example.org", None).await;
    World { app }
}

const PATIENTS: [&str; 3] = [
    "Patient a1@example.org",
    "Patient a2@example.org",
    "Patient b1@example.org",
];
/// Clinical identifiers recorded at enrolment; nobody's home view shows them.
const ENROLMENT_DETAILS: [&str; 2] = ["1971-03-04", "+32 470 12 34 56"];

/// What each route shows a signed-in person, as text.
async fn everything_seen_by(world: &World, email: Option<&str>) -> Vec<String> {
    let browser = match email {
        Some(email) => world.app.signed_in(email).await,
        None => client(),
    };
    let mut seen = Vec::new();
    let page = browser.get(world.app.url("/")).send().await.unwrap();
    seen.push(page.text().await.unwrap());
    let api = browser
        .post(world.app.url("/api/home"))
        .form(&[("", "")])
        .send()
        .await
        .unwrap();
    let home = api.text().await.unwrap();
    // The nurse's board comes a page at a time, apart from the home's data.
    let board = browser
        .post(world.app.url("/api/desk/board"))
        .form(&[("query[q]", "")])
        .send()
        .await
        .unwrap();
    seen.push(home + &board.text().await.unwrap());
    seen
}

fn assert_sees(seen: &[String], who: &str, visible: &[&str]) {
    for text in seen {
        for name in PATIENTS {
            assert_eq!(text.contains(name), visible.contains(&name), "{who}: {name} in {text}");
        }
        for detail in ENROLMENT_DETAILS {
            assert!(!text.contains(detail), "{who} sees {detail}");
        }
    }
}

async fn every_role_sees_only_what_it_may(kind: Kind) {
    let world = world(kind).await;
    let [a1, a2, b1] = PATIENTS;

    assert_sees(
        &everything_seen_by(&world, Some("nurse.a@example.org")).await,
        "nurse A",
        &[a1, a2],
    );
    assert_sees(
        &everything_seen_by(&world, Some("nurse.b@example.org")).await,
        "nurse B",
        &[b1],
    );
    assert_sees(
        &everything_seen_by(&world, Some("carer.a1@example.org")).await,
        "caregiver of a1",
        &[a1],
    );
    assert_sees(
        &everything_seen_by(&world, Some("researcher@example.org")).await,
        "researcher",
        &[],
    );
    assert_sees(&everything_seen_by(&world, None).await, "anonymous", &[]);

    // A patient sees their own centre's hotline and no one else's record.
    let patient = everything_seen_by(&world, Some("b1@example.org")).await;
    // Their own name only (their timeline and alert card carry it).
    assert_sees(&patient, "patient b1", &["Patient b1@example.org"]);
    assert!(patient[0].contains("Call Centre B"), "{}", patient[0]);
    assert!(!patient[0].contains("Centre A"));

    // Admins manage staff accounts; that someone is a patient is already health data.
    let admin = everything_seen_by(&world, Some("admin@example.org")).await;
    assert_sees(&admin, "admin", &[]);
    for text in &admin {
        assert!(text.contains("nurse.b@example.org"), "the admin lists staff");
        for patient_or_carer in ["a1@example.org", "b1@example.org", "carer.a1@example.org"] {
            assert!(!text.contains(patient_or_carer), "admin sees {patient_or_carer}");
        }
    }
}
