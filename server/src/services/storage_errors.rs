//! The one conversion from a storage error to an answer for the person.
use super::{fhir_records::FhirRefusal, fhir_tokens::TokenError};
use crate::storage::StorageError;
use app::{
    domain::validation::{FieldProblem, Problem},
    error::AppError,
};

/// The one conversion from a storage error to an answer: a rule the database upheld
/// becomes the problem the person can fix; anything else is logged and answered as
/// unavailable, with no detail.
impl From<StorageError> for AppError {
    fn from(error: StorageError) -> Self {
        let invalid = |field, problem| AppError::Invalid(vec![FieldProblem::new(field, problem)]);
        match error {
            StorageError::Stale | StorageError::AlreadyDelivered => AppError::Stale,
            StorageError::OrderReferenceTaken => invalid("order_reference", Problem::OrderReferenceTaken),
            StorageError::ActiveTreatmentExists => invalid("product_id", Problem::ActiveTreatmentExists),
            StorageError::EmailTaken => invalid("email", Problem::EmailTaken),
            StorageError::NameTaken => invalid("name", Problem::NameTaken),
            StorageError::HospitalNumberTaken => invalid("hospital_number", Problem::HospitalNumberTaken),
            StorageError::Busy => AppError::TooMany {
                retry_after_seconds: 10,
            },
            error @ (StorageError::Database(_)
            | StorageError::Json(_)
            | StorageError::AlreadyStored
            | StorageError::VersionExists) => {
                tracing::error!(%error, "storage failed");
                AppError::Unavailable
            }
        }
    }
}

/// A storage error while a FHIR client reads: logged, and answered as unavailable.
impl From<StorageError> for FhirRefusal {
    fn from(error: StorageError) -> Self {
        tracing::error!(%error, "a FHIR read failed");
        FhirRefusal::Unavailable
    }
}

/// A storage error while a FHIR client asks for a token: logged, and answered as unavailable.
impl From<StorageError> for TokenError {
    fn from(error: StorageError) -> Self {
        tracing::error!(%error, "issuing a FHIR token failed");
        TokenError::Unavailable
    }
}
