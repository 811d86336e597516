pub mod account_controls;
pub mod admin;
pub mod alert_card;
pub mod audit;
pub mod calendar_settings;
pub mod caregivers;
pub mod centre_help;
pub mod checkin;
pub mod checkin_draft;
pub mod checkin_items;
pub mod checkin_list;
pub mod checkin_plain;
pub mod checkin_review;
pub mod consent;
pub mod desk_board;
pub mod desk_table;
pub mod flags;
pub mod forms;
pub mod handover;
pub mod home;
pub mod hospital_number;
pub mod hospital_systems;
pub mod inbox;
pub mod instruments;
pub mod integrations;
pub mod invitation;
pub mod journeys;
pub mod layout;
pub mod login;
pub mod my_results;
pub mod not_found;
pub mod nurse;
pub mod nurses_desk_panel;
pub mod offline;
pub mod offline_plan;
pub mod passkeys;
pub mod password;
pub mod patient;
pub mod practical_help;
pub mod questionnaires;
pub mod reminder_log;
pub mod research;
pub mod research_projects;
pub mod second_factor;
pub mod settings;
pub mod team_messages;
pub mod timeline;
pub mod timeline_editor;
pub mod timeline_labels;
pub mod turnaround;
pub mod visit_questions;

/// A phone number as a link to call it: spaces, brackets and dashes left out.
pub fn tel_href(number: &str) -> String {
    format!("tel:{}", number.replace([' ', '(', ')', '-'], ""))
}
