//! The audit log's chain, pure: an entry's digest, a seal's root, and `check_seal`, which
//! names the first broken link of one seal (a table of cases in its tests). Sealing and
//! verifying against the database are `audit_seals`'.
use crate::auth::tokens;
use crate::storage::audit_seals::{LogRow, Seal};

/// The root before the first seal.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The digest of one entry: every column, as a JSON array (no two entries encode alike).
pub fn entry_digest(e: &LogRow) -> String {
    let encoded = serde_json::json!([
        e.id,
        e.at,
        e.actor_id,
        e.actor_role,
        e.action,
        e.patient_id,
        e.subject,
        e.client_addr
    ]);
    tokens::digest(&encoded.to_string())
}

/// A seal's root: the root before it, the ids it covers and its entries' digests in order.
pub fn seal_root(prev_root: &str, first_id: i64, last_id: i64, digests: &[(i64, String)]) -> String {
    let mut covered = format!("{prev_root}:{first_id}:{last_id}:{}", digests.len());
    for (id, digest) in digests {
        covered.push_str(&format!(":{id}={digest}"));
    }
    tokens::digest(&covered)
}

/// The first broken link found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// An entry no longer matches its digest.
    Changed { entry: i64, seal: i64 },
    /// An entry was sealed and is gone.
    Removed { entry: i64, seal: i64 },
    /// An entry in a seal's range that the seal does not hold.
    AddedAfter { entry: i64, seal: i64 },
    /// The seal's root does not cover its digests and range.
    SealChanged { seal: i64 },
    /// The seal does not follow the one before it (a seal removed, or the chain rewritten).
    ChainBroken { seal: i64 },
    /// The head given is not among the seals: a tail of seals was removed.
    HeadMissing { head: String },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Changed { entry, seal } => write!(f, "audit entry {entry} was changed after seal {seal}"),
            Break::Removed { entry, seal } => write!(f, "audit entry {entry} of seal {seal} was removed"),
            Break::AddedAfter { entry, seal } => {
                write!(f, "audit entry {entry} was added inside seal {seal} after it was made")
            }
            Break::SealChanged { seal } => write!(f, "seal {seal} was changed: its root does not cover its digests"),
            Break::ChainBroken { seal } => write!(f, "seal {seal} does not follow the seal before it"),
            Break::HeadMissing { head } => write!(
                f,
                "the head {head} is not among the seals: seals were removed from the end"
            ),
        }
    }
}

/// One seal against the seal before it (`prev`: its number and root), its entries as they
/// are now and the digests kept: the first broken link, if any.
pub fn check_seal(
    prev: (i64, &str),
    prev_last_id: i64,
    seal: &Seal,
    entries: &[LogRow],
    digests: &[(i64, String)],
) -> Option<Break> {
    let number = seal.number;
    if seal.number != prev.0 + 1 || seal.prev_root != prev.1 || seal.first_id != prev_last_id + 1 {
        return Some(Break::ChainBroken { seal: number });
    }
    let (mut e, mut d) = (entries.iter().peekable(), digests.iter().peekable());
    loop {
        match (e.peek(), d.peek()) {
            (None, None) => break,
            (Some(entry), None) => {
                return Some(Break::AddedAfter {
                    entry: entry.id,
                    seal: number,
                })
            }
            (None, Some((id, _))) => {
                return Some(Break::Removed {
                    entry: *id,
                    seal: number,
                })
            }
            (Some(entry), Some((id, _))) if entry.id < *id => {
                return Some(Break::AddedAfter {
                    entry: entry.id,
                    seal: number,
                })
            }
            (Some(entry), Some((id, _))) if entry.id > *id => {
                return Some(Break::Removed {
                    entry: *id,
                    seal: number,
                })
            }
            (Some(entry), Some((_, digest))) => {
                if entry_digest(entry) != *digest {
                    return Some(Break::Changed {
                        entry: entry.id,
                        seal: number,
                    });
                }
                e.next();
                d.next();
            }
        }
    }
    let covered = i64::try_from(digests.len()).ok() == Some(seal.entries);
    if !covered || seal_root(&seal.prev_root, seal.first_id, seal.last_id, digests) != seal.root {
        return Some(Break::SealChanged { seal: number });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64) -> LogRow {
        LogRow {
            id,
            at: 1_700_000_000 + id,
            actor_id: Some(3),
            actor_role: Some("nurse".into()),
            action: "timeline.read".into(),
            patient_id: Some(9),
            subject: None,
            client_addr: "192.0.2.1".into(),
        }
    }

    /// Seal 2 over entries 11 to 13 (12 missing from the log, as ids may skip), after a
    /// seal 1 ending at 10.
    fn sealed() -> (Seal, Vec<LogRow>, Vec<(i64, String)>) {
        let entries = vec![entry(11), entry(13)];
        let digests: Vec<(i64, String)> = entries.iter().map(|e| (e.id, entry_digest(e))).collect();
        let seal = Seal {
            number: 2,
            first_id: 11,
            last_id: 13,
            entries: 2,
            prev_root: "r1".into(),
            root: seal_root("r1", 11, 13, &digests),
            sealed_at: 0,
        };
        (seal, entries, digests)
    }

    #[test]
    fn check_seal_names_each_kind_of_break() {
        let (seal, entries, digests) = sealed();
        let changed = {
            let mut e = entries.clone();
            e[1].client_addr = "198.51.100.1".into();
            e
        };
        let other_root = Seal {
            root: "f".repeat(64),
            ..seal.clone()
        };
        let fewer = Seal {
            entries: 1,
            ..seal.clone()
        };
        let rewritten = vec![digests[0].clone(), (13, entry_digest(&changed[1]))];
        let cases: Vec<(
            &str,
            (i64, &str),
            i64,
            &Seal,
            Vec<LogRow>,
            &[(i64, String)],
            Option<Break>,
        )> = vec![
            ("intact", (1, "r1"), 10, &seal, entries.clone(), &digests, None),
            (
                "changed",
                (1, "r1"),
                10,
                &seal,
                changed.clone(),
                &digests,
                Some(Break::Changed { entry: 13, seal: 2 }),
            ),
            (
                "removed",
                (1, "r1"),
                10,
                &seal,
                vec![entry(13)],
                &digests,
                Some(Break::Removed { entry: 11, seal: 2 }),
            ),
            (
                "added after",
                (1, "r1"),
                10,
                &seal,
                vec![entry(11), entry(12), entry(13)],
                &digests,
                Some(Break::AddedAfter { entry: 12, seal: 2 }),
            ),
            (
                "added at the end",
                (1, "r1"),
                10,
                &seal,
                vec![entry(11), entry(13), entry(14)],
                &digests,
                Some(Break::AddedAfter { entry: 14, seal: 2 }),
            ),
            (
                "digest rewritten",
                (1, "r1"),
                10,
                &seal,
                changed,
                &rewritten,
                Some(Break::SealChanged { seal: 2 }),
            ),
            (
                "root changed",
                (1, "r1"),
                10,
                &other_root,
                entries.clone(),
                &digests,
                Some(Break::SealChanged { seal: 2 }),
            ),
            (
                "count changed",
                (1, "r1"),
                10,
                &fewer,
                entries.clone(),
                &digests,
                Some(Break::SealChanged { seal: 2 }),
            ),
            (
                "a seal before it removed",
                (0, GENESIS),
                0,
                &seal,
                entries.clone(),
                &digests,
                Some(Break::ChainBroken { seal: 2 }),
            ),
            (
                "another root before it",
                (1, "r0"),
                10,
                &seal,
                entries.clone(),
                &digests,
                Some(Break::ChainBroken { seal: 2 }),
            ),
            (
                "a gap in the ids covered",
                (1, "r1"),
                9,
                &seal,
                entries,
                &digests,
                Some(Break::ChainBroken { seal: 2 }),
            ),
        ];
        for (name, prev, prev_last, seal, entries, digests, expected) in cases {
            assert_eq!(check_seal(prev, prev_last, seal, &entries, digests), expected, "{name}");
        }
    }

    #[test]
    fn a_digest_covers_every_column() {
        let base = entry(1);
        let variants = [
            LogRow {
                at: base.at + 1,
                ..base.clone()
            },
            LogRow {
                actor_id: None,
                ..base.clone()
            },
            LogRow {
                actor_role: Some("admin".into()),
                ..base.clone()
            },
            LogRow {
                action: "timeline.change".into(),
                ..base.clone()
            },
            LogRow {
                patient_id: Some(10),
                ..base.clone()
            },
            LogRow {
                subject: Some("treatment:1".into()),
                ..base.clone()
            },
            LogRow {
                client_addr: "192.0.2.2".into(),
                ..base.clone()
            },
            LogRow { id: 2, ..base.clone() },
        ];
        for v in variants {
            assert_ne!(entry_digest(&v), entry_digest(&base), "{v:?}");
        }
    }
}
