//! Integration tests: the real server on a free port with a fresh database, spoken to
//! over HTTP. Every scenario runs against SQLite and against PostgreSQL.
mod helpers;

mod access_matrix;
mod access_routes;
mod accounts;
mod audit;
mod headers;
mod invitations;
mod manufacturing_events;
mod passwords;
mod sign_in;
mod startup;
mod timeline;
