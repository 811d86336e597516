//! Web Push: the server's VAPID identity, the aes128gcm payload encryption (RFC 8291) and
//! the signed `Authorization` header (RFC 8292), cached per push service.
pub mod delivery;
pub mod dispatcher;
pub mod encryption;
pub mod endpoint_policy;
mod round;
mod send;
pub mod vapid;
