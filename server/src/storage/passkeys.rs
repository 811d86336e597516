//! Passkeys and the ceremonies that make and use them. What webauthn-rs keeps of a passkey
//! (its public key and signature counter) and of a ceremony (the challenge) is stored here
//! as the JSON it gives; reading it is the auth layer's business.
use super::{now, Db, Result};
use sqlx::Row;

pub struct StoredPasskey {
    pub id: i64,
    pub user_id: i64,
    pub user_handle: String,
    pub passkey: String,
}

/// A passkey as its owner sees it in settings.
pub struct PasskeyRow {
    pub id: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// The random id an authenticator keeps for this account, if it has a passkey already.
pub async fn user_handle_of(db: &Db, user_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT user_handle FROM passkeys WHERE user_id = $1 ORDER BY id LIMIT 1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// The ids of the account's passkeys, so that an authenticator holding one is not asked again.
pub async fn credential_ids_of(db: &Db, user_id: i64) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT credential_id FROM passkeys WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&db.pool)
            .await?,
    )
}

/// Keeps a new passkey; `false` when its credential id is known already (to any account).
pub async fn add(db: &Db, user_id: i64, credential_id: &str, user_handle: &str, passkey: &str) -> Result<bool> {
    let added = sqlx::query(
        "INSERT INTO passkeys (user_id, credential_id, user_handle, passkey, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (credential_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(credential_id)
    .bind(user_handle)
    .bind(passkey)
    .bind(now())
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(added == 1)
}

pub async fn by_credential(db: &Db, credential_id: &str) -> Result<Option<StoredPasskey>> {
    let Some(row) = sqlx::query("SELECT id, user_id, user_handle, passkey FROM passkeys WHERE credential_id = $1")
        .bind(credential_id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(StoredPasskey {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        user_handle: row.try_get("user_handle")?,
        passkey: row.try_get("passkey")?,
    }))
}

/// After a sign-in: the passkey's new counter, and when it was used.
pub async fn used(db: &Db, id: i64, passkey: &str) -> Result<()> {
    sqlx::query("UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3")
        .bind(passkey)
        .bind(now())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn list_of(db: &Db, user_id: i64) -> Result<Vec<PasskeyRow>> {
    let rows = sqlx::query("SELECT id, created_at, last_used_at FROM passkeys WHERE user_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(PasskeyRow {
                id: row.try_get("id")?,
                created_at: row.try_get("created_at")?,
                last_used_at: row.try_get("last_used_at")?,
            })
        })
        .collect()
}

/// Removes one of the account's own passkeys; `false` when it has none by that number.
pub async fn remove(db: &Db, user_id: i64, id: i64) -> Result<bool> {
    let removed = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(removed == 1)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Purpose {
    Register,
    SignIn,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Register => "register",
            Purpose::SignIn => "sign_in",
        }
    }
}

/// A ceremony begun: any instance may finish it before `expires_at`.
pub async fn begin_ceremony(
    db: &Db,
    id_hash: &str,
    purpose: Purpose,
    user_id: Option<i64>,
    state: &str,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO webauthn_ceremonies (id_hash, purpose, user_id, state, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash)
    .bind(purpose.as_str())
    .bind(user_id)
    .bind(state)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Takes a live ceremony of this purpose (and this account's, for a registration): it is
/// deleted in the same statement, so that two instances cannot both finish it.
pub async fn take_ceremony(db: &Db, id_hash: &str, purpose: Purpose, user_id: Option<i64>) -> Result<Option<String>> {
    let row = sqlx::query(
        "DELETE FROM webauthn_ceremonies WHERE id_hash = $1 AND purpose = $2 \
         AND (user_id = $3 OR (user_id IS NULL AND $3 IS NULL)) AND expires_at > $4 RETURNING state",
    )
    .bind(id_hash)
    .bind(purpose.as_str())
    .bind(user_id)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| r.try_get("state")).transpose()?)
}

/// Forgets ceremonies nobody finished.
pub async fn prune_ceremonies(db: &Db, before: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM webauthn_ceremonies WHERE expires_at <= $1")
        .bind(before)
        .execute(&db.pool)
        .await?
        .rows_affected())
}
