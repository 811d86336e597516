//! The hospital's FHIR R4 API (`/fhir`): read and search of each patient's CarePlan,
//! QuestionnaireResponses, Flags and Communications, for systems the hospital registered
//! (`vein-to-vein fhir-client`), authorised as SMART Backend Services says. The searching
//! rules are `app::domain::fhir_api`'s; the reading and its audit `services::fhir_records`.
pub mod answers;
pub mod client_command;
pub mod handlers;
