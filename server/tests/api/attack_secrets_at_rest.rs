//! Attack: a copy of the database (a stolen backup) used to forge webhooks or sign pushes.
//! Integration secrets and VAPID private keys are stored sealed under a key kept outside the
//! database; a server given another key cannot use them. Old rows in the clear are sealed at
//! start, and a rotated key seals everything again.
use crate::helpers::*;
use crate::manufacturing_events::{issue, now, send};
use crate::on_both_databases;
use crate::timeline::{start, ward};
use server::{clock::ShiftedClock, config::Config, secrets, startup::Application};
use std::sync::Arc;

on_both_databases!(stored_secrets_are_sealed_and_useless_without_the_key);

async fn instance(database_url: &str, key: Option<&str>, previous: Option<&str>) -> Result<String, String> {
    let mut config = Config::for_database(database_url);
    config.dispatcher = false;
    config.secrets_key = key.map(str::to_string);
    config.secrets_key_previous = previous.map(str::to_string);
    let app = Application::build_with_clock(config, Arc::new(ShiftedClock::default()))
        .await
        .map_err(|e| e.to_string())?;
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until(std::future::pending()));
    Ok(base)
}

async fn stored_secrets_are_sealed_and_useless_without_the_key(kind: Kind) {
    let w = ward(kind).await;
    start(&w, "axi-cel", "ORD-SEAL-1").await;
    let secret = issue(&w, "Site Amsterdam", &["axi-cel"], "")
        .await
        .expect("an integration");
    let stored: String = sqlx::query_scalar("SELECT secret FROM integrations")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("row");
    assert!(
        !stored.contains(&secret),
        "the secret is not in the database (before: stored as it is)"
    );
    assert!(stored.starts_with("sealed:v1:"), "{stored}");
    let key: String = sqlx::query_scalar("SELECT private_key FROM vapid_keys")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("row");
    assert!(key.starts_with("sealed:v1:"), "the push key is sealed too");
    let delay = serde_json::json!({
        "type": "apheresis_material_received",
        "order_reference": "ORD-SEAL-1",
        "occurred_at": chrono::Utc::now().to_rfc3339(),
    });
    assert_eq!(
        send(&w, &secret, "evt-seal-1", now(), &delay).await.0,
        200,
        "the webhook still verifies"
    );

    // The database with another key: the server refuses to start, naming the key.
    let stranger = secrets::new_key();
    let refused = instance(&w.app.database_url, Some(&stranger), None).await;
    assert!(
        refused.as_ref().is_err_and(|e| e.contains("secrets key")),
        "{refused:?}"
    );

    // A row from before sealing existed is sealed at the next start.
    sqlx::query("UPDATE integrations SET secret = $1")
        .bind(&secret)
        .execute(&w.app.db.pool)
        .await
        .expect("a clear row");
    let test_key =
        std::fs::read_to_string(std::env::temp_dir().join("vein-to-vein-test-secrets.key")).expect("the test key");
    instance(&w.app.database_url, Some(&test_key), None)
        .await
        .expect("starts");
    let resealed: String = sqlx::query_scalar("SELECT secret FROM integrations")
        .fetch_one(&w.app.db.pool)
        .await
        .expect("row");
    assert!(resealed.starts_with("sealed:v1:"), "{resealed}");

    // Rotation: the new key with the old one as previous seals everything again; then the
    // new key alone opens it all.
    let new_key = secrets::new_key();
    instance(&w.app.database_url, Some(&new_key), Some(&test_key))
        .await
        .expect("rotates");
    instance(&w.app.database_url, Some(&new_key), None)
        .await
        .expect("the new key alone");
    assert!(
        instance(&w.app.database_url, Some(&test_key), None).await.is_err(),
        "the old key no longer opens anything"
    );
}
