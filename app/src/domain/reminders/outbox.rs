//! Keeping the outbox in step with the plan. Each reminder is one row, unique per (person,
//! rule, subject, due time). When the plan changes, pending rows no longer wanted are
//! cancelled (kept for the history) and new ones added; a row already sent is never sent
//! again. A row being sent that is no longer wanted is cancelled too: the request in flight
//! finishes, but it is not retried with the old date.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub user_id: i64,
    pub rule: String,
    pub subject: String,
    /// When the plan says it is due (seconds since the epoch), before quiet hours.
    pub due_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredState {
    Pending,
    /// Claimed by a dispatcher (under a lease).
    Sending,
    Sent,
    Failed,
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub id: i64,
    pub key: Key,
    pub state: StoredState,
    /// When it may be sent: `due_at`, or the end of the person's quiet hours.
    pub send_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wanted {
    pub key: Key,
    pub send_at: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    pub insert: Vec<Wanted>,
    /// Pending (or being sent) rows the plan no longer wants.
    pub cancel: Vec<i64>,
    /// Cancelled rows the plan wants again (a date moved back): pending again, at this time.
    pub revive: Vec<(i64, i64)>,
    /// Pending rows whose sending time moved (new quiet hours): (id, new send_at).
    pub reschedule: Vec<(i64, i64)>,
}

impl Reconciliation {
    pub fn is_empty(&self) -> bool {
        self.insert.is_empty() && self.cancel.is_empty() && self.revive.is_empty() && self.reschedule.is_empty()
    }
}

/// What to change in the outbox so that it holds what the plan wants. Reminders whose time
/// has passed (`send_at` before `now`) are not added or revived: a late reminder about a
/// moved date would mislead.
pub fn reconcile(stored: &[Stored], wanted: &[Wanted], now: i64) -> Reconciliation {
    let by_key: BTreeMap<&Key, &Stored> = stored.iter().map(|s| (&s.key, s)).collect();
    let wanted_keys: BTreeMap<&Key, &Wanted> = wanted.iter().map(|w| (&w.key, w)).collect();
    let mut out = Reconciliation::default();
    for w in wanted_keys.values() {
        match by_key.get(&w.key) {
            None if w.send_at >= now => out.insert.push((*w).clone()),
            Some(s) if s.state == StoredState::Cancelled && w.send_at >= now => out.revive.push((s.id, w.send_at)),
            Some(s) if s.state == StoredState::Pending && s.send_at != w.send_at => {
                out.reschedule.push((s.id, w.send_at))
            }
            _ => {}
        }
    }
    out.cancel = stored
        .iter()
        .filter(|s| matches!(s.state, StoredState::Pending | StoredState::Sending) && !wanted_keys.contains_key(&s.key))
        .map(|s| s.id)
        .collect();
    out
}
