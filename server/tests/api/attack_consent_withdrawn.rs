//! Attack on consent: an export made before a patient withdrew consent must not stay
//! downloadable. The withdrawal closes it; the researcher makes a new one, which is checked
//! as a new release.
use crate::helpers::*;
use crate::on_both_databases;
use crate::research_http::{world, SCORES_AND_FLAGS};

on_both_databases!(a_withdrawal_after_the_export_closes_it);

async fn a_withdrawal_after_the_export_closes_it(kind: Kind) {
    let app = world(kind).await;
    let researcher = app.signed_in("researcher@example.org").await;
    let (status, body) = call(&researcher, &app, "research/export", SCORES_AND_FLAGS).await;
    assert_eq!(status, 200, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let token = created["token"].as_str().expect("token");
    let zip = app.url(&format!("/research/exports/{token}/export.zip"));
    assert_eq!(
        researcher.get(&zip).send().await.expect("request").status().as_u16(),
        200
    );
    let member: i64 = sqlx::query_scalar("SELECT patient_id FROM research_export_members LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("a member");
    let patient = server::storage::accounts::account(&app.db, member)
        .await
        .expect("account")
        .expect("the patient");
    server::storage::research::record_consent(
        &app.db,
        member,
        false,
        "app",
        None,
        member,
        server::storage::audit::Entry::new("research.consent_withdrawn", "test").by(&patient.actor),
    )
    .await
    .expect("withdrawn");
    let refused = researcher.get(&zip).send().await.expect("request");
    assert_eq!(refused.status().as_u16(), 410, "closed by the withdrawal");
    assert!(refused.text().await.unwrap_or_default().contains("withdrawn consent"));
    // Written again from the command line by its number, it is refused the same way.
    let id: i64 = sqlx::query_scalar("SELECT id FROM research_exports WHERE token = $1")
        .bind(token)
        .fetch_one(&app.db.pool)
        .await
        .expect("the export's number");
    let id = id.to_string();
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("again.zip");
    let args = ["export", "--existing", &id, "--out", out.to_str().expect("path")];
    let said = crate::research_export::refused(crate::research_export::vtv(&app.database_url, &args).await);
    assert!(said.contains("withdrawn consent"), "{said}");
    assert!(!out.exists(), "nothing written");
}
