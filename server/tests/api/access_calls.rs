//! The calls of the role × route × record matrix (`access_every_route.rs`): every server
//! function, with well-formed arguments, and who may make it.
use crate::answers::calm_diary;
use serde_json::json;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Nobody,
    Patient,
    Caregiver,
    Nurse,
    Researcher,
    Admin,
}
use Who::*;

pub const SIGNED_IN: &[Who] = &[Patient, Caregiver, Nurse, Researcher, Admin];

pub struct Call {
    pub endpoint: &'static str,
    pub form: Vec<(&'static str, String)>,
    /// Sent as JSON instead of a form.
    pub json: Option<serde_json::Value>,
    pub may: &'static [Who],
}

pub fn form(endpoint: &'static str, form: Vec<(&'static str, String)>, may: &'static [Who]) -> Call {
    Call {
        endpoint,
        form,
        json: None,
        may,
    }
}

/// The calls about one patient (their id, their flag, their reminder).
pub fn about(patient: i64, flag: i64, reminder: i64, own: bool) -> Vec<Call> {
    let p = patient.to_string();
    let pid = || ("patient_id", p.clone());
    // On another centre's record nobody may.
    let only = |who: &'static [Who]| if own { who } else { &[] as &[Who] };
    let change = |id: String| {
        vec![
            ("patient_id", id),
            ("form[milestone]", "product_released".into()),
            ("form[action]", "delay".into()),
            ("form[date]", "2031-01-01".into()),
            ("form[reason]", "matrix".into()),
            ("form[version]", "".into()),
        ]
    };
    vec![
        form("timeline/read", vec![pid()], only(&[Patient, Caregiver, Nurse])),
        form("timeline/history", vec![pid()], only(&[Nurse])),
        form("timeline/preview", change(p.clone()), only(&[Nurse])),
        form("timeline/change", change(p.clone()), only(&[Nurse])),
        form(
            "timeline/start",
            vec![
                pid(),
                ("form[product_id]", "axi-cel".into()),
                ("form[order_reference]", format!("MATRIX-{p}")),
                ("form[start_on]", crate::timeline::today().to_string()),
            ],
            only(&[Nurse]),
        ),
        form("checkins/patient", vec![pid()], only(&[Nurse])),
        form("reminders/patient", vec![pid()], only(&[Nurse])),
        form(
            "checkins/form",
            vec![
                ("name", "symptom-diary".into()),
                pid(),
                ("about_myself", "false".into()),
            ],
            only(&[Patient, Caregiver]),
        ),
        Call {
            endpoint: "checkins/submit",
            form: Vec::new(),
            json: Some(json!({ "submission": {
                "client_id": format!("matrix-{p}-{}", rand_suffix()),
                "questionnaire": "symptom-diary", "patient_id": patient, "answers": calm_diary(37.0)
            } })),
            may: only(&[Patient, Caregiver]),
        },
        form("caregivers/list", vec![pid()], only(&[Patient, Nurse])),
        form(
            "caregivers/invite",
            vec![
                pid(),
                ("form[name]", "Kim".into()),
                ("form[email]", format!("kim{p}@example.org")),
            ],
            only(&[Patient, Nurse]),
        ),
        form(
            "caregivers/revoke",
            vec![pid(), ("caregiver_id", "999999".into())],
            only(&[Patient, Nurse]),
        ),
        form(
            "caregivers/cancel-invitation",
            vec![pid(), ("invitation_id", "999999".into())],
            only(&[Patient, Nurse]),
        ),
        form("research/consent", vec![pid()], only(&[Patient, Nurse])),
        // A person's own feed of a patient they may read: the patient, their caregiver.
        form("calendar/make", vec![pid()], only(&[Patient, Caregiver])),
        form("calendar/revoke", vec![pid()], only(&[Patient, Caregiver])),
        form("questions/list", vec![pid()], only(&[Patient, Caregiver, Nurse])),
        form("help/read", vec![pid()], only(&[Patient, Caregiver, Nurse])),
        // Where the patient stays: theirs (or their caregiver's) to say.
        form(
            "help/stay",
            vec![pid(), ("country", "GB".into())],
            only(&[Patient, Caregiver]),
        ),
        form(
            "questions/ask",
            vec![pid(), ("text", "Matrix question".into())],
            only(&[Patient, Caregiver]),
        ),
        // Nobody's question 999999: the asker's own, or the centre's nurse, gets past
        // authorisation (and finds nothing).
        form(
            "questions/take-back",
            vec![pid(), ("id", "999999".into())],
            only(&[Patient, Caregiver]),
        ),
        form(
            "questions/discussed",
            vec![pid(), ("id", "999999".into())],
            only(&[Nurse]),
        ),
        form("messages/thread", vec![pid()], only(&[Patient, Caregiver, Nurse])),
        // Words without a red flag: sent at once.
        form(
            "messages/send",
            vec![pid(), ("text", "Matrix message".into()), ("confirmed", "false".into())],
            only(&[Patient, Caregiver]),
        ),
        form(
            "messages/reply",
            vec![pid(), ("text", "Matrix reply".into()), ("seen_up_to", "0".into())],
            only(&[Nurse]),
        ),
        form(
            "research/consent/set",
            vec![pid(), ("given", "true".into()), ("signed_on", "2030-01-01".into())],
            only(&[Patient, Nurse]),
        ),
        form("audit/list", vec![pid()], &[Admin]),
        form("flags/acknowledge", vec![("id", flag.to_string())], only(&[Nurse])),
        form(
            "flags/resolve",
            vec![("id", flag.to_string()), ("note", "seen".into())],
            only(&[Nurse]),
        ),
        // A flag raised by an answer is never snoozed (409), but only after authorisation.
        form(
            "flags/snooze",
            vec![("id", flag.to_string()), ("hours", "4".into())],
            only(&[Nurse]),
        ),
        form(
            "flags/assign",
            vec![("id", flag.to_string()), ("nurse_id", "0".into())],
            only(&[Nurse]),
        ),
        form("patients/hospital-number", vec![pid()], only(&[Nurse])),
        form(
            "patients/hospital-number/set",
            vec![pid(), ("number", format!("MATRIX-{p}"))],
            only(&[Nurse]),
        ),
        form("desk/patient", vec![pid()], only(&[Nurse])),
        form(
            "desk/admitted",
            vec![pid(), ("admitted", "false".into())],
            only(&[Nurse]),
        ),
        form("desk/assign", vec![pid(), ("nurse_id", "0".into())], only(&[Nurse])),
        form("desk/note", vec![pid(), ("text", "Matrix note".into())], only(&[Nurse])),
        // A reminder is its recipient's alone (the patient's here), whatever the centre.
        form("inbox/read", vec![("id", reminder.to_string())], only(&[Patient])),
        form(
            "timeline/close",
            vec![pid(), ("status", "withdrawn".into()), ("reason", "matrix".into())],
            only(&[Nurse]),
        ),
    ]
}

pub fn rand_suffix() -> String {
    server::auth::tokens::new_invitation_code()
}

/// Calls about no patient: who may is the role alone.
pub fn by_role() -> Vec<Call> {
    let none = Vec::new;
    vec![
        form("home", none(), SIGNED_IN),
        form("account/time-zone", none(), SIGNED_IN),
        form(
            "account/time-zone/set",
            vec![("time_zone", "Europe/Paris".into())],
            SIGNED_IN,
        ),
        // "en" again: the matrix's callers keep reading English.
        form("account/language", vec![("locale", "en".into())], SIGNED_IN),
        form("account/passkeys", none(), SIGNED_IN),
        form("inbox/list", none(), SIGNED_IN),
        form("push/key", none(), SIGNED_IN),
        form("push/devices", none(), SIGNED_IN),
        form(
            "push/subscribe",
            vec![
                (
                    "subscription[endpoint]",
                    "https://fcm.googleapis.com/fcm/send/matrix".into(),
                ),
                ("subscription[p256dh]", crate::push_dispatch::P256DH.into()),
                ("subscription[auth]", crate::push_dispatch::AUTH.into()),
                ("subscription[device]", "Matrix".into()),
            ],
            SIGNED_IN,
        ),
        form("push/remove", vec![("id", "999999".into())], &[]),
        form("reminders/settings", none(), SIGNED_IN),
        form(
            "reminders/save",
            vec![("quiet_from", "".into()), ("quiet_until", "".into())],
            SIGNED_IN,
        ),
        form("reminders/lock-screen", vec![("detail", "false".into())], SIGNED_IN),
        form("offline/plan", none(), &[Patient, Caregiver]),
        form("calendar/feeds", none(), &[Patient, Caregiver]),
        // The patient's own results: not their caregiver's to read.
        form("results/mine", none(), &[Patient]),
        form("help/centres", none(), &[Admin]),
        // Centre 999999 is none: the admin gets past authorisation (and finds nothing).
        form(
            "messages/reply-time",
            vec![("centre_id", "999999".into()), ("hours", "24".into())],
            &[Admin],
        ),
        form("messages/waiting", none(), &[Nurse]),
        // Centre 999999 is none: the admin gets past authorisation (and finds nothing).
        form(
            "help/save",
            vec![
                ("centre_id", "999999".into()),
                ("language", "en".into()),
                ("lodging", "".into()),
                ("travel", "".into()),
                ("parking", "".into()),
                ("packing", "".into()),
            ],
            &[Admin],
        ),
        form("flags/queue", none(), &[Nurse]),
        form("flags/queue-refresh", none(), &[Nurse]),
        form("flags/fingerprint", none(), &[Nurse]),
        form("timeline/board", none(), &[Nurse]),
        form("desk/board", vec![("query[q]", "a".into())], &[Nurse]),
        form("desk/turnaround", none(), &[Nurse]),
        form("desk/handover", none(), &[Nurse]),
        form("desk/handover-given", none(), &[Nurse]),
        form(
            "patients/enrol",
            vec![
                ("form[full_name]", "E".into()),
                ("form[date_of_birth]", "1960-01-01".into()),
                ("form[sex]", "female".into()),
                ("form[email]", "enrolled.by.matrix@example.org".into()),
                ("form[phone]", "+3216000000".into()),
                ("form[locale]", "en".into()),
                ("form[time_zone]", "".into()),
            ],
            &[Nurse],
        ),
        form("staff/awaiting", none(), &[Nurse, Admin]),
        form("research/options", none(), &[Researcher]),
        form("research/projects", none(), &[Researcher, Admin]),
        form("research/projects/options", none(), &[Admin]),
        // A project for a researcher id that is none: refused as a choice, past authorisation.
        form(
            "research/projects/approve",
            vec![
                ("form[name]", format!("Matrix {}", rand_suffix())),
                ("form[datasets][0]", "scores".into()),
                ("form[ethics_ref]", "EC".into()),
                ("form[dua_ref]", "DUA".into()),
                ("form[researchers][0]", "999999".into()),
                ("form[expires_on]", "2030-01-01".into()),
            ],
            &[Admin],
        ),
        form("research/progress", vec![("token", "no-such-export".into())], &[]),
        form(
            "research/export",
            vec![
                ("form[datasets][0]", "scores".into()),
                ("form[formats][0]", "csv".into()),
                ("form[project]", "".into()),
            ],
            &[Researcher],
        ),
        form(
            "admin/integrations/create",
            vec![
                ("form[name]", format!("Matrix {}", rand_suffix())),
                ("form[centre]", "".into()),
                ("form[products][0]", "axi-cel".into()),
            ],
            &[Admin],
        ),
        form("admin/questionnaires/import", vec![("json", "{}".into())], &[Admin]),
        // The site's own check-in rules: nurses read them to approve triage changes.
        form("admin/instruments", none(), &[Nurse, Admin]),
        form(
            "admin/instruments/add",
            vec![("kind", "triage".into()), ("rule", "{}".into())],
            &[Admin],
        ),
        form(
            "admin/instruments/remove",
            vec![("kind", "triage".into()), ("id", "site-none".into())],
            &[Admin],
        ),
        // A nurse approves or refuses; an admin may withdraw (no such version here: 422).
        form(
            "instruments/decide",
            vec![
                ("kind", "triage".into()),
                ("number", "999999".into()),
                ("approve", "false".into()),
            ],
            &[Nurse, Admin],
        ),
        // A nurse lists their own centre only.
        form("centres/list", none(), &[Nurse, Admin]),
        form(
            "centres/create",
            vec![
                ("form[name]", format!("Matrix {}", rand_suffix())),
                ("form[country]", "BE".into()),
                ("form[time_zone]", "Europe/Brussels".into()),
                ("form[hotline]", "+3216000000".into()),
            ],
            &[Admin],
        ),
        form(
            "staff/create",
            vec![
                ("role", "researcher".into()),
                ("centre_id", "".into()),
                ("form[name]", "R".into()),
                ("form[email]", format!("r{}@example.org", rand_suffix().to_lowercase())),
            ],
            &[Admin],
        ),
        form("admin/journeys", none(), &[Admin]),
        form("admin/integrations/list", none(), &[Admin]),
        form("admin/questionnaires/list", none(), &[Admin]),
        form("admin/integrations/revoke", vec![("id", "999999".into())], &[]),
        form("push/rotate", none(), &[Admin]),
    ]
    .into_iter()
    .chain(crate::access_calls_hospital::by_role())
    .collect()
}
