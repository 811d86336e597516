//! Urgent flags told to the hospital's systems: signed Standard Webhooks, sent only to
//! origins an admin listed exactly, retried with backoff from a durable outbox.
pub mod delivery;
pub mod dispatcher;
pub mod origins;
