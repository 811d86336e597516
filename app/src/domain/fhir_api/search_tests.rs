//! The search rules of `search.rs`, case by case.
use super::search::*;
use super::Kind;

fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
    query.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

fn parsed(kind: Kind, query: &[(&str, &str)]) -> Result<Search, Refusal> {
    parse(kind, &pairs(query))
}

const DAY_2026_03_04: i64 = 1_772_582_400;

#[test]
fn searches_read_as_their_rules_say() {
    let cases: Vec<(Kind, Vec<(&str, &str)>, Search)> = vec![
        (
            Kind::Flag,
            vec![],
            Search {
                count: DEFAULT_COUNT,
                ..Search::default()
            },
        ),
        (
            Kind::Flag,
            vec![("patient", "Patient/patient-12"), ("status", "active")],
            Search {
                patient: Some(PatientChoice::Id(12)),
                statuses: vec!["active"],
                count: 50,
                ..Search::default()
            },
        ),
        (
            Kind::CarePlan,
            vec![
                ("patient", "patient-7"),
                ("status", "completed,revoked"),
                ("_count", "1000"),
            ],
            Search {
                patient: Some(PatientChoice::Id(7)),
                statuses: vec!["completed", "revoked"],
                count: MAX_COUNT,
                ..Search::default()
            },
        ),
        (
            Kind::QuestionnaireResponse,
            vec![
                ("patient.identifier", "https://h.example/mrn|MRN-0042"),
                ("authored", "2026-03-04"),
            ],
            Search {
                patient: Some(PatientChoice::Number {
                    system: Some("https://h.example/mrn".into()),
                    value: "MRN-0042".into(),
                }),
                from: Some(DAY_2026_03_04),
                until: Some(DAY_2026_03_04 + 86_400),
                count: 50,
                ..Search::default()
            },
        ),
        (
            Kind::Patient,
            vec![("identifier", "MRN-0042")],
            Search {
                patient: Some(PatientChoice::Number {
                    system: None,
                    value: "MRN-0042".into(),
                }),
                count: 50,
                ..Search::default()
            },
        ),
        (
            Kind::Communication,
            vec![
                ("sent", "ge2026-03-04"),
                ("sent", "lt2026-03-05T00:00:00+00:00"),
                ("_after", "1772600000.9"),
            ],
            Search {
                from: Some(DAY_2026_03_04),
                until: Some(DAY_2026_03_04 + 86_400),
                count: 50,
                after: Some(Place {
                    at: 1_772_600_000,
                    number: 9,
                }),
                ..Search::default()
            },
        ),
        // gt a day is from its end; le a month is until the month's end.
        (
            Kind::Flag,
            vec![("date", "gt2026-03-04")],
            Search {
                from: Some(DAY_2026_03_04 + 86_400),
                count: 50,
                ..Search::default()
            },
        ),
        (
            Kind::Flag,
            vec![("date", "le2026-02")],
            Search {
                until: Some(1_772_323_200),
                count: 50,
                ..Search::default()
            },
        ),
        (
            Kind::Flag,
            vec![("date", "2026")],
            Search {
                from: Some(1_767_225_600),
                until: Some(1_798_761_600),
                count: 50,
                ..Search::default()
            },
        ),
        // An instant with its offset is that second.
        (
            Kind::Flag,
            vec![("date", "eq2026-03-04T01:00:00+01:00")],
            Search {
                from: Some(DAY_2026_03_04),
                until: Some(DAY_2026_03_04 + 1),
                count: 50,
                ..Search::default()
            },
        ),
    ];
    for (kind, query, expected) in cases {
        assert_eq!(parsed(kind, &query), Ok(expected), "{kind:?} {query:?}");
    }
}

#[test]
fn what_a_search_cannot_mean_is_refused_and_named() {
    let cases: Vec<(Kind, Vec<(&str, &str)>, &str)> = vec![
        (Kind::Flag, vec![("patinet", "patient-1")], "patinet"),
        (Kind::Flag, vec![("patient", "12")], "patient"),
        (Kind::Flag, vec![("patient", "Patient/flag-12")], "patient"),
        (
            Kind::Flag,
            vec![("patient", "patient-1"), ("patient.identifier", "MRN1")],
            "patient.identifier",
        ),
        (Kind::Flag, vec![("status", "completed")], "status"),
        (Kind::Flag, vec![("status", "active,")], "status"),
        (Kind::Flag, vec![("authored", "2026")], "authored"),
        (Kind::QuestionnaireResponse, vec![("date", "2026")], "date"),
        (Kind::Flag, vec![("date", "ne2026-03-04")], "date"),
        (Kind::Flag, vec![("date", "2026-13")], "date"),
        (Kind::Flag, vec![("date", "2026-03-04T10:00:00")], "date"),
        (Kind::Flag, vec![("_count", "0")], "_count"),
        (Kind::Flag, vec![("_count", "-5")], "_count"),
        (Kind::Flag, vec![("_after", "x")], "_after"),
        (Kind::Flag, vec![("_format", "xml")], "_format"),
        (Kind::Flag, vec![("patient.identifier", "MRN 1")], "patient.identifier"),
        (
            Kind::Flag,
            vec![("patient.identifier", "' OR 1=1 --")],
            "patient.identifier",
        ),
        (Kind::Patient, vec![("status", "active")], "status"),
        (Kind::Patient, vec![("patient", "patient-1")], "patient"),
        (Kind::CarePlan, vec![("identifier", "MRN1")], "identifier"),
    ];
    for (kind, query, parameter) in cases {
        let refusal = parsed(kind, &query).expect_err(&format!("{kind:?} {query:?}"));
        assert_eq!(refusal.parameter, parameter, "{kind:?} {query:?}");
    }
}

#[test]
fn a_place_read_back_is_the_place_written() {
    let place = Place {
        at: 1_772_600_000,
        number: 31,
    };
    let search = parsed(Kind::Flag, &[("_after", &place.encode())]).expect("a place");
    assert_eq!(search.after, Some(place));
}

#[test]
fn a_day_bound_falls_on_the_first_midnight_at_or_after_it() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).expect("a day");
    assert_eq!(first_day_from(DAY_2026_03_04), day);
    assert_eq!(first_day_from(DAY_2026_03_04 - 1), day);
    assert_eq!(first_day_from(DAY_2026_03_04 + 1), day.succ_opt().expect("next"));
}

#[test]
fn ids_are_read_only_in_their_own_kind() {
    assert_eq!(Kind::Flag.number_of("flag-5"), Some(5));
    for id in [
        "flag-",
        "flag-5x",
        "treatment-5",
        "flag--5",
        "flag-99999999999999999999",
        "flag-+5",
    ] {
        assert_eq!(Kind::Flag.number_of(id), None, "{id}");
    }
    for kind in Kind::ALL {
        assert_eq!(Kind::parse(kind.name()), Some(kind));
    }
}
