//! The audit log's seals (migration 0028): entries sealed in id order, a digest kept for
//! each, and a chain of roots over them. `services::audit_seals` decides what they hold;
//! this module only reads and writes them.
use super::{is_unique_violation, Db, DbKind, Result};
use sqlx::{any::AnyRow, Row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seal {
    pub number: i64,
    /// The ids it covers, both included: every id after the seal before it, up to its last.
    pub first_id: i64,
    pub last_id: i64,
    pub entries: i64,
    pub prev_root: String,
    pub root: String,
    pub sealed_at: i64,
}

/// An audit entry as stored, every column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_role: Option<String>,
    pub action: String,
    pub patient_id: Option<i64>,
    pub subject: Option<String>,
    pub client_addr: String,
}

const SEAL_COLUMNS: &str = "number, first_id, last_id, entries, prev_root, root, sealed_at";
const ENTRY_COLUMNS: &str = "id, at, actor_id, actor_role, action, patient_id, subject, client_addr";

fn seal_of(r: &AnyRow) -> Result<Seal> {
    Ok(Seal {
        number: r.try_get(0)?,
        first_id: r.try_get(1)?,
        last_id: r.try_get(2)?,
        entries: r.try_get(3)?,
        prev_root: r.try_get(4)?,
        root: r.try_get(5)?,
        sealed_at: r.try_get(6)?,
    })
}

fn entry_of(r: &AnyRow) -> Result<LogRow> {
    Ok(LogRow {
        id: r.try_get(0)?,
        at: r.try_get(1)?,
        actor_id: r.try_get(2)?,
        actor_role: r.try_get(3)?,
        action: r.try_get(4)?,
        patient_id: r.try_get(5)?,
        subject: r.try_get(6)?,
        client_addr: r.try_get(7)?,
    })
}

/// PostgreSQL: other client sessions' transactions begun before `at` (seconds since the
/// epoch) and still open. SQLite: none matter (one writer at a time, ids in commit order).
pub async fn transactions_begun_before(db: &Db, at: i64) -> Result<i64> {
    if db.kind == DbKind::Sqlite {
        return Ok(0);
    }
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() \
         AND backend_type = 'client backend' AND xact_start IS NOT NULL AND xact_start < to_timestamp($1)",
    )
    .bind(at)
    .fetch_one(&db.pool)
    .await?)
}

pub async fn last(db: &Db) -> Result<Option<Seal>> {
    sqlx::query(&format!(
        "SELECT {SEAL_COLUMNS} FROM audit_seals ORDER BY number DESC LIMIT 1"
    ))
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(seal_of)
    .transpose()
}

/// Every seal, oldest first (one an hour at most: some thousands a year).
pub async fn all(db: &Db) -> Result<Vec<Seal>> {
    sqlx::query(&format!("SELECT {SEAL_COLUMNS} FROM audit_seals ORDER BY number"))
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(seal_of)
        .collect()
}

/// Up to `limit` entries after `after_id`, in id order.
pub async fn entries_after(db: &Db, after_id: i64, limit: i64) -> Result<Vec<LogRow>> {
    log_rows(db, "id > $1 ORDER BY id LIMIT $2", &[after_id, limit]).await
}

/// The entries a seal covers, in id order, as they are now.
pub async fn entries_of(db: &Db, seal: &Seal) -> Result<Vec<LogRow>> {
    log_rows(db, "id BETWEEN $1 AND $2 ORDER BY id", &[seal.first_id, seal.last_id]).await
}

/// The entries matching `filter` (a condition and order of this module's, never a user's),
/// with `binds` bound to `$1`, `$2`…
async fn log_rows(db: &Db, filter: &str, binds: &[i64]) -> Result<Vec<LogRow>> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM audit_log WHERE {filter}");
    let mut query = sqlx::query(&sql);
    for value in binds {
        query = query.bind(*value);
    }
    query.fetch_all(&db.pool).await?.iter().map(entry_of).collect()
}

/// The digests kept for a seal's entries, in id order.
pub async fn digests_of(db: &Db, seal: i64) -> Result<Vec<(i64, String)>> {
    sqlx::query("SELECT entry_id, digest FROM audit_digests WHERE seal = $1 ORDER BY entry_id")
        .bind(seal)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Stores a seal and its entries' digests together. `false`: another instance stored a seal
/// of that number first (nothing is written).
pub async fn store(db: &Db, seal: &Seal, digests: &[(i64, String)]) -> Result<bool> {
    const ROWS_PER_STATEMENT: usize = 300;
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query(&format!(
        "INSERT INTO audit_seals ({SEAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
    ))
    .bind(seal.number)
    .bind(seal.first_id)
    .bind(seal.last_id)
    .bind(seal.entries)
    .bind(&seal.prev_root)
    .bind(&seal.root)
    .bind(seal.sealed_at)
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(error) if is_unique_violation(&error) => return Ok(false),
        other => other?,
    };
    for chunk in digests.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, $1, ${})", 2 * i + 2, 2 * i + 3))
            .collect();
        let sql = format!(
            "INSERT INTO audit_digests (entry_id, seal, digest) VALUES {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(seal.number);
        for (id, digest) in chunk {
            query = query.bind(*id).bind(digest.as_str());
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Up to `limit` entries after `after_id` recorded in [`from`, `until`), in id order.
pub async fn entries_in(db: &Db, after_id: i64, (from, until): (i64, i64), limit: i64) -> Result<Vec<LogRow>> {
    let filter = "id > $1 AND at >= $2 AND at < $3 ORDER BY id LIMIT $4";
    log_rows(db, filter, &[after_id, from, until, limit]).await
}

/// The seal and digest of each sealed entry with an id in [`first`, `last`].
pub async fn digests_between(db: &Db, first: i64, last: i64) -> Result<Vec<(i64, i64, String)>> {
    sqlx::query("SELECT entry_id, seal, digest FROM audit_digests WHERE entry_id BETWEEN $1 AND $2 ORDER BY entry_id")
        .bind(first)
        .bind(last)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

/// The newest entry of an action about a subject (the export's own, just recorded, whose
/// subject no other entry has).
pub async fn latest_of(db: &Db, action: &str, subject: &str) -> Result<Option<LogRow>> {
    sqlx::query(&format!(
        "SELECT {ENTRY_COLUMNS} FROM audit_log WHERE action = $1 AND subject = $2 ORDER BY id DESC LIMIT 1"
    ))
    .bind(action)
    .bind(subject)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(entry_of)
    .transpose()
}
