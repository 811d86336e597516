//! Versions of a centre's own check-in instruments (`migrations/*/0027`). A version holds
//! every site rule of its kind; the one in force is the highest-numbered in force. A new
//! version is numbered after every other of its kind, and only on the version in force
//! (`based_on`): of two admins saving at once, one is told the rules changed meanwhile.
use super::{audit::Entry, is_unique_violation, now, Db, DbKind, Result, StorageError};
use app::domain::instruments::Kind;
use sqlx::{any::AnyRow, Row};

/// One version, as stored.
#[derive(Clone, Debug)]
pub struct Version {
    pub kind: Kind,
    pub number: i64,
    pub rules: String,
    pub change: String,
    pub proposed_by: i64,
    pub proposed_at: i64,
    pub approved_by: Option<i64>,
    pub in_force_at: Option<i64>,
    pub set_aside_at: Option<i64>,
}

impl Version {
    /// Proposed, neither in force nor set aside.
    pub fn is_pending(&self) -> bool {
        self.in_force_at.is_none() && self.set_aside_at.is_none()
    }
}

const COLUMNS: &str = "kind, number, rules, change, proposed_by, proposed_at, approved_by, in_force_at, set_aside_at";

fn version(row: &AnyRow) -> Result<Version> {
    let kind: String = row.try_get("kind")?;
    Ok(Version {
        kind: Kind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("no instrument kind '{kind}'").into()))?,
        number: row.try_get("number")?,
        rules: row.try_get("rules")?,
        change: row.try_get("change")?,
        proposed_by: row.try_get("proposed_by")?,
        proposed_at: row.try_get("proposed_at")?,
        approved_by: row.try_get("approved_by")?,
        in_force_at: row.try_get("in_force_at")?,
        set_aside_at: row.try_get("set_aside_at")?,
    })
}

/// The number in force of each kind, in `Kind::ALL`'s order (0: the built-in one alone):
/// what every instance polls.
pub async fn numbers_in_force(db: &Db) -> Result<[i64; 3]> {
    let rows = sqlx::query(
        "SELECT kind, MAX(number) AS number FROM instrument_versions WHERE in_force_at IS NOT NULL GROUP BY kind",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut numbers = [0; 3];
    for row in rows {
        let kind: String = row.try_get("kind")?;
        if let Some(i) = Kind::ALL.iter().position(|k| k.as_str() == kind) {
            numbers[i] = row.try_get("number")?;
        }
    }
    Ok(numbers)
}

/// The version in force of each kind that has one.
pub async fn in_force(db: &Db) -> Result<Vec<Version>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM instrument_versions v WHERE in_force_at IS NOT NULL AND number = \
         (SELECT MAX(number) FROM instrument_versions w WHERE w.kind = v.kind AND w.in_force_at IS NOT NULL)"
    ))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(version)
    .collect()
}

/// Every version of `kind` that has been in force, oldest first.
pub async fn ever_in_force(db: &Db, kind: Kind) -> Result<Vec<Version>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM instrument_versions WHERE kind = $1 AND in_force_at IS NOT NULL ORDER BY number"
    ))
    .bind(kind.as_str())
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(version)
    .collect()
}

/// Versions waiting for approval (at most one per kind), whatever their age.
pub async fn waiting(db: &Db) -> Result<Vec<Version>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM instrument_versions WHERE in_force_at IS NULL AND set_aside_at IS NULL ORDER BY id"
    ))
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(version)
    .collect()
}

/// The latest versions, newest first: the history the admin page shows.
pub async fn latest(db: &Db, limit: i64) -> Result<Vec<Version>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM instrument_versions ORDER BY proposed_at DESC, id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(version)
    .collect()
}

pub async fn one(db: &Db, kind: Kind, number: i64) -> Result<Option<Version>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM instrument_versions WHERE kind = $1 AND number = $2"
    ))
    .bind(kind.as_str())
    .bind(number)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(version)
    .transpose()
}

/// Changes are made one at a time, whichever instance makes them: each first takes the
/// table's write lock, so a second change waits for the first to end and then reads the
/// numbers it left. Without it, on PostgreSQL (READ COMMITTED) two changes of different kinds
/// could both pass the numbers check, and SQLite refused the second writer with BUSY (a 500).
/// Readers (the instances' polls) are not held up.
async fn one_change_at_a_time(db: &Db, tx: &mut sqlx::AnyConnection) -> Result<()> {
    let sql = match db.kind {
        DbKind::Postgres => "LOCK TABLE instrument_versions IN EXCLUSIVE MODE",
        // A write that changes nothing takes SQLite's write lock at once.
        DbKind::Sqlite => "UPDATE instrument_versions SET number = number WHERE 1 = 0",
    };
    sqlx::query(sql).execute(&mut *tx).await?;
    Ok(())
}

/// A new version of `kind`, made on the numbers in force `based_on` (of every kind, in
/// `Kind::ALL`'s order). In force at once unless `pending`. `Stale` when any kind's number
/// in force moved meanwhile, or a version of this kind still waits for approval.
pub async fn add(
    db: &Db,
    (kind, based_on): (Kind, [i64; 3]),
    rules: &str,
    change: &str,
    (by, pending): (i64, bool),
    audit: Entry<'_>,
) -> Result<i64> {
    let mut tx = db.pool.begin().await?;
    one_change_at_a_time(db, &mut tx).await?;
    let rows = sqlx::query(
        "SELECT kind, COALESCE(MAX(number), 0) AS last, \
         COALESCE(MAX(CASE WHEN in_force_at IS NOT NULL THEN number END), 0) AS in_force, \
         COUNT(CASE WHEN in_force_at IS NULL AND set_aside_at IS NULL THEN 1 END) AS waiting \
         FROM instrument_versions GROUP BY kind",
    )
    .fetch_all(&mut *tx)
    .await?;
    let (mut last, mut in_force, mut waiting) = (0, [0; 3], 0);
    for row in rows {
        let of: String = row.try_get("kind")?;
        let Some(i) = Kind::ALL.iter().position(|k| k.as_str() == of) else {
            continue;
        };
        in_force[i] = row.try_get("in_force")?;
        if Kind::ALL[i] == kind {
            (last, waiting) = (row.try_get("last")?, row.try_get("waiting")?);
        }
    }
    if in_force != based_on || waiting > 0 {
        return Err(StorageError::Stale);
    }
    let at = now();
    let inserted = sqlx::query(
        "INSERT INTO instrument_versions (kind, number, rules, change, proposed_by, proposed_at, in_force_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(kind.as_str())
    .bind(last + 1)
    .bind(rules)
    .bind(change)
    .bind(by)
    .bind(at)
    .bind((!pending).then_some(at))
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(error) if is_unique_violation(&error) => return Err(StorageError::Stale),
        other => other?,
    };
    let subject = format!("instruments:{}:{}", kind.as_str(), last + 1);
    super::audit::record_in(&mut tx, audit.subject(subject.as_str())).await?;
    tx.commit().await?;
    Ok(last + 1)
}

/// Brings a waiting version into force (`approve`) or sets it aside. `false` when there is
/// no such waiting version, or the approver is the one who proposed it.
pub async fn decide(db: &Db, (kind, number): (Kind, i64), by: i64, approve: bool, audit: Entry<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    one_change_at_a_time(db, &mut tx).await?;
    let sql = if approve {
        "UPDATE instrument_versions SET approved_by = $1, in_force_at = $2 \
         WHERE kind = $3 AND number = $4 AND in_force_at IS NULL AND set_aside_at IS NULL AND proposed_by <> $1"
    } else {
        "UPDATE instrument_versions SET set_aside_by = $1, set_aside_at = $2 \
         WHERE kind = $3 AND number = $4 AND in_force_at IS NULL AND set_aside_at IS NULL"
    };
    let changed = sqlx::query(sql)
        .bind(by)
        .bind(now())
        .bind(kind.as_str())
        .bind(number)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 1 {
        let subject = format!("instruments:{}:{number}", kind.as_str());
        super::audit::record_in(&mut tx, audit.subject(subject.as_str())).await?;
    }
    tx.commit().await?;
    Ok(changed == 1)
}
