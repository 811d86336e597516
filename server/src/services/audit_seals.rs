//! The audit log, tamper-evident. Audited writes insert as before, on any instance, without
//! waiting for one another; sealing comes after. Each instance's housekeeping seals, in id
//! order, the entries older than a few minutes (a transaction still open then is past its
//! time): a SHA-256 digest of each entry is kept, and the seal's root is the digest of the
//! root before it, its range and its entries' digests. Two instances sealing at once store
//! one seal of a number; the other finds the number taken and stops.
//!
//! `verify` reads it all again and names the first broken link (`audit_chain::check_seal`):
//! an entry changed, removed or added after its seal, a digest or a seal changed, a seal
//! removed from the chain. The newest root goes to the log at each seal (and is meant for
//! audit exports): given one (`--head`), `verify` also finds a removed tail of seals.
pub use super::audit_chain::{check_seal, entry_digest, seal_root, Break, GENESIS};

use crate::storage::{
    audit_seals::{self, LogRow, Seal},
    now, Db, Result,
};

/// Entries younger than this are left for the next seal.
pub const SEAL_AFTER_SECONDS: i64 = 600;
/// Entries in one seal at most (a backlog is sealed in several).
const MOST_PER_SEAL: i64 = 50_000;

/// How far apart the instances' and the database's clocks may be, in seconds.
const CLOCKS_APART: i64 = 60;

/// Whether every transaction begun before `at` has ended, asked a few times over a second
/// (another instance's short writes come and go).
async fn no_transaction_begun_before(db: &Db, at: i64) -> Result<bool> {
    for _ in 0..5 {
        if audit_seals::transactions_begun_before(db, at).await? == 0 {
            return Ok(true);
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Ok(false)
}

/// Seals the entries older than `older_than` seconds; answers the seals made.
///
/// Seals cover ids in order, so an entry must not commit below a sealed id. On PostgreSQL
/// ids are taken when a row is inserted but seen when its transaction commits: while a
/// transaction that began before the cutoff (and a minute more, for clocks apart) is still
/// open, nothing is sealed, and the next hour tries again. SQLite writes one transaction at a
/// time: ids commit in order.
pub async fn seal_due(db: &Db, older_than: i64) -> Result<Vec<Seal>> {
    let cutoff = now() - older_than;
    if !no_transaction_begun_before(db, cutoff + CLOCKS_APART).await? {
        tracing::info!("audit log not sealed: a transaction begun before the cutoff is still open");
        return Ok(Vec::new());
    }
    let mut made = Vec::new();
    loop {
        let last = audit_seals::last(db).await?;
        let (number, prev_root, after) = match &last {
            Some(s) => (s.number + 1, s.root.clone(), s.last_id),
            None => (1, GENESIS.to_string(), 0),
        };
        let due: Vec<LogRow> = audit_seals::entries_after(db, after, MOST_PER_SEAL)
            .await?
            .into_iter()
            .take_while(|e| e.at <= cutoff)
            .collect();
        let Some(last_entry) = due.last() else { return Ok(made) };
        let digests: Vec<(i64, String)> = due.iter().map(|e| (e.id, entry_digest(e))).collect();
        let seal = Seal {
            number,
            first_id: after + 1,
            last_id: last_entry.id,
            entries: i64::try_from(digests.len()).unwrap_or(i64::MAX),
            root: seal_root(&prev_root, after + 1, last_entry.id, &digests),
            prev_root,
            sealed_at: now(),
        };
        if !audit_seals::store(db, &seal, &digests).await? {
            // Another instance sealed this number meanwhile: it carries on.
            return Ok(made);
        }
        // The head, kept outside the database by the log (target `audit_head`: keep it at
        // info whatever the other levels).
        tracing::info!(target: "audit_head", seal = seal.number, last_entry = seal.last_id, head = %seal.root, "audit log sealed");
        made.push(seal);
    }
}

/// What `verify` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub seals: i64,
    pub entries: i64,
    /// The newest root: the head to keep outside the database.
    pub head: String,
    pub broken: Option<Break>,
}

/// Checks every seal in order, and that `head` (a root kept outside) is among them.
pub async fn verify(db: &Db, head: Option<&str>) -> Result<Verdict> {
    let seals = audit_seals::all(db).await?;
    let mut verdict = Verdict {
        seals: 0,
        entries: 0,
        head: GENESIS.to_string(),
        broken: None,
    };
    let mut prev_last_id = 0;
    let mut prev_number = 0;
    for seal in &seals {
        let entries = audit_seals::entries_of(db, seal).await?;
        let digests = audit_seals::digests_of(db, seal.number).await?;
        verdict.broken = check_seal((prev_number, &verdict.head), prev_last_id, seal, &entries, &digests);
        if verdict.broken.is_some() {
            return Ok(verdict);
        }
        verdict.seals += 1;
        verdict.entries += seal.entries;
        verdict.head = seal.root.clone();
        (prev_number, prev_last_id) = (seal.number, seal.last_id);
    }
    if let Some(head) = head {
        if !seals.iter().any(|s| s.root == head) && head != GENESIS {
            verdict.broken = Some(Break::HeadMissing { head: head.to_string() });
        }
    }
    Ok(verdict)
}
