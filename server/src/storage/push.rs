//! The VAPID keys and the devices subscribed to push.
use super::{now, Db, Result};
use sqlx::Row;

/// The id of the key in use (at most one: a unique index sees to it).
pub async fn current_key_id(db: &Db) -> Result<Option<i64>> {
    sqlx::query("SELECT id FROM vapid_keys WHERE retired_at IS NULL")
        .fetch_optional(&db.pool)
        .await?
        .map(|row| Ok(row.try_get("id")?))
        .transpose()
}

/// The stored key with this public half, if any: its id and whether it was retired.
pub async fn key_with_public(db: &Db, public_key: &str) -> Result<Option<(i64, bool)>> {
    sqlx::query("SELECT id, retired_at FROM vapid_keys WHERE public_key = $1 ORDER BY id DESC LIMIT 1")
        .bind(public_key)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| {
            Ok((
                row.try_get("id")?,
                row.try_get::<Option<i64>, _>("retired_at")?.is_some(),
            ))
        })
        .transpose()
}

pub async fn key_by_id(db: &Db, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query("SELECT private_key FROM vapid_keys WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get("private_key"))
        .transpose()?)
}

/// Every stored private key, retired ones too (to seal them again).
pub async fn all_keys(db: &Db) -> Result<Vec<(i64, String)>> {
    sqlx::query("SELECT id, private_key FROM vapid_keys ORDER BY id")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("private_key")?)))
        .collect()
}

pub async fn set_private_key(db: &Db, id: i64, stored: &str) -> Result<()> {
    sqlx::query("UPDATE vapid_keys SET private_key = $1 WHERE id = $2")
        .bind(stored)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Stores the first key, unless another instance stored one meanwhile: `None` then (the
/// unique index on the key in use refused this one).
pub async fn add_first_key(db: &Db, private_key: &str, public_key: &str) -> Result<Option<i64>> {
    let inserted =
        sqlx::query("INSERT INTO vapid_keys (private_key, public_key, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(private_key)
            .bind(public_key)
            .bind(now())
            .fetch_one(&db.pool)
            .await;
    match inserted {
        Ok(row) => Ok(Some(row.try_get("id")?)),
        Err(error) if super::is_unique_violation(&error) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Retires the key in use and stores a new one, in one transaction; answers its id. Two
/// rotations at once (two admins, two instances): on PostgreSQL the second waits for the
/// first, then its insert meets the first's new key on the unique index of the key in use;
/// it starts again, so each rotation retires the key before it, one after the other.
pub async fn replace_key(db: &Db, private_key: &str, public_key: &str) -> Result<i64> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match replace_key_once(db, private_key, public_key).await {
            Err(error) if attempt < 5 && is_unique(&error) => continue,
            done => return done,
        }
    }
}

fn is_unique(error: &super::StorageError) -> bool {
    matches!(error, super::StorageError::Database(e) if super::is_unique_violation(e))
}

async fn replace_key_once(db: &Db, private_key: &str, public_key: &str) -> Result<i64> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE vapid_keys SET retired_at = $1 WHERE retired_at IS NULL")
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let id: i64 =
        sqlx::query("INSERT INTO vapid_keys (private_key, public_key, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(private_key)
            .bind(public_key)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
    tx.commit().await?;
    Ok(id)
}

/// Devices kept per person.
pub const MAX_DEVICES: i64 = 10;

pub struct NewDevice<'a> {
    pub user_id: i64,
    pub endpoint: &'a str,
    pub p256dh: &'a str,
    pub auth: &'a str,
    pub device: &'a str,
    pub vapid_key_id: i64,
}

/// One row per endpoint: the same browser subscribing again (new keys, new person signed
/// in) replaces its row. Answers its id and when it was added.
pub async fn save_device(db: &Db, d: &NewDevice<'_>) -> Result<(i64, i64)> {
    let row = sqlx::query("INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, device, vapid_key_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth, device = excluded.device, vapid_key_id = excluded.vapid_key_id, created_at = excluded.created_at, last_success_at = NULL RETURNING id, created_at")
        .bind(d.user_id)
        .bind(d.endpoint)
        .bind(d.p256dh)
        .bind(d.auth)
        .bind(d.device)
        .bind(d.vapid_key_id)
        .bind(now())
        .fetch_one(&db.pool)
        .await?;
    // Browsers make a new endpoint now and then; the oldest beyond a person's last
    // MAX_DEVICES are dropped rather than kept forever.
    sqlx::query("DELETE FROM push_subscriptions WHERE user_id = $1 AND id NOT IN (SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)")
        .bind(d.user_id)
        .bind(MAX_DEVICES)
        .execute(&db.pool)
        .await?;
    Ok((row.try_get("id")?, row.try_get("created_at")?))
}

/// (id, device, added at, last reached at), newest first.
pub async fn devices_of(db: &Db, user_id: i64) -> Result<Vec<(i64, String, i64, Option<i64>)>> {
    sqlx::query("SELECT id, device, created_at, last_success_at FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id DESC")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("device")?, r.try_get("created_at")?, r.try_get("last_success_at")?)))
        .collect()
}

/// Removes this person's device with this endpoint (signing out on it).
pub async fn remove_endpoint(db: &Db, user_id: i64, endpoint: &str) -> Result<()> {
    sqlx::query("DELETE FROM push_subscriptions WHERE endpoint = $1 AND user_id = $2")
        .bind(endpoint)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Removes one of this person's devices; answers whether there was one.
pub async fn remove_device(db: &Db, user_id: i64, id: i64) -> Result<bool> {
    let done = sqlx::query("DELETE FROM push_subscriptions WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
