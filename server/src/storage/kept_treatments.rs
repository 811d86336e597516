//! The treatments this instance has read for check-ins, each kept with the version it was
//! read at, so that a check-in does not read and decode a whole timeline (some thirty
//! milestones, the plan) when nothing in it changed: decoding it was 8.3 % of the server's
//! samples under check-ins, and the read took 136–140 µs of PostgreSQL's execution, 59–62
//! µs without the gathering (ingest-profile.sh, 2026-12-06).
//!
//! A kept copy is never trusted on its own. The query that reads the patient's treatment
//! (`checkin_reads::arrival`) compares the copy's id, version and centre with the
//! database's, and sends the timeline whenever one differs. Every change to a timeline or to
//! a treatment's status bumps its version in the same transaction (`timeline::save_change`,
//! `timeline::close`), so the database stays the one truth for every instance: a
//! change made through any instance is seen by the next check-in on all of them.
//!
//! Bounded: past `CAPACITY` patients it starts again empty.
use super::timeline::StoredTreatment;
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex, PoisonError,
    },
};

/// Far above the patients one centre follows at a time; some 10 KB each.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub struct KeptTreatments {
    by_patient: Mutex<HashMap<i64, Arc<StoredTreatment>>>,
    used: AtomicU64,
    read: AtomicU64,
}

/// How often the kept copy served, and how often the treatment was read whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptCounts {
    pub used: u64,
    pub read: u64,
}

impl KeptTreatments {
    /// The copy kept for the patient's latest treatment, if any.
    pub fn get(&self, patient_id: i64) -> Option<Arc<StoredTreatment>> {
        self.map().get(&patient_id).cloned()
    }

    /// The database said the kept copy is current.
    pub(super) fn used(&self) {
        self.used.fetch_add(1, Ordering::Relaxed);
    }

    /// The treatment as just read from the database (`None`: the patient has none).
    pub(super) fn keep(&self, patient_id: i64, treatment: Option<Arc<StoredTreatment>>) {
        self.read.fetch_add(1, Ordering::Relaxed);
        let mut map = self.map();
        match treatment {
            Some(t) => {
                if map.len() >= CAPACITY && !map.contains_key(&patient_id) {
                    map.clear();
                }
                map.insert(patient_id, t);
            }
            None => {
                map.remove(&patient_id);
            }
        }
    }

    pub fn counts(&self) -> KeptCounts {
        KeptCounts {
            used: self.used.load(Ordering::Relaxed),
            read: self.read.load(Ordering::Relaxed),
        }
    }

    // A panic while the map was held leaves it whole (each change is one call): go on.
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<StoredTreatment>>> {
        self.by_patient.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl std::fmt::Debug for KeptTreatments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptTreatments")
            .field("counts", &self.counts())
            .finish()
    }
}
