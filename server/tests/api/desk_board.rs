//! The nurses' board over HTTP: searched by name or order reference, filtered by stage,
//! open flags, missed check-ins and "my patients", sorted, paged, and only the centre's.
use crate::helpers::{audited, call, Kind};
use crate::on_both_databases;
use crate::timeline::{collected, ward, Ward};
use app::{api::desk::BoardPage, domain::role::Role};
use reqwest::Client;

on_both_databases!(
    the_board_finds_patients_by_name_or_order_reference_and_filters_them,
    the_board_comes_a_page_at_a_time_and_refuses_what_it_cannot_sort_by,
);

async fn board(client: &Client, w: &Ward, form: &[(&str, &str)]) -> (u16, Option<BoardPage>) {
    // The whole query may be left at its defaults, but the argument itself must be there.
    let form = if form.is_empty() { &[("query[q]", "")] } else { form };
    let (status, body) = call(client, &w.app, "desk/board", form).await;
    (status, serde_json::from_str(&body).ok())
}

fn names(page: &BoardPage) -> Vec<&str> {
    page.rows.iter().map(|r| r.name.as_str()).collect()
}

async fn the_board_finds_patients_by_name_or_order_reference_and_filters_them(kind: Kind) {
    let w = ward(kind).await;
    collected(&w, "ORD-BOARD_7", &[]).await;
    w.app.user(Role::Patient, "bo@example.org", Some(w.centre_id)).await;
    let (status, all) = board(&w.nurse, &w, &[]).await;
    assert_eq!(status, 200);
    let all = all.expect("a page");
    assert_eq!((all.total, all.pages), (2, 1));
    assert_eq!(audited(&w.app, "desk.board").await, 2, "one entry per patient shown");

    let find = |q: &'static str| {
        let (nurse, w) = (w.nurse.clone(), &w);
        async move { names(&board(&nurse, w, &[("query[q]", q)]).await.1.expect("a page")).join(",") }
    };
    assert_eq!(
        find("ANN@").await,
        "Patient ann@example.org",
        "a part of the name, any case"
    );
    assert_eq!(
        find("board_7").await,
        "Patient ann@example.org",
        "a part of the order reference"
    );
    assert_eq!(find("%").await, "", "a wildcard typed is a character searched for");
    let in_stage = |stage: &'static str| {
        let (nurse, w) = (w.nurse.clone(), &w);
        async move { names(&board(&nurse, w, &[("query[stage]", stage)]).await.1.expect("a page")).join(",") }
    };
    assert_eq!(in_stage("cells_in_production").await, "Patient ann@example.org");
    assert_eq!(in_stage("none").await, "Patient bo@example.org");

    // Flagged: a fever in Ann's diary.
    let ann = w.app.signed_in("ann@example.org").await;
    let diary = crate::answers::submission(&w, "d-board", "symptom-diary", crate::answers::calm_diary(39.1));
    assert_eq!(crate::answers::send(&ann, &w, &diary).await.0, 200);
    let flagged = board(&w.nurse, &w, &[("query[flagged]", "true")])
        .await
        .1
        .expect("a page");
    assert_eq!(names(&flagged), ["Patient ann@example.org"]);
    assert_eq!(
        (flagged.rows[0].open_flags, flagged.rows[0].worst_flag),
        (1, Some(app::domain::triage::Level::Urgent))
    );

    // Mine: given to this nurse.
    let me: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'nurse@leuven.example'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("the nurse");
    let bo: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'bo@example.org'")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("bo");
    let (status, _) = call(
        &w.nurse,
        &w.app,
        "desk/assign",
        &[("patient_id", &bo.to_string()), ("nurse_id", &me.to_string())],
    )
    .await;
    assert_eq!(status, 200);
    let mine = board(&w.nurse, &w, &[("query[mine]", "true")]).await.1.expect("a page");
    assert_eq!(names(&mine), ["Patient bo@example.org"]);
    assert_eq!(mine.rows[0].nurse.as_deref(), Some("nurse@leuven.example"));

    // Missed: counted by the scheduled job; none yet in this young treatment.
    server::services::desk_board::count_missed(&w.app.services)
        .await
        .expect("counted");
    let missed = board(&w.nurse, &w, &[("query[missed]", "true")])
        .await
        .1
        .expect("a page");
    assert_eq!(missed.total, 0);
    // A patient whose weekly check-ins of the wait (PHQ-4 and goals) were due 5 days ago
    // and closed unanswered.
    let waiting = ward(kind).await;
    crate::offline_checkins::waiting_for_two_weeks(&waiting).await;
    let counted = server::services::desk_board::count_missed(&waiting.app.services).await;
    assert_eq!(counted.expect("counted"), Some(1), "one treatment's count changed");
    let missed = board(&waiting.nurse, &waiting, &[("query[missed]", "true")])
        .await
        .1
        .expect("a page");
    assert_eq!(
        (names(&missed), missed.rows[0].missed),
        (vec!["Patient ann@example.org"], 2)
    );

    // Only the centre's nurses.
    let elsewhere = w.app.centre("Elsewhere").await;
    w.app
        .user(Role::Nurse, "nurse@elsewhere.example", Some(elsewhere))
        .await;
    let stranger = w.app.signed_in("nurse@elsewhere.example").await;
    assert_eq!(board(&stranger, &w, &[]).await.1.map(|p| p.total), Some(0));
    assert_eq!(board(&ann, &w, &[]).await.0, 403);
    assert_eq!(board(&crate::helpers::client(), &w, &[]).await.0, 401);
}

async fn the_board_comes_a_page_at_a_time_and_refuses_what_it_cannot_sort_by(kind: Kind) {
    let w = ward(kind).await;
    for n in 0..60 {
        w.app
            .user(Role::Patient, &format!("p{n:02}@example.org"), Some(w.centre_id))
            .await;
    }
    let first = board(&w.nurse, &w, &[("query[sort]", "name")]).await.1.expect("a page");
    assert_eq!((first.total, first.pages, first.rows.len()), (61, 2, 50));
    assert_eq!(first.rows[0].name, "Patient ann@example.org");
    let second = board(&w.nurse, &w, &[("query[sort]", "name"), ("query[page]", "1")])
        .await
        .1
        .expect("a page");
    assert_eq!(second.rows.len(), 11);
    assert_eq!(second.rows[10].name, "Patient p59@example.org");
    let reversed = board(&w.nurse, &w, &[("query[sort]", "name"), ("query[desc]", "true")])
        .await
        .1
        .expect("a page");
    assert_eq!(reversed.rows[0].name, "Patient p59@example.org");
    for (field, value) in [
        ("query[sort]", "full_name; DROP TABLE patients"),
        ("query[stage]", "cured"),
        ("query[page]", "-1"),
    ] {
        assert_eq!(board(&w.nurse, &w, &[(field, value)]).await.0, 422, "{field}={value}");
    }
    let long = "x".repeat(101);
    assert_eq!(board(&w.nurse, &w, &[("query[q]", &long)]).await.0, 422);
}
