//! "Download my data": the patient's own copy of what the app holds about them, as a
//! one-page summary to print or show ([`summary`]) and as FHIR for another app or hospital
//! ([`fhir_bundle`]).
pub mod fhir_bundle;
#[cfg(test)]
mod fhir_bundle_tests;
pub mod fhir_resources;
pub mod summary;
