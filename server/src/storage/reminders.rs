//! The reminders outbox: kept in step with the plan inside the transaction that changes the
//! timeline, so that a moved date never leaves a reminder for the old one behind.
use super::{Db, Result, StorageError};
use app::domain::reminders::{reconcile, Key, Stored, StoredState, Wanted};
use sqlx::{Any, AnyConnection, Executor, Row, Transaction};

/// A reminder as it is stored, beside its key.
#[derive(Clone, Debug)]
pub struct Details {
    pub patient_id: i64,
    pub kind: &'static str,
    /// What the words are filled in with (JSON).
    pub params: String,
    pub url: String,
    pub expires_at: i64,
}

/// What the plan wants for one patient's treatment, worked out before the transaction.
#[derive(Clone, Debug, Default)]
pub struct ReminderPlan {
    pub patient_id: i64,
    /// The rules the plan covers: rows of other rules (notices sent on an event) are left
    /// alone.
    pub rules: Vec<String>,
    pub wanted: Vec<(Wanted, Details)>,
    /// Sent once, now: "your plan changed".
    pub notices: Vec<(Wanted, Details)>,
}

fn state_of(text: &str) -> StoredState {
    match text {
        "pending" => StoredState::Pending,
        "sending" => StoredState::Sending,
        "sent" => StoredState::Sent,
        "failed" => StoredState::Failed,
        _ => StoredState::Cancelled,
    }
}

async fn stored_rows(tx: &mut Transaction<'static, Any>, plan: &ReminderPlan) -> Result<Vec<Stored>> {
    let rows =
        sqlx::query("SELECT id, user_id, rule, subject, due_at, state, send_at FROM reminders WHERE patient_id = $1")
            .bind(plan.patient_id)
            .fetch_all(&mut **tx)
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let rule: String = row.try_get("rule")?;
        if !plan.rules.contains(&rule) {
            continue;
        }
        out.push(Stored {
            id: row.try_get("id")?,
            key: Key {
                user_id: row.try_get("user_id")?,
                rule,
                subject: row.try_get("subject")?,
                due_at: row.try_get("due_at")?,
            },
            state: state_of(&row.try_get::<String, _>("state")?),
            send_at: row.try_get("send_at")?,
        });
    }
    Ok(out)
}

/// One pending row of the outbox, as written.
#[derive(Clone, Debug)]
pub struct NewReminder<'a> {
    pub user_id: i64,
    /// The patient whose treatment it is about, if any.
    pub patient_id: Option<i64>,
    pub rule: &'a str,
    pub subject: &'a str,
    pub due_at: i64,
    pub send_at: i64,
    pub expires_at: i64,
    pub kind: &'a str,
    /// What the words are filled in with (JSON).
    pub params: &'a str,
    pub url: &'a str,
}

/// Writes one pending reminder made `now`, and answers its id. `once`: not when an
/// identical one exists (two changes in the same second that moved the same dates make one
/// notice), and then there is no id.
pub async fn insert<'e, E: Executor<'e, Database = Any>>(
    ex: E,
    reminder: &NewReminder<'_>,
    now: i64,
    once: bool,
) -> Result<Option<i64>> {
    let sql = if once {
        "INSERT INTO reminders (user_id, patient_id, rule, subject, due_at, send_at, expires_at, kind, params, url, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11) ON CONFLICT DO NOTHING RETURNING id"
    } else {
        "INSERT INTO reminders (user_id, patient_id, rule, subject, due_at, send_at, expires_at, kind, params, url, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11) RETURNING id"
    };
    let row = sqlx::query(sql)
        .bind(reminder.user_id)
        .bind(reminder.patient_id)
        .bind(reminder.rule)
        .bind(reminder.subject)
        .bind(reminder.due_at)
        .bind(reminder.send_at)
        .bind(reminder.expires_at)
        .bind(reminder.kind)
        .bind(reminder.params)
        .bind(reminder.url)
        .bind(now)
        .fetch_optional(ex)
        .await?;
    Ok(row.map(|row| row.try_get("id")).transpose()?)
}

/// A planned reminder as written.
fn planned<'a>(wanted: &'a Wanted, details: &'a Details) -> NewReminder<'a> {
    NewReminder {
        user_id: wanted.key.user_id,
        patient_id: Some(details.patient_id),
        rule: &wanted.key.rule,
        subject: &wanted.key.subject,
        due_at: wanted.key.due_at,
        send_at: wanted.send_at,
        expires_at: details.expires_at,
        kind: details.kind,
        params: &details.params,
        url: &details.url,
    }
}

/// Urgent answers about one patient within this many seconds of an alert raise no new
/// alert: the first one's count goes up instead (a loop of answers is one alert).
pub const URGENT_REPEAT_SECONDS: i64 = 10 * 60;

/// An urgent alert to every nurse of the centre, due `at` and worth sending until
/// `expires_at`. No name in it: a phone's lock screen shows it; the queue says who. A nurse
/// alerted about this patient in the last `URGENT_REPEAT_SECONDS` gets no second alert; that
/// alert says how many urgent answers came since (`repeats`, in the inbox and in a push not
/// sent yet).
pub async fn alert_nurses_of(
    conn: &mut AnyConnection,
    centre_id: i64,
    patient_id: i64,
    rule: &str,
    subject: &str,
    at: i64,
    expires_at: i64,
) -> Result<()> {
    let since = at - URGENT_REPEAT_SECONDS;
    let first: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(created_at) FROM reminders WHERE patient_id = $1 AND rule = $2 AND created_at > $3 AND state <> 'cancelled'",
    )
    .bind(patient_id)
    .bind(rule)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(first) = first {
        let repeats: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT response_id) FROM flags WHERE patient_id = $1 AND level = 'urgent' AND raised_at >= $2",
        )
        .bind(patient_id)
        .bind(first)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query("UPDATE reminders SET params = $1 WHERE patient_id = $2 AND rule = $3 AND created_at > $4 AND state <> 'cancelled'")
            .bind(serde_json::json!({ "repeats": repeats }).to_string())
            .bind(patient_id)
            .bind(rule)
            .bind(since)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "INSERT INTO reminders (user_id, patient_id, rule, subject, due_at, send_at, expires_at, kind, params, url, state, created_at) \
         SELECT u.id, $1, $2, $3, $4, $4, $5, 'urgent', '{}', '/flags', 'pending', $4 FROM users u \
         WHERE u.role = 'nurse' AND u.centre_id = $6 AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.user_id = u.id \
         AND r.patient_id = $1 AND r.rule = $2 AND r.created_at > $7 AND r.state <> 'cancelled')",
    )
    .bind(patient_id)
    .bind(rule)
    .bind(subject)
    .bind(at)
    .bind(expires_at)
    .bind(centre_id)
    .bind(since)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// [`sync`] in a transaction of its own.
pub async fn sync_alone(db: &Db, plan: &ReminderPlan, now: i64) -> Result<usize> {
    let mut tx = db.pool.begin().await?;
    let changed = sync(&mut tx, plan, now).await?;
    tx.commit().await?;
    Ok(changed)
}

/// Brings the patient's outbox in step with the plan: adds, cancels (pending rows, and rows
/// a dispatcher is sending: the request in flight ends, no retry follows), revives and
/// reschedules; then adds the notices. Answers how many rows it changed.
pub async fn sync(tx: &mut Transaction<'static, Any>, plan: &ReminderPlan, now: i64) -> Result<usize> {
    let stored = stored_rows(tx, plan).await?;
    let wanted: Vec<Wanted> = plan.wanted.iter().map(|(w, _)| w.clone()).collect();
    let change = reconcile(&stored, &wanted, now);
    let details = |key: &Key| plan.wanted.iter().find(|(w, _)| &w.key == key).map(|(_, d)| d);
    for w in &change.insert {
        if let Some(d) = details(&w.key) {
            insert(&mut **tx, &planned(w, d), now, false).await?;
        }
    }
    for id in &change.cancel {
        sqlx::query("UPDATE reminders SET state = 'cancelled', lease_until = NULL, claim = NULL WHERE id = $1 AND state IN ('pending', 'sending')")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for (id, send_at) in change.revive.iter().chain(&change.reschedule) {
        let key = &stored.iter().find(|s| s.id == *id).map(|s| s.key.clone());
        let expires_at = key.as_ref().and_then(details).map(|d| d.expires_at).unwrap_or(*send_at);
        sqlx::query("UPDATE reminders SET state = 'pending', send_at = $1, expires_at = $2, retry_at = CASE WHEN state = 'cancelled' THEN NULL ELSE retry_at END, attempts = CASE WHEN state = 'cancelled' THEN 0 ELSE attempts END WHERE id = $3 AND state IN ('pending', 'cancelled')")
            .bind(send_at)
            .bind(expires_at)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for (w, d) in &plan.notices {
        insert(&mut **tx, &planned(w, d), now, true).await?;
    }
    Ok(change.insert.len() + change.cancel.len() + change.revive.len() + change.reschedule.len() + plan.notices.len())
}

/// The quiet hours a person set, if any.
pub async fn quiet_hours(db: &Db, user_id: i64) -> Result<Option<(String, String)>> {
    let row = sqlx::query("SELECT quiet_from, quiet_until FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(row) => match (
            row.try_get::<Option<String>, _>("quiet_from")?,
            row.try_get::<Option<String>, _>("quiet_until")?,
        ) {
            (Some(from), Some(until)) => Some((from, until)),
            _ => None,
        },
        None => None,
    })
}

/// Whether a person's lock screen may show what their reminders are about.
pub async fn lock_screen_detail(db: &Db, user_id: i64) -> Result<bool> {
    let detail: Option<i64> = sqlx::query_scalar("SELECT lock_screen_detail FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(detail.unwrap_or(0) != 0)
}

pub async fn set_lock_screen_detail(db: &Db, user_id: i64, detail: bool) -> Result<()> {
    sqlx::query("UPDATE users SET lock_screen_detail = $1 WHERE id = $2")
        .bind(i64::from(detail))
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The kinds of reminder a person switched off.
pub async fn switched_off(db: &Db, user_id: i64) -> Result<Vec<String>> {
    sqlx::query("SELECT kind FROM reminder_preferences WHERE user_id = $1 AND enabled = 0")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| row.try_get("kind").map_err(StorageError::from))
        .collect()
}

pub struct InboxRow {
    pub id: i64,
    pub rule: String,
    pub params: String,
    pub url: String,
    pub send_at: i64,
    pub read: bool,
}

/// A person's reminders whose time has come (not the cancelled ones), newest first.
pub async fn inbox_of(db: &Db, user_id: i64, now: i64, limit: i64) -> Result<Vec<InboxRow>> {
    sqlx::query("SELECT id, rule, params, url, send_at, read_at FROM reminders WHERE user_id = $1 AND send_at <= $2 AND state <> 'cancelled' ORDER BY send_at DESC, id DESC LIMIT $3")
        .bind(user_id)
        .bind(now)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(InboxRow {
                id: r.try_get("id")?,
                rule: r.try_get("rule")?,
                params: r.try_get("params")?,
                url: r.try_get("url")?,
                send_at: r.try_get("send_at")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
}

/// Marks one of this person's reminders read; answers whether there was one.
pub async fn mark_read(db: &Db, user_id: i64, id: i64, now: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE reminders SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3 AND send_at <= $1 AND state <> 'cancelled'")
        .bind(now)
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces a person's switched-off kinds and quiet hours, in one transaction.
pub async fn save_settings(db: &Db, user_id: i64, off: &[&str], quiet: (&str, &str)) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM reminder_preferences WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for kind in off {
        sqlx::query("INSERT INTO reminder_preferences (user_id, kind, enabled) VALUES ($1, $2, 0)")
            .bind(user_id)
            .bind(*kind)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE users SET quiet_from = $1, quiet_until = $2 WHERE id = $3")
        .bind(quiet.0)
        .bind(quiet.1)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Ok(tx.commit().await?)
}

pub struct PatientReminder {
    pub user_id: i64,
    pub rule: String,
    pub params: String,
    pub send_at: i64,
    pub state: String,
    pub attempts: i64,
    /// The latest attempt that did not deliver: (status, outcome).
    pub last_problem: Option<(Option<i64>, String)>,
}

/// A patient's reminders (theirs and their caregivers'): the last `past` whose time came
/// and the next `ahead`, in time order.
pub async fn of_patient(db: &Db, patient_id: i64, now: i64, past: i64, ahead: i64) -> Result<Vec<PatientReminder>> {
    // attempts: how many pushes were tried (none: the inbox alone, no device set up).
    let sql = "SELECT r.id, r.user_id, r.rule, r.params, r.send_at, r.state, \
               (SELECT COUNT(*) FROM push_attempts a WHERE a.reminder_id = r.id) AS attempts, \
               (SELECT a.status FROM push_attempts a WHERE a.reminder_id = r.id AND a.outcome <> 'sent' ORDER BY a.at DESC, a.id DESC LIMIT 1) AS problem_status, \
               (SELECT a.outcome FROM push_attempts a WHERE a.reminder_id = r.id AND a.outcome <> 'sent' ORDER BY a.at DESC, a.id DESC LIMIT 1) AS problem_outcome \
               FROM reminders r WHERE r.patient_id = $1 AND r.state <> 'cancelled' AND r.kind <> 'urgent' AND ";
    let before = sqlx::query(&format!(
        "{sql} r.send_at <= $2 ORDER BY r.send_at DESC, r.id DESC LIMIT $3"
    ))
    .bind(patient_id)
    .bind(now)
    .bind(past)
    .fetch_all(&db.pool)
    .await?;
    let after = sqlx::query(&format!("{sql} r.send_at > $2 ORDER BY r.send_at, r.id LIMIT $3"))
        .bind(patient_id)
        .bind(now)
        .bind(ahead)
        .fetch_all(&db.pool)
        .await?;
    before
        .iter()
        .rev()
        .chain(after.iter())
        .map(|r| {
            let outcome: Option<String> = r.try_get("problem_outcome")?;
            Ok(PatientReminder {
                user_id: r.try_get("user_id")?,
                rule: r.try_get("rule")?,
                params: r.try_get("params")?,
                send_at: r.try_get("send_at")?,
                state: r.try_get("state")?,
                attempts: r.try_get("attempts")?,
                last_problem: outcome.map(|o| (r.try_get("problem_status").ok().flatten(), o)),
            })
        })
        .collect()
}
