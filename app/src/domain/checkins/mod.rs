//! Check-ins: questionnaires read from FHIR R4 JSON, answers checked item by item, and
//! scores with their severity bands. Pure, shared by the server and the browser.
pub mod answer_time;
pub mod answers;
pub mod builtin;
pub mod charts;
pub mod fhir;
pub mod form_fields;
pub mod questionnaire;
pub mod result_words;
pub mod results_page;
pub mod schedule;
pub mod score_words;
pub mod scoring;
pub mod timepoint;
pub mod translation;

pub use answer_time::{answer_time, AnswerTime};
pub use answers::{answer_in_words, check, enabled, shown_only, AnswerProblem, AnswerProblemKind, Answers};
pub use fhir::{import, ImportError};
pub use questionnaire::{
    find, short_name_of, Answer, AnswerOption, Band, Bounds, EnableWhen, Item, ItemKind, Operator, Questionnaire, Scale,
};
pub use schedule::{CheckinSchedule, Respondent, ScheduleError, Window, WindowState};
pub use scoring::{score, score_all, Score};

#[cfg(test)]
mod schedule_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod validated_tests;
