//! One research release checked at a time, across every instance. An approval compares its
//! cohort with every cohort released before, and an export checks each member against the
//! latest export that held them: two running at once would each miss the other. Each holds
//! the lease from its first read to its commit, and its commit is refused (`fence`) if the
//! lease ran out meanwhile and someone else took it. A crashed instance's lease frees itself.
use super::{now, Db, Result, StorageError};
use std::time::Duration;

const NAME: &str = "research-release";
/// How often a waiting request tries again.
const RETRY: Duration = Duration::from_millis(100);

/// The lease held: give it back with `release`.
#[derive(Debug)]
pub struct Lease {
    holder: String,
}

/// Takes the lease for `lease_seconds`, waiting up to `wait` while someone else holds it;
/// `StorageError::Busy` if it stays taken.
pub async fn acquire(db: &Db, holder: &str, lease_seconds: i64, wait: Duration) -> Result<Lease> {
    sqlx::query("INSERT INTO release_locks (name, lease_until) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING")
        .bind(NAME)
        .execute(&db.pool)
        .await?;
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let at = now();
        let taken =
            sqlx::query("UPDATE release_locks SET holder = $1, lease_until = $2 WHERE name = $3 AND lease_until <= $4")
                .bind(holder)
                .bind(at + lease_seconds)
                .bind(NAME)
                .bind(at)
                .execute(&db.pool)
                .await?
                .rows_affected();
        if taken == 1 {
            return Ok(Lease {
                holder: holder.to_string(),
            });
        }
        if tokio::time::Instant::now() + RETRY > deadline {
            return Err(StorageError::Busy);
        }
        tokio::time::sleep(RETRY).await;
    }
}

/// Within the caller's transaction: refuses it unless the lease is still this holder's. On
/// PostgreSQL the update also locks the row until the commit; SQLite writes one at a time.
pub(super) async fn fence(conn: &mut sqlx::AnyConnection, lease: &Lease) -> Result<()> {
    let held = sqlx::query(
        "UPDATE release_locks SET lease_until = lease_until WHERE name = $1 AND holder = $2 AND lease_until > $3",
    )
    .bind(NAME)
    .bind(&lease.holder)
    .bind(now())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if held == 1 {
        Ok(())
    } else {
        Err(StorageError::Busy)
    }
}

/// Gives the lease back, unless it ran out and someone else holds it now.
pub async fn release(db: &Db, lease: Lease) -> Result<()> {
    sqlx::query("UPDATE release_locks SET holder = NULL, lease_until = 0 WHERE name = $1 AND holder = $2")
        .bind(NAME)
        .bind(&lease.holder)
        .execute(&db.pool)
        .await?;
    Ok(())
}
