//! The dispatcher's side of the reminders outbox: claiming due rows under a lease, the
//! devices to send them to, and writing every attempt's outcome in one transaction per batch.
//!
//! On PostgreSQL the claim takes `FOR UPDATE SKIP LOCKED`, so several server instances share
//! one database and never claim the same row. SQLite has one writer at a time: the claim is a
//! single `UPDATE … RETURNING`, atomic within the one process.
use super::{Db, Result};
use sqlx::{any::AnyArguments, query::Query, Any, Row};
use std::collections::HashMap;

/// A reminder claimed for sending: this instance owns it until `lease_until`.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: i64,
    pub user_id: i64,
    pub rule: String,
    pub params: String,
    pub url: String,
    pub kind: String,
    pub expires_at: i64,
    /// How many times it was claimed, this time included (the backoff counts them).
    pub rounds: u32,
}

/// One of the recipient's subscribed devices.
#[derive(Clone, Debug)]
pub struct Device {
    pub id: i64,
    pub user_id: i64,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub vapid_key_id: i64,
}

/// Claims up to `limit` reminders whose time has come (and whose retry time, if any, has
/// come), and those another instance claimed but did not finish before its lease ran out.
/// `token` marks this claim: only its holder writes the outcome.
pub async fn claim(db: &Db, now: i64, lease_until: i64, limit: i64, token: i64) -> Result<Vec<Claimed>> {
    let lock = db.kind.skip_locked();
    let sql = format!(
        "UPDATE reminders SET state = 'sending', lease_until = $1, claim = $4, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM reminders \
             WHERE (state = 'pending' AND send_at <= $2 AND (retry_at IS NULL OR retry_at <= $2)) \
                OR (state = 'sending' AND lease_until < $2) \
             ORDER BY send_at, id LIMIT $3 {lock}) \
         RETURNING id, user_id, rule, params, url, kind, expires_at, attempts"
    );
    let rows = sqlx::query(&sql)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .bind(token)
        .fetch_all(&db.pool)
        .await?;
    let mut claimed = rows
        .iter()
        .map(|r| {
            Ok(Claimed {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                rule: r.try_get("rule")?,
                params: r.try_get("params")?,
                url: r.try_get("url")?,
                kind: r.try_get("kind")?,
                expires_at: r.try_get("expires_at")?,
                rounds: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// Lengthens this claim's lease once the dispatcher knows how many requests it will make.
pub async fn extend(db: &Db, token: i64, lease_until: i64) -> Result<()> {
    sqlx::query("UPDATE reminders SET lease_until = $1 WHERE claim = $2 AND state = 'sending'")
        .bind(lease_until)
        .bind(token)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// `$first, $first+1, …` for an `IN (…)` list of `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bind_all<'q>(mut query: Query<'q, Any, AnyArguments<'q>>, ids: &'q [i64]) -> Query<'q, Any, AnyArguments<'q>> {
    for id in ids {
        query = query.bind(*id);
    }
    query
}

/// Rows per statement in lists: well under both databases' limits on bound values.
const CHUNK: usize = 500;

/// Who a reminder goes to: their language, and whether their lock screen may show what it
/// is about (`lock_screen_detail`, off unless they chose it).
pub struct Recipient {
    pub user_id: i64,
    pub locale: String,
    pub lock_screen_detail: bool,
}

/// The devices of these people, and each person's language.
pub async fn recipients(db: &Db, user_ids: &[i64]) -> Result<(Vec<Device>, Vec<Recipient>)> {
    let mut devices = Vec::new();
    let mut people = Vec::new();
    for ids in user_ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, user_id, endpoint, p256dh, auth, vapid_key_id FROM push_subscriptions WHERE user_id IN ({}) ORDER BY id",
            placeholders(1, ids.len())
        );
        for r in bind_all(sqlx::query(&sql), ids).fetch_all(&db.pool).await? {
            devices.push(Device {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                endpoint: r.try_get("endpoint")?,
                p256dh: r.try_get("p256dh")?,
                auth: r.try_get("auth")?,
                vapid_key_id: r.try_get("vapid_key_id")?,
            });
        }
        let sql = format!(
            "SELECT id, locale, lock_screen_detail FROM users WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        for r in bind_all(sqlx::query(&sql), ids).fetch_all(&db.pool).await? {
            people.push(Recipient {
                user_id: r.try_get("id")?,
                locale: r.try_get("locale")?,
                lock_screen_detail: r.try_get::<i64, _>("lock_screen_detail")? != 0,
            });
        }
    }
    Ok((devices, people))
}

/// What earlier rounds did for these reminders, per (reminder, device): whether the device
/// is done with (reached, refused for good, gone) and until when it asked to wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeviceHistory {
    pub reached: bool,
    pub done: bool,
    pub wait_until: Option<i64>,
}

pub async fn history(db: &Db, reminder_ids: &[i64]) -> Result<HashMap<(i64, i64), DeviceHistory>> {
    let mut out: HashMap<(i64, i64), DeviceHistory> = HashMap::new();
    for ids in reminder_ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT reminder_id, subscription_id, outcome, retry_at FROM push_attempts WHERE subscription_id IS NOT NULL AND reminder_id IN ({}) ORDER BY id",
            placeholders(1, ids.len())
        );
        for r in bind_all(sqlx::query(&sql), ids).fetch_all(&db.pool).await? {
            let key: (i64, i64) = (r.try_get("reminder_id")?, r.try_get("subscription_id")?);
            let outcome: String = r.try_get("outcome")?;
            let retry_at: Option<i64> = r.try_get("retry_at")?;
            let h = out.entry(key).or_default();
            match outcome.as_str() {
                "retry" => h.wait_until = retry_at,
                "sent" => {
                    h.reached = true;
                    h.done = true
                }
                _ => h.done = true,
            }
        }
    }
    Ok(out)
}

/// One attempt to deliver a reminder to one device (or, with no device, why none was made).
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub reminder_id: i64,
    pub subscription_id: Option<i64>,
    pub status: Option<u16>,
    /// sent, gone, too_large, retry or error.
    pub outcome: &'static str,
    pub detail: Option<String>,
    /// For a retry: not before this.
    pub retry_at: Option<i64>,
}

/// How a claimed reminder ends this round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finish {
    /// Delivered to at least one device, or to the in-app inbox alone when there is none.
    Sent,
    /// No device took it and none will: it stays in the inbox.
    Failed,
    /// Some device asked to wait: claimed again no earlier than this.
    RetryAt(i64),
}

/// What one round did, written at once.
#[derive(Debug, Default)]
pub struct Round {
    pub attempts: Vec<Attempt>,
    pub finished: Vec<(i64, Finish)>,
    /// Devices that took a message (their last success is now).
    pub reached: Vec<i64>,
    /// Devices whose push service said they are gone (404, 410).
    pub gone: Vec<i64>,
}

/// Writes a round in one transaction. Every attempt is recorded; a reminder is finished
/// only if it is still `sending` under this claim (an instance whose lease ran out, or a
/// timeline change that cancelled the row, leaves it alone).
pub async fn record(db: &Db, at: i64, token: i64, round: &Round) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    for chunk in round.attempts.chunks(CHUNK / 7) {
        let values = (0..chunk.len())
            .map(|i| {
                let b = i * 7;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO push_attempts (reminder_id, subscription_id, at, status, outcome, detail, retry_at) VALUES {values}"
        );
        let mut query = sqlx::query(&sql);
        for a in chunk {
            query = query
                .bind(a.reminder_id)
                .bind(a.subscription_id)
                .bind(at)
                .bind(a.status.map(i64::from))
                .bind(a.outcome)
                .bind(a.detail.clone())
                .bind(a.retry_at);
        }
        query.execute(&mut *tx).await?;
    }
    for (state, wanted) in [("sent", Finish::Sent), ("failed", Finish::Failed)] {
        let ids: Vec<i64> = round
            .finished
            .iter()
            .filter(|(_, f)| *f == wanted)
            .map(|(id, _)| *id)
            .collect();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "UPDATE reminders SET state = '{state}', sent_at = $1, lease_until = NULL, retry_at = NULL, claim = NULL \
                 WHERE state = 'sending' AND claim = $2 AND id IN ({})",
                placeholders(3, chunk.len())
            );
            bind_all(sqlx::query(&sql).bind(at).bind(token), chunk)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (id, finish) in &round.finished {
        if let Finish::RetryAt(retry_at) = finish {
            sqlx::query("UPDATE reminders SET state = 'pending', retry_at = $1, lease_until = NULL, claim = NULL WHERE id = $2 AND state = 'sending' AND claim = $3")
                .bind(retry_at)
                .bind(id)
                .bind(token)
                .execute(&mut *tx)
                .await?;
        }
    }
    for chunk in round.reached.chunks(CHUNK) {
        let sql = format!(
            "UPDATE push_subscriptions SET last_success_at = $1 WHERE id IN ({})",
            placeholders(2, chunk.len())
        );
        bind_all(sqlx::query(&sql).bind(at), chunk).execute(&mut *tx).await?;
    }
    for chunk in round.gone.chunks(CHUNK) {
        let sql = format!(
            "DELETE FROM push_subscriptions WHERE id IN ({})",
            placeholders(1, chunk.len())
        );
        bind_all(sqlx::query(&sql), chunk).execute(&mut *tx).await?;
    }
    Ok(tx.commit().await?)
}
