//! Integration tests: the real server on a free port with a fresh database, spoken to
//! over HTTP. Every scenario runs against SQLite and against PostgreSQL.
//!
//! Run them one at a time (`-- --test-threads=1`, as `.ci/test.sh` does): two servers in one
//! process, each on its own test runtime, occasionally leave a leptos SSR render waiting for
//! a resource that never starts; a request then fails after `helpers::REQUEST_TIMEOUT`.
mod answers;
mod app_shell;
mod asset_caching;
mod helpers;

mod access_calls;
mod access_every_route;
mod access_matrix;
mod access_routes;
mod account_controls;
mod accounts;
mod attack_body_size;
mod attack_caregiver_invite;
mod attack_consent_withdrawn;
mod attack_cross_site;
mod attack_download_flood;
mod attack_lockout;
mod attack_push_ssrf;
mod attack_reidentification;
mod attack_secrets_at_rest;
mod attack_slow_clients;
mod attack_write_loop;
mod audit;
mod calendar_feeds;
mod checkin_review;
mod checkins;
mod delay_reasons;
mod desk_board;
mod flags;
mod handover;
mod headers;
mod idle_polls;
mod inbox;
mod integration_scope;
mod invitations;
mod languages;
mod manufacturing_events;
mod my_data;
mod my_results;
mod nurses_desk;
mod offline_checkins;
mod offline_plan;
mod passkeys;
mod passwords;
mod plain_pages;
mod practical_help;
mod push_devices;
mod push_dispatch;
mod push_receiver;
mod push_service;
mod questionnaire_import;
mod reidentification;
mod reidentification_world;
mod reminders;
mod research_aggregate;
mod research_consent;
mod research_export;
mod research_export_rules;
mod research_http;
mod research_projects;
mod research_release_lock;
mod research_search;
mod sign_in;
mod sign_out;
mod silence;
mod startup;
mod team_messages;
mod timeline;
mod timeline_guards;
mod turnaround;
mod visit_questions;
mod wait_times;
