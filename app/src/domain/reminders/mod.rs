//! Push reminders timed to the real schedule: rules as data (`app/catalogue/reminders.json`),
//! worked out from the timeline and the check-in windows every time they change, so that a
//! moved date moves its reminders. Pure: the server turns local times into instants, stores
//! the reminders in its outbox and sends them.
pub mod change;
pub mod lock_screen;
pub mod outbox;
pub mod plan;
pub mod quiet;
pub mod rules;

pub use change::{plan_change, PlanChange};
pub use lock_screen::lock_screen_words;
pub use outbox::{reconcile, Key, Reconciliation, Stored, StoredState, Wanted};
pub use plan::{plan, Planned, TimeBase};
pub use quiet::QuietHours;
pub use rules::{Audience, ReminderCatalogue, ReminderKind, ReminderRule, RulesError, When, LANGUAGES};

#[cfg(test)]
mod tests;
