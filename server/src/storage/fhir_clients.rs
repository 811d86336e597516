//! The systems allowed to read the FHIR API (migration 0032): their keys, centres and kinds
//! of resource; the access tokens given to them; the assertion ids already used.
use super::{audit::Entry, is_unique_violation, Db, Result, StorageError};
use sqlx::Row;

pub struct NewClient<'a> {
    pub client_id: &'a str,
    pub name: &'a str,
    /// A JWK Set, as JSON, checked before it gets here.
    pub jwks: &'a str,
    pub resource_types: &'a str,
    pub centres: &'a [i64],
}

#[derive(Clone, Debug)]
pub struct Client {
    pub id: i64,
    pub client_id: String,
    pub name: String,
    pub jwks: String,
    pub resource_types: String,
    pub centres: Vec<i64>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// Registers a client, audit-logged in the same transaction; a client id taken is
/// `NameTaken`.
pub async fn register(db: &Db, new: &NewClient<'_>, at: i64, audit: Entry<'_>) -> Result<i64, StorageError> {
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO fhir_clients (client_id, name, jwks, resource_types, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(new.client_id)
    .bind(new.name)
    .bind(new.jwks)
    .bind(new.resource_types)
    .bind(at)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(error) if is_unique_violation(&error) => return Err(StorageError::NameTaken),
        Err(error) => return Err(error.into()),
    };
    for centre in new.centres {
        sqlx::query("INSERT INTO fhir_client_centres (client_id, centre_id) VALUES ($1, $2)")
            .bind(id)
            .bind(centre)
            .execute(&mut *tx)
            .await?;
    }
    super::audit::record_about(&mut tx, audit, "fhir_client", id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Revokes a client and every token it holds; false if there was none still allowed.
pub async fn revoke(db: &Db, client_id: &str, at: i64, audit: Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "UPDATE fhir_clients SET revoked_at = $1 WHERE client_id = $2 AND revoked_at IS NULL RETURNING id",
    )
    .bind(at)
    .bind(client_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    sqlx::query("DELETE FROM fhir_tokens WHERE client_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    super::audit::record_about(&mut tx, audit, "fhir_client", id).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn by_client_id(db: &Db, client_id: &str) -> Result<Option<Client>> {
    let Some(row) = sqlx::query(
        "SELECT id, client_id, name, jwks, resource_types, created_at, revoked_at FROM fhir_clients WHERE client_id = $1",
    )
    .bind(client_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    Ok(Some(Client {
        id,
        client_id: row.try_get("client_id")?,
        name: row.try_get("name")?,
        jwks: row.try_get("jwks")?,
        resource_types: row.try_get("resource_types")?,
        centres: centres_of(db, id).await?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    }))
}

async fn centres_of(db: &Db, id: i64) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT centre_id FROM fhir_client_centres WHERE client_id = $1 ORDER BY centre_id")
            .bind(id)
            .fetch_all(&db.pool)
            .await?,
    )
}

/// Every client, newest first.
pub async fn all(db: &Db) -> Result<Vec<Client>> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT client_id FROM fhir_clients ORDER BY id DESC")
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(by_client_id(db, &id).await?);
    }
    Ok(out)
}

/// Notes an assertion's id as used; false when it was already (a replay).
pub async fn use_assertion(db: &Db, client: i64, jti: &str, expires_at: i64) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO fhir_assertions (client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(client)
    .bind(jti)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

pub async fn issue_token(db: &Db, client: i64, token_hash: &str, scopes: &str, expires_at: i64) -> Result<()> {
    sqlx::query("INSERT INTO fhir_tokens (token_hash, client_id, scopes, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(client)
        .bind(scopes)
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// What a token still valid at `now` allows: its client and the scopes granted.
pub struct Holder {
    pub client: Client,
    pub scopes: String,
}

pub async fn token_holder(db: &Db, token_hash: &str, now: i64) -> Result<Option<Holder>> {
    let row = sqlx::query(
        "SELECT c.client_id, t.scopes FROM fhir_tokens t JOIN fhir_clients c ON c.id = t.client_id \
         WHERE t.token_hash = $1 AND t.expires_at > $2 AND c.revoked_at IS NULL",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let client_id: String = row.try_get("client_id")?;
    let scopes: String = row.try_get("scopes")?;
    Ok(by_client_id(db, &client_id)
        .await?
        .map(|client| Holder { client, scopes }))
}

/// Removes expired tokens and assertion ids; answers how many.
pub async fn prune(db: &Db, now: i64) -> Result<u64> {
    let tokens = sqlx::query("DELETE FROM fhir_tokens WHERE expires_at <= $1")
        .bind(now)
        .execute(&db.pool)
        .await?
        .rows_affected();
    let assertions = sqlx::query("DELETE FROM fhir_assertions WHERE expires_at <= $1")
        .bind(now)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(tokens + assertions)
}
