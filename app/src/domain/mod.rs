//! Pure domain logic: no I/O, compiled into both the server and the browser.
pub mod access;
pub mod role;
pub mod validation;
