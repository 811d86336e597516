//! The open connections of this instance, each holding a seat. A seat knows whether a
//! request on it is being answered (the answer's body included). At the cap, the oldest
//! seat not being answered is pushed out to make room; if every seat is busy answering,
//! the new connection is refused.
use std::{
    collections::BTreeMap,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex, MutexGuard,
    },
};
use tokio::sync::Notify;

pub struct Connections {
    cap: usize,
    registry: Arc<Mutex<Registry>>,
}

#[derive(Default)]
struct Registry {
    next: u64,
    /// By age: the smallest number is the oldest.
    seated: BTreeMap<u64, Arc<SeatState>>,
}

#[derive(Default)]
struct SeatState {
    answering: AtomicUsize,
    pushed_out: Notify,
}

/// One connection's place; leaving it (dropping) frees the place.
pub struct Seat {
    id: u64,
    state: Arc<SeatState>,
    registry: Arc<Mutex<Registry>>,
}

/// Counts a request as being answered until dropped (with the answer's body).
pub struct Answering(Arc<SeatState>);

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answering.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Connections {
    pub fn new(cap: usize) -> Connections {
        Connections {
            cap: cap.max(1),
            registry: Arc::default(),
        }
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        // A panic while holding this lock leaves plain numbers behind: still usable.
        self.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A seat for a new connection, pushing out the oldest idle one at the cap.
    pub fn seat(&self) -> Option<Seat> {
        let mut registry = self.registry();
        if registry.seated.len() >= self.cap && !push_out_oldest_idle(&mut registry) {
            return None;
        }
        registry.next += 1;
        let id = registry.next;
        let state = Arc::new(SeatState::default());
        registry.seated.insert(id, state.clone());
        Some(Seat {
            id,
            state,
            registry: self.registry.clone(),
        })
    }

    /// Makes room (when the process is out of file descriptors).
    pub fn push_out_oldest_idle(&self) {
        push_out_oldest_idle(&mut self.registry());
    }

    pub fn open(&self) -> usize {
        self.registry().seated.len()
    }
}

/// Answers whether one was pushed out. It leaves the count at once; its task ends as soon
/// as it is woken.
fn push_out_oldest_idle(registry: &mut Registry) -> bool {
    let oldest = registry
        .seated
        .iter()
        .find(|(_, state)| state.answering.load(Ordering::SeqCst) == 0)
        .map(|(id, _)| *id);
    match oldest.and_then(|id| registry.seated.remove(&id)) {
        Some(state) => {
            state.pushed_out.notify_one();
            true
        }
        None => false,
    }
}

impl Seat {
    /// For the connection's task: a handle that counts requests on this seat.
    pub fn counter(&self) -> SeatCounter {
        SeatCounter(self.state.clone())
    }

    /// Completes when a newer connection takes this seat.
    pub async fn pushed_out(&self) {
        self.state.pushed_out.notified().await;
    }
}

/// Counts the requests of one seat from inside the connection's service.
#[derive(Clone)]
pub struct SeatCounter(Arc<SeatState>);

impl SeatCounter {
    pub fn answering(&self) -> Answering {
        self.0.answering.fetch_add(1, Ordering::SeqCst);
        Answering(self.0.clone())
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut registry = self.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        registry.seated.remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_cap_the_oldest_idle_connection_makes_room_and_busy_ones_stay() {
        let connections = Connections::new(2);
        let first = connections.seat().expect("room");
        let second = connections.seat().expect("room");
        let answering = first.counter().answering();
        // The first is answering: the second (idle) makes room for the third.
        let third = connections.seat().expect("the idle one makes room");
        assert_eq!(connections.open(), 2);
        drop(second);
        assert_eq!(connections.open(), 2, "the pushed-out seat had already left the count");
        let _busy_too = third.counter().answering();
        assert!(connections.seat().is_none(), "every seat is answering");
        drop(answering);
        assert!(connections.seat().is_some());
    }
}
