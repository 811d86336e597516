//! The in-app inbox holds every reminder whose time has come, worded in the reader's own
//! language; each person reads and marks only their own.
use crate::helpers::{call, call_list, Kind};
use crate::on_both_databases;
use crate::timeline::{delay_infusion, start, ward};
use app::domain::role::Role;
use serde_json::Value;

on_both_databases!(a_plan_change_reaches_each_inbox_in_its_reader_s_language);

async fn inbox(client: &reqwest::Client, app: &crate::helpers::TestApp) -> Vec<Value> {
    call_list(client, app, "inbox/list").await
}

async fn a_plan_change_reaches_each_inbox_in_its_reader_s_language(kind: Kind) {
    let w = ward(kind).await;
    let carer = w.app.user(Role::Caregiver, "carer@example.org", None).await;
    server::storage::accounts::link_caregiver(&w.app.db.pool, carer, w.patient_id, None)
        .await
        .expect("link");
    sqlx::query("UPDATE users SET locale = 'fr' WHERE id = $1")
        .bind(carer)
        .execute(&w.app.db.pool)
        .await
        .expect("French");
    assert_eq!(start(&w, "axi-cel", "ORD-INBOX-1").await.0, 200);
    let ann = w.app.signed_in("ann@example.org").await;
    // Every planned reminder is still ahead: nothing has come yet.
    assert!(inbox(&ann, &w.app).await.is_empty());

    delay_infusion(&w, 7).await;

    let items = inbox(&ann, &w.app).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["title"], "Your plan changed");
    let body = items[0]["body"].as_str().unwrap_or_default();
    assert!(
        body.starts_with("CAR-T infusion (day 0): ") && body.contains(" → "),
        "{body}"
    );
    assert_eq!(items[0]["read"], false);
    let carer_client = w.app.signed_in("carer@example.org").await;
    let theirs = inbox(&carer_client, &w.app).await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["title"], "Votre planning a changé");

    // Read by its owner only.
    let id = items[0]["id"].as_i64().expect("id").to_string();
    assert_eq!(call(&carer_client, &w.app, "inbox/read", &[("id", &id)]).await.0, 404);
    assert_eq!(call(&ann, &w.app, "inbox/read", &[("id", &id)]).await.0, 200);
    assert_eq!(inbox(&ann, &w.app).await[0]["read"], true);
    assert_eq!(inbox(&carer_client, &w.app).await[0]["read"], false);
}
