//! "Ask the team": each patient's thread with the care team. A message from the patient's
//! side waits until the team's next reply; a reply answers every waiting message and, in the
//! same transaction, queues its notices and its audit entry.
use super::{audit, reminders::NewReminder, Db, Result};
use app::domain::triage::Advice;
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMessage {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub from_team: bool,
    pub text: String,
    pub advice: Option<String>,
    pub sent_at: i64,
    pub answered_at: Option<i64>,
}

/// A thread with messages waiting for the team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub patient_id: i64,
    pub patient_name: String,
    pub count: i64,
    /// When the oldest waiting message was sent.
    pub since: i64,
    /// The worst advice any waiting message was sent past.
    pub advice: Option<Advice>,
}

/// Adds a message from the patient's side; `false` when `max_waiting` already wait.
pub async fn send(
    db: &Db,
    message: (i64, i64, &str, Option<&str>),
    now: i64,
    max_waiting: i64,
    entry: audit::Entry<'_>,
) -> Result<bool> {
    let (patient_id, author_id, text, advice) = message;
    let mut tx = db.pool.begin().await?;
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM team_messages WHERE patient_id = $1 AND from_team = 0 AND answered_at IS NULL",
    )
    .bind(patient_id)
    .fetch_one(&mut *tx)
    .await?;
    if waiting >= max_waiting {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO team_messages (patient_id, author_id, from_team, text, advice, sent_at) VALUES ($1, $2, 0, $3, $4, $5)",
    )
    .bind(patient_id)
    .bind(author_id)
    .bind(text)
    .bind(advice)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::record_in(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// A nurse's reply: answers the thread's waiting messages up to the last one the nurse saw
/// (`seen_up_to`, an id: one sent meanwhile still waits), and queues `notices`.
pub async fn reply(
    db: &Db,
    message: (i64, i64, &str),
    seen_up_to: i64,
    now: i64,
    notices: &[NewReminder<'_>],
    entry: audit::Entry<'_>,
) -> Result<()> {
    let (patient_id, nurse_id, text) = message;
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO team_messages (patient_id, author_id, from_team, text, sent_at) VALUES ($1, $2, 1, $3, $4)",
    )
    .bind(patient_id)
    .bind(nurse_id)
    .bind(text)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE team_messages SET answered_at = $1 WHERE patient_id = $2 AND from_team = 0 AND answered_at IS NULL \
         AND id <= $3",
    )
    .bind(now)
    .bind(patient_id)
    .bind(seen_up_to)
    .execute(&mut *tx)
    .await?;
    for notice in notices {
        super::reminders::insert(&mut *tx, notice, now, true).await?;
    }
    audit::record_in(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The latest `limit` messages of the thread, oldest first.
pub async fn thread(db: &Db, patient_id: i64, limit: i64) -> Result<Vec<StoredMessage>> {
    let rows = sqlx::query(
        "SELECT m.id, m.author_id, u.display_name, m.from_team, m.text, m.advice, m.sent_at, m.answered_at \
         FROM team_messages m JOIN users u ON u.id = m.author_id WHERE m.patient_id = $1 \
         ORDER BY m.sent_at DESC, m.id DESC LIMIT $2",
    )
    .bind(patient_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let mut out = rows
        .iter()
        .map(|row| {
            Ok(StoredMessage {
                id: row.try_get("id")?,
                author_id: row.try_get("author_id")?,
                author_name: row.try_get("display_name")?,
                from_team: row.try_get::<i64, _>("from_team")? != 0,
                text: row.try_get("text")?,
                advice: row.try_get("advice")?,
                sent_at: row.try_get("sent_at")?,
                answered_at: row.try_get("answered_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    out.reverse();
    Ok(out)
}

/// The centre's threads with messages waiting for the team, oldest first.
pub async fn waiting_in_centre(db: &Db, centre_id: i64) -> Result<Vec<Waiting>> {
    let rows = sqlx::query(
        "SELECT m.patient_id, u.display_name, COUNT(*) AS waiting, MIN(m.sent_at) AS since, \
         CAST(MIN(CASE m.advice WHEN 'emergency_first' THEN 0 WHEN 'crisis' THEN 1 WHEN 'call_care_team' THEN 2 END) AS BIGINT) AS worst \
         FROM team_messages m JOIN patients p ON p.user_id = m.patient_id JOIN users u ON u.id = m.patient_id \
         WHERE p.centre_id = $1 AND m.from_team = 0 AND m.answered_at IS NULL \
         GROUP BY m.patient_id, u.display_name ORDER BY since, m.patient_id",
    )
    .bind(centre_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Waiting {
                patient_id: row.try_get("patient_id")?,
                patient_name: row.try_get("display_name")?,
                count: row.try_get("waiting")?,
                since: row.try_get("since")?,
                // Ranked in SQL worst first, as `Advice::ALL` lists them.
                advice: row
                    .try_get::<Option<i64>, _>("worst")?
                    .and_then(|rank| Advice::ALL.get(usize::try_from(rank).ok()?).copied()),
            })
        })
        .collect()
}
