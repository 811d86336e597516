//! The treatment timeline: journey templates as data, projection of every milestone from
//! the dates people gave, and the rules for changing them. Pure: no I/O, no clock.
pub mod calendar_feed;
pub mod catalogue;
mod catalogue_check;
mod catalogue_file;
pub mod delay_reason;
pub mod edit;
pub mod events;
pub mod milestone;
pub mod plan;
pub mod progress;
pub mod state;
pub mod wait_range;

pub use catalogue::{Catalogue, CatalogueError, CatalogueFile, Explanation, JourneyTemplate, Product, RestrictionRule};
pub use edit::{apply, Action, EditError, Move, Notice, Outcome};
pub use events::{change_for, EventKind, EventProblem, ManufacturingEvent};
pub use milestone::{MilestoneKind, MilestoneStatus, Source, TreatmentStatus};
pub use plan::{Conflict, Plan, PlanStep, Projection, StepState};
pub use progress::{day_counter, stage, summary, waiting, DayCounter, Stage, Summary, Waiting};
pub use state::{Milestone, Timeline};

#[cfg(test)]
mod catalogue_tests;
#[cfg(test)]
mod edit_tests;
#[cfg(test)]
mod plan_tests;
