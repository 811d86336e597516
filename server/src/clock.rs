//! The time the dispatcher and the inbox go by: the machine's clock in production; in
//! tests, the machine's clock shifted forward on demand, so reminders come due without
//! sleeping while everything else keeps running in real time.
use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync + 'static {
    /// Seconds since the Unix epoch, UTC.
    fn now(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        crate::storage::now()
    }
}

/// The machine's time plus an offset that only grows.
#[derive(Default)]
pub struct ShiftedClock {
    offset: AtomicI64,
}

impl ShiftedClock {
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds.max(0), Ordering::SeqCst);
    }

    /// Moves the clock forward to `at`, if it is not there yet.
    pub fn advance_to(&self, at: i64) {
        self.advance(at - self.now());
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> i64 {
        crate::storage::now() + self.offset.load(Ordering::SeqCst)
    }
}
