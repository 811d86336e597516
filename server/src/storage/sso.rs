//! Staff sign-in through the hospital's OpenID provider (migration 0033): sign-ins under
//! way, the link from a provider's person to an account, the sessions begun this way, and
//! the logout tokens already taken.
use super::{now, sessions::SessionLimits, Db, Result};
use sqlx::Row;

/// What a sign-in under way must find again when the provider sends the person back.
pub struct Ceremony {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

pub async fn begin_ceremony(db: &Db, id_hash: &str, c: &Ceremony, expires_at: i64) -> Result<()> {
    sqlx::query("INSERT INTO sso_ceremonies (id_hash, state, nonce, verifier, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id_hash)
        .bind(&c.state)
        .bind(&c.nonce)
        .bind(&c.verifier)
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Takes the ceremony, once: a second use of the same redirect finds nothing.
pub async fn take_ceremony(db: &Db, id_hash: &str) -> Result<Option<Ceremony>> {
    let row = sqlx::query(
        "DELETE FROM sso_ceremonies WHERE id_hash = $1 AND expires_at > $2 RETURNING state, nonce, verifier",
    )
    .bind(id_hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Ceremony {
            state: r.try_get("state")?,
            nonce: r.try_get("nonce")?,
            verifier: r.try_get("verifier")?,
        })
    })
    .transpose()
}

pub async fn linked_account(db: &Db, issuer: &str, subject: &str) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM sso_identities WHERE issuer = $1 AND subject = $2")
            .bind(issuer)
            .bind(subject)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Whether the account is linked to a person of a provider already.
pub async fn is_linked(db: &Db, user_id: i64) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT user_id FROM sso_identities WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.is_some())
}

pub async fn link(conn: &mut sqlx::AnyConnection, issuer: &str, subject: &str, user_id: i64) -> Result<()> {
    sqlx::query("INSERT INTO sso_identities (issuer, subject, user_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(issuer)
        .bind(subject)
        .bind(user_id)
        .bind(now())
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets a linked account's role and centre as the provider's claims say now.
pub async fn set_role(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    role: &str,
    centre_id: Option<i64>,
) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE users SET role = $1, centre_id = $2 WHERE id = $3 AND (role <> $1 OR centre_id IS DISTINCT FROM $2)",
    )
    .bind(role)
    .bind(centre_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(changed.rows_affected() > 0)
}

/// A session begun through the provider: it ends at `ends_at` (the ID token's expiry) if
/// that comes before the app's own limit, and keeps the provider's subject.
pub async fn create_session(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    limits: &SessionLimits,
    ends_at: i64,
    subject: &str,
) -> Result<()> {
    let now = now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, idle_seconds, sso_subject) \
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(ends_at.min(now + limits.absolute_seconds))
    .bind(limits.idle_seconds)
    .bind(subject)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Whether the session was begun through the provider.
pub async fn session_subject(db: &Db, token_hash: &str) -> Result<Option<String>> {
    let subject: Option<Option<String>> = sqlx::query_scalar("SELECT sso_subject FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&db.pool)
        .await?;
    Ok(subject.flatten())
}

/// Ends every session the provider's person `subject` began through it; answers how many,
/// and whose (the account, for the audit log).
pub async fn end_sessions_of(db: &Db, issuer: &str, subject: &str) -> Result<(u64, Option<i64>)> {
    let Some(user) = linked_account(db, issuer, subject).await? else {
        return Ok((0, None));
    };
    let ended = sqlx::query("DELETE FROM sessions WHERE sso_subject = $1 AND user_id = $2")
        .bind(subject)
        .bind(user)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok((ended, Some(user)))
}

/// Notes a logout token as taken; false when it was already (a replay).
pub async fn take_logout_token(db: &Db, jti: &str, expires_at: i64) -> Result<bool> {
    let inserted =
        sqlx::query("INSERT INTO sso_logout_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(jti)
            .bind(expires_at)
            .execute(&db.pool)
            .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Removes ceremonies and logout tokens past their time.
pub async fn prune(db: &Db, now: i64) -> Result<u64> {
    let mut removed = 0;
    for sql in [
        "DELETE FROM sso_ceremonies WHERE expires_at <= $1",
        "DELETE FROM sso_logout_tokens WHERE expires_at <= $1",
    ] {
        removed += sqlx::query(sql).bind(now).execute(&db.pool).await?.rows_affected();
    }
    Ok(removed)
}

/// The break-glass sign-ins since `since`, newest first: when, and whose account.
pub async fn break_glass_uses(db: &Db, since: i64) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query(
        "SELECT a.at, COALESCE(u.display_name, a.subject) AS who FROM audit_log a \
         LEFT JOIN users u ON a.subject = 'user:' || CAST(u.id AS TEXT) \
         WHERE a.action = 'sign_in.break_glass' AND a.at >= $1 ORDER BY a.at DESC LIMIT 50",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("at")?, r.try_get("who")?))).collect()
}
