//! Practical help over HTTP: an admin writes a centre's texts and language; the patient,
//! their caregiver and the centre's nurse read them; the patient says where they stay and
//! every page of theirs then shows that country's emergency number; the alert card comes in
//! the patient's language and the centre's. Who may and may not, and the audit trail.
use crate::helpers::{audited, call, Kind};
use crate::on_both_databases;
use crate::timeline::{read, start, ward, Ward};
use app::{api::help::HelpView, domain::practical_help::Topic, domain::role::Role};
use server::storage::accounts;

on_both_databases!(
    admins_write_the_help_and_the_patient_reads_it_with_the_number_of_where_they_stay,
    the_alert_card_comes_in_the_patient_s_language_and_the_centre_s,
);

async fn help(client: &reqwest::Client, w: &Ward) -> (u16, Option<HelpView>) {
    let (status, body) = call(
        client,
        &w.app,
        "help/read",
        &[("patient_id", &w.patient_id.to_string())],
    )
    .await;
    (status, serde_json::from_str(&body).ok())
}

async fn save(
    client: &reqwest::Client,
    w: &Ward,
    centre: i64,
    language: &str,
    lodging: &str,
    packing: &str,
) -> (u16, String) {
    let centre = centre.to_string();
    call(
        client,
        &w.app,
        "help/save",
        &[
            ("centre_id", &centre),
            ("language", language),
            ("lodging", lodging),
            ("travel", ""),
            ("parking", "  "),
            ("packing", packing),
        ],
    )
    .await
}

async fn stay(client: &reqwest::Client, w: &Ward, country: &str) -> (u16, String) {
    call(
        client,
        &w.app,
        "help/stay",
        &[("patient_id", &w.patient_id.to_string()), ("country", country)],
    )
    .await
}

async fn admins_write_the_help_and_the_patient_reads_it_with_the_number_of_where_they_stay(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-HELP-1").await.0, 200);
    w.app.user(Role::Admin, "admin@example.org", None).await;
    let admin = w.app.signed_in("admin@example.org").await;
    let ann = w.app.signed_in("ann@example.org").await;

    // Only an admin writes; bad input is refused field by field; an unknown centre is 404.
    let lodging = "Hotel Aurora, 5 minutes' walk.\r\nAsk for the patients' rate.";
    for client in [&ann, &w.nurse] {
        assert_eq!(save(client, &w, w.centre_id, "nl", lodging, "").await.0, 403);
    }
    let (status, body) = save(&admin, &w, w.centre_id, "xx", &"a".repeat(4001), "").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("language") && body.contains("lodging"), "{body}");
    assert_eq!(save(&admin, &w, 999_999, "nl", lodging, "").await.0, 404);
    // Four full texts of accented letters (96 KB as a form) pass; a body past 256 KB does not.
    let (full, centre) = ("é".repeat(4000), w.centre_id.to_string());
    let every_topic = [
        ("centre_id", centre.as_str()),
        ("language", "fr"),
        ("lodging", &full),
        ("travel", &full),
        ("parking", &full),
        ("packing", &full),
    ];
    let (status, body) = call(&admin, &w.app, "help/save", &every_topic).await;
    assert_eq!(status, 200, "{body}");
    let huge = "é".repeat(30_000);
    assert_eq!(
        save(&admin, &w, w.centre_id, "fr", &huge, &huge).await.0,
        413,
        "past the body limit"
    );
    let (status, body) = save(
        &admin,
        &w,
        w.centre_id,
        "nl",
        lodging,
        "Pyjamas, slippers, a phone charger",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = call(&admin, &w.app, "help/centres", &[]).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Hotel Aurora") && body.contains("\"language\":\"nl\""),
        "{body}"
    );

    // The patient reads the topics written, in order; the number is the centre's country's.
    let read_help = help(&ann, &w).await.1.expect("help");
    let topics: Vec<Topic> = read_help.topics.iter().map(|t| t.topic).collect();
    assert_eq!(topics, [Topic::Lodging, Topic::Packing], "empty topics are left out");
    assert_eq!(
        read_help.topics[0].text,
        "Hotel Aurora, 5 minutes' walk.\nAsk for the patients' rate."
    );
    assert_eq!(
        (
            read_help.emergency_number.as_str(),
            read_help.staying_country.as_deref()
        ),
        ("112", None)
    );

    // Staying in England: 999 on the help, the timeline (its emergency card) and the diary.
    let (status, body) = stay(&ann, &w, "gb").await;
    assert_eq!(status, 200, "{body}");
    let after = help(&ann, &w).await.1.expect("help");
    assert_eq!(
        (after.emergency_number.as_str(), after.staying_country.as_deref()),
        ("999", Some("GB"))
    );
    let timeline = read(&ann, &w).await.1.expect("timeline");
    assert_eq!(
        (timeline.emergency_number.as_str(), timeline.centre_language.as_str()),
        ("999", "nl")
    );
    let (status, form) = call(
        &ann,
        &w.app,
        "checkins/form",
        &[
            ("name", "symptom-diary"),
            ("patient_id", &w.patient_id.to_string()),
            ("about_myself", "false"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("\"emergency_number\":\"999\""), "{form}");
    // Not a country of the list; the centre's own country stores none.
    assert_eq!(stay(&ann, &w, "ZZ").await.0, 422);
    let centre_country: String = sqlx::query_scalar("SELECT country FROM centres WHERE id = $1")
        .bind(w.centre_id)
        .fetch_one(&w.app.db.pool)
        .await
        .expect("country");
    assert_eq!(stay(&ann, &w, &centre_country).await.0, 200);
    assert_eq!(help(&ann, &w).await.1.expect("help").staying_country, None);

    // The caregiver reads and says where the patient stays; the nurse reads but does not say;
    // another patient of the centre reads nothing of Ann's.
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    let carer = w.app.signed_in("carer@example.org").await;
    assert_eq!(help(&carer, &w).await.0, 200);
    assert_eq!(stay(&carer, &w, "DE").await.0, 200);
    assert_eq!(
        help(&w.nurse, &w).await.1.expect("help").staying_country.as_deref(),
        Some("DE")
    );
    assert_eq!(stay(&w.nurse, &w, "FR").await.0, 403);
    w.app.user(Role::Patient, "bob@example.org", Some(w.centre_id)).await;
    let bob = w.app.signed_in("bob@example.org").await;
    assert_eq!(help(&bob, &w).await.0, 403);
    assert_eq!(stay(&bob, &w, "FR").await.0, 403);

    assert_eq!(audited(&w.app, "help.save").await, 2, "refusals change nothing");
    assert_eq!(audited(&w.app, "help.stay").await, 3);
    assert_eq!(audited(&w.app, "help.read").await, 5, "refusals read nothing");
}

async fn the_alert_card_comes_in_the_patient_s_language_and_the_centre_s(kind: Kind) {
    let w = ward(kind).await;
    assert_eq!(start(&w, "axi-cel", "ORD-HELP-2").await.0, 200);
    w.app.user(Role::Admin, "admin@example.org", None).await;
    let admin = w.app.signed_in("admin@example.org").await;
    assert_eq!(save(&admin, &w, w.centre_id, "nl", "", "").await.0, 200);
    let ann = w.app.signed_in("ann@example.org").await;
    let card = |client: reqwest::Client| {
        let url = w.app.url(&format!("/patients/{}/card", w.patient_id));
        async move { client.get(url).send().await.expect("card").text().await.expect("html") }
    };
    let page = card(ann.clone()).await;
    assert_eq!(page.matches("class=\"alert-card\"").count(), 2, "{page}");
    assert!(page.contains("lang=\"en\"") && page.contains("lang=\"nl\""), "{page}");
    assert!(
        page.contains("CAR-T-patiëntenwaarschuwingskaart"),
        "the Dutch card's title"
    );
    // A Dutch-speaking patient at a Dutch-speaking centre: one card.
    sqlx::query("UPDATE users SET locale = 'nl' WHERE id = $1")
        .bind(w.patient_id)
        .execute(&w.app.db.pool)
        .await
        .expect("locale");
    let ann = w.app.signed_in("ann@example.org").await;
    assert_eq!(card(ann).await.matches("class=\"alert-card\"").count(), 1);
}
