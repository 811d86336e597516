//! Deactivation, confirmation by a second person, and the notice of a code issued by
//! someone else (the rules are in `app::domain::account_controls`).
use super::{audit::Entry, now, Db, Result};
use app::{api::accounts::AwaitingRow, domain::role::Role};
use sqlx::{Any, Executor, Row};

/// What sign-in and the rules need to know of an account's controls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controls {
    pub role: Role,
    pub centre_id: Option<i64>,
    pub deactivated: bool,
    pub awaiting: bool,
    pub awaiting_by: Option<i64>,
}

pub async fn controls(db: &Db, user_id: i64) -> Result<Option<Controls>> {
    let Some(row) =
        sqlx::query("SELECT role, centre_id, deactivated_at, awaiting_since, awaiting_by FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?
    else {
        return Ok(None);
    };
    let role: String = row.try_get("role")?;
    Ok(Some(Controls {
        role: Role::parse(&role).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
        centre_id: row.try_get("centre_id")?,
        deactivated: row.try_get::<Option<i64>, _>("deactivated_at")?.is_some(),
        awaiting: row.try_get::<Option<i64>, _>("awaiting_since")?.is_some(),
        awaiting_by: row.try_get("awaiting_by")?,
    }))
}

/// The account waits for a second person from now on (made, or given a code, by `by`).
pub async fn await_second_person<'e, E: Executor<'e, Database = Any>>(ex: E, user_id: i64, by: i64) -> Result<()> {
    sqlx::query("UPDATE users SET awaiting_since = $1, awaiting_by = $2 WHERE id = $3")
        .bind(now())
        .bind(by)
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Confirms a waiting account, with its audit entry; answers whether it was waiting.
pub async fn confirm(db: &Db, user_id: i64, audit: Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE users SET awaiting_since = NULL, awaiting_by = NULL WHERE id = $1 AND awaiting_since IS NOT NULL",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 1 {
        super::audit::record_in(&mut tx, audit).await?;
    }
    tx.commit().await?;
    Ok(done == 1)
}

/// Deactivates (ending every session) or reactivates, with its audit entry. Answers whether
/// anything changed: doing it twice writes one audit row.
pub async fn set_active(db: &Db, user_id: i64, active: bool, audit: Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let update = if active {
        sqlx::query("UPDATE users SET deactivated_at = NULL WHERE id = $1 AND deactivated_at IS NOT NULL").bind(user_id)
    } else {
        sqlx::query("UPDATE users SET deactivated_at = $2 WHERE id = $1 AND deactivated_at IS NULL")
            .bind(user_id)
            .bind(now())
    };
    let changed = update.execute(&mut *tx).await?.rows_affected() == 1;
    if changed {
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        super::audit::record_in(&mut tx, audit).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// Accounts waiting for a second person, oldest first, with who made them wait.
pub async fn awaiting(db: &Db) -> Result<Vec<(AwaitingRow, Option<i64>)>> {
    sqlx::query(
        "SELECT u.id, u.display_name, u.email, u.role, u.centre_id, c.name AS centre, u.awaiting_since, \
         u.awaiting_by, b.display_name AS by_name FROM users u LEFT JOIN centres c ON c.id = u.centre_id \
         LEFT JOIN users b ON b.id = u.awaiting_by WHERE u.awaiting_since IS NOT NULL ORDER BY u.awaiting_since, u.id",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|row| {
        let role: String = row.try_get("role")?;
        Ok((
            AwaitingRow {
                id: row.try_get("id")?,
                name: row.try_get("display_name")?,
                email: row.try_get("email")?,
                role: Role::parse(&role).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?,
                centre_id: row.try_get("centre_id")?,
                centre: row.try_get("centre")?,
                since: row.try_get("awaiting_since")?,
                by: row.try_get::<Option<String>, _>("by_name")?.unwrap_or_default(),
            },
            row.try_get("awaiting_by")?,
        ))
    })
    .collect()
}

/// Someone else issued a code for this account: the person is told at their next sign-in.
pub async fn note_code_issued<'e, E: Executor<'e, Database = Any>>(ex: E, user_id: i64, by: i64) -> Result<()> {
    sqlx::query("UPDATE users SET code_issued_by = $1, code_issued_at = $2 WHERE id = $3")
        .bind(by)
        .bind(now())
        .bind(user_id)
        .execute(ex)
        .await?;
    Ok(())
}

/// Whether someone else issued a code since the person last signed in; the notice is then
/// taken (shown once).
pub async fn take_code_notice(db: &Db, user_id: i64) -> Result<bool> {
    let taken = sqlx::query(
        "UPDATE users SET code_issued_by = NULL, code_issued_at = NULL WHERE id = $1 AND code_issued_by IS NOT NULL AND code_issued_by <> $1",
    )
    .bind(user_id)
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(taken == 1)
}
