//! What a researcher's export may show of a patient: days counted from their own infusion,
//! age in bands, and quasi-identifiers generalised or suppressed until every combination is
//! shared by at least k patients. Pure: the server reads the data and writes the files.
pub mod aggregates;
pub mod bands;
pub mod codebook;
pub mod counts;
pub mod fhir;
pub mod file_variables;
pub mod journey_release;
pub mod k_anonymity;
pub mod labelled_files;
pub mod project;
pub mod redcap;
pub mod regions;
pub mod release_rule;
pub mod request;
pub mod stats_syntax;
pub mod time_release;
pub mod timepoints;
pub mod variable_names;
pub mod wide;

pub use bands::{age_on, relative_day, AgeBand, Anchor};
pub use k_anonymity::{anonymise, Cohort, Place, Quasi, Release, Summary};
pub use request::{parse, Dataset, ExportForm, ExportRequest, Format};

#[cfg(test)]
mod k_anonymity_tests;
#[cfg(test)]
mod redcap_tests;
#[cfg(test)]
mod wide_tests;
