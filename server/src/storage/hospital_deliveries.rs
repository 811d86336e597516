//! The outbox of red-flag webhooks to the hospital's systems (migration 0029): a row per
//! webhook and urgent flag, written in the flag's own transaction, claimed under a lease by
//! any instance, and each attempt's outcome kept for the admins' history.
use super::{Db, Result};
use sqlx::{AnyConnection, Row};

/// Queues the flag for every webhook that covers the patient's centre, if the flag is
/// urgent; in the transaction that raised it, so that a flag is never raised untold.
/// Each message's id is random (and the webhook's): a receiver that drops a repeated
/// `webhook-id` never drops a new flag, even from a restored database or a second site.
pub async fn enqueue_in(conn: &mut AnyConnection, flag_id: i64, at: i64) -> Result<()> {
    let random = format!("{:016x}{:016x}", rand::random::<u64>(), rand::random::<u64>());
    sqlx::query(
        "INSERT INTO hospital_deliveries (webhook_id, flag_id, message_id, state, attempts, next_at, created_at) \
         SELECT w.id, f.id, 'msg_vtv_' || $3 || '_' || CAST(w.id AS TEXT), 'pending', 0, $2, $2 \
         FROM flags f JOIN patients p ON p.user_id = f.patient_id \
         JOIN hospital_webhooks w ON w.revoked_at IS NULL AND (w.centre_id IS NULL OR w.centre_id = p.centre_id) \
         WHERE f.id = $1 AND f.level = 'urgent'",
    )
    .bind(flag_id)
    .bind(at)
    .bind(random)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A delivery claimed for one attempt, with what is needed to make it.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: i64,
    pub flag_id: i64,
    pub patient_id: i64,
    pub message_id: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
    pub created_at: i64,
    /// `None` before the first attempt fixes it.
    pub body: Option<String>,
    pub url: String,
    /// As stored: sealed (`secrets.rs`).
    pub secret: String,
    pub webhook_revoked: bool,
}

/// Claims up to `limit` deliveries due at `now`, and those another instance claimed but did
/// not finish before its lease ran out. `token` marks this claim: only its holder records.
pub async fn claim(db: &Db, now: i64, lease_until: i64, limit: i64, token: i64) -> Result<Vec<Claimed>> {
    let lock = db.kind.skip_locked();
    let sql = format!(
        "UPDATE hospital_deliveries SET state = 'sending', lease_until = $1, claim = $4, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM hospital_deliveries \
             WHERE (state = 'pending' AND next_at <= $2) OR (state = 'sending' AND lease_until < $2) \
             ORDER BY next_at, id LIMIT $3 {lock})"
    );
    sqlx::query(&sql)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .bind(token)
        .execute(&db.pool)
        .await?;
    sqlx::query(
        "SELECT d.id, d.flag_id, f.patient_id, d.message_id, d.attempts, d.created_at, d.body, w.url, w.secret, w.revoked_at \
         FROM hospital_deliveries d JOIN hospital_webhooks w ON w.id = d.webhook_id JOIN flags f ON f.id = d.flag_id \
         WHERE d.claim = $1 AND d.state = 'sending' ORDER BY d.id",
    )
    .bind(token)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        let revoked: Option<i64> = r.try_get("revoked_at")?;
        Ok(Claimed {
            id: r.try_get("id")?,
            flag_id: r.try_get("flag_id")?,
            patient_id: r.try_get("patient_id")?,
            message_id: r.try_get("message_id")?,
            attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
            created_at: r.try_get("created_at")?,
            body: r.try_get("body")?,
            url: r.try_get("url")?,
            secret: r.try_get("secret")?,
            webhook_revoked: revoked.is_some(),
        })
    })
    .collect()
}

/// What the webhook says of a flag, read when its first attempt fixes the message.
pub struct FlagFacts {
    pub flag_id: i64,
    pub patient_id: i64,
    pub hospital_number: Option<String>,
    pub centre: String,
    pub rule: String,
    pub level: String,
    pub advice: Option<String>,
    pub raised_at: i64,
}

pub async fn flag_facts(db: &Db, flag_id: i64) -> Result<Option<FlagFacts>> {
    let Some(r) = sqlx::query(
        "SELECT f.id, f.patient_id, p.hospital_number, c.name AS centre, f.rule, f.level, f.advice, f.raised_at \
         FROM flags f JOIN patients p ON p.user_id = f.patient_id JOIN centres c ON c.id = p.centre_id WHERE f.id = $1",
    )
    .bind(flag_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(FlagFacts {
        flag_id: r.try_get("id")?,
        patient_id: r.try_get("patient_id")?,
        hospital_number: r.try_get("hospital_number")?,
        centre: r.try_get("centre")?,
        rule: r.try_get("rule")?,
        level: r.try_get("level")?,
        advice: r.try_get("advice")?,
        raised_at: r.try_get("raised_at")?,
    }))
}

/// Fixes the message on its first attempt; a message fixed already stays as it was.
pub async fn fix_body(db: &Db, id: i64, body: &str) -> Result<String> {
    sqlx::query("UPDATE hospital_deliveries SET body = $1 WHERE id = $2 AND body IS NULL")
        .bind(body)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(sqlx::query_scalar("SELECT body FROM hospital_deliveries WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?)
}

/// Where a delivery goes after an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Sent,
    RetryAt(i64),
    Failed,
}

/// One attempt: the receiver's status (none without an answer), what it meant, how long.
pub struct Attempt<'a> {
    pub at: i64,
    pub status: Option<u16>,
    pub outcome: &'a str,
    pub detail: &'a str,
    pub millis: i64,
    pub next: Next,
}

/// Records the attempt and moves the delivery on, if this claim still holds it. A message
/// taken names a patient outside the app: that is audit-logged, about the patient.
pub async fn record(db: &Db, delivery: &Claimed, token: i64, attempt: &Attempt<'_>) -> Result<bool> {
    let id = delivery.id;
    let mut tx = db.pool.begin().await?;
    let (state, next_at, finished_at) = match attempt.next {
        Next::Sent => ("sent", None, Some(attempt.at)),
        Next::RetryAt(at) => ("pending", Some(at), None),
        Next::Failed => ("failed", None, Some(attempt.at)),
    };
    let moved = sqlx::query(
        "UPDATE hospital_deliveries SET state = $1, next_at = COALESCE($2, next_at), finished_at = $3, \
         lease_until = NULL, claim = NULL WHERE id = $4 AND claim = $5 AND state = 'sending'",
    )
    .bind(state)
    .bind(next_at)
    .bind(finished_at)
    .bind(id)
    .bind(token)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if moved {
        sqlx::query(
            "INSERT INTO hospital_delivery_attempts (delivery_id, at, status, outcome, detail, millis) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(attempt.at)
        .bind(attempt.status.map(i64::from))
        .bind(attempt.outcome)
        .bind(attempt.detail)
        .bind(attempt.millis)
        .execute(&mut *tx)
        .await?;
    }
    if moved && attempt.next == Next::Sent {
        let entry = super::audit::Entry::new("flag.sent_to_hospital", "hospital-webhook").about(delivery.patient_id);
        super::audit::record_about(&mut tx, entry, "flag", delivery.flag_id).await?;
    }
    tx.commit().await?;
    Ok(moved)
}

/// A delivery as the admins see it: where it stands, never what it said.
pub struct DeliveryRow {
    pub id: i64,
    pub webhook: String,
    pub flag_id: i64,
    pub state: String,
    pub attempts: i64,
    pub created_at: i64,
    pub next_at: i64,
    pub last_status: Option<i64>,
    pub last_outcome: Option<String>,
}

/// The newest deliveries first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<DeliveryRow>> {
    sqlx::query(
        "SELECT d.id, w.name, d.flag_id, d.state, d.attempts, d.created_at, d.next_at, \
         (SELECT a.status FROM hospital_delivery_attempts a WHERE a.delivery_id = d.id ORDER BY a.id DESC LIMIT 1) AS last_status, \
         (SELECT a.outcome FROM hospital_delivery_attempts a WHERE a.delivery_id = d.id ORDER BY a.id DESC LIMIT 1) AS last_outcome \
         FROM hospital_deliveries d JOIN hospital_webhooks w ON w.id = d.webhook_id ORDER BY d.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(DeliveryRow {
            id: r.try_get("id")?,
            webhook: r.try_get("name")?,
            flag_id: r.try_get("flag_id")?,
            state: r.try_get("state")?,
            attempts: r.try_get("attempts")?,
            created_at: r.try_get("created_at")?,
            next_at: r.try_get("next_at")?,
            last_status: r.try_get("last_status")?,
            last_outcome: r.try_get("last_outcome")?,
        })
    })
    .collect()
}

/// Gives back what this claim still holds, untried (an instance stopping): due again at once,
/// the attempt not counted.
pub async fn release(db: &Db, token: i64) -> Result<()> {
    sqlx::query(
        "UPDATE hospital_deliveries SET state = 'pending', lease_until = NULL, claim = NULL, attempts = attempts - 1 \
         WHERE claim = $1 AND state = 'sending'",
    )
    .bind(token)
    .execute(&db.pool)
    .await?;
    Ok(())
}
