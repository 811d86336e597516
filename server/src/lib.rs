//! The Vein-to-Vein server: configuration, storage, HTTP, and the command line.
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod export;
pub mod http;
pub mod journeys;
pub mod push;
pub mod services;
pub mod startup;
pub mod storage;
pub mod synthetic;
pub mod telemetry;
pub mod webhook_signatures;
pub mod zones;
