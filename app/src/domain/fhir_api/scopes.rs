//! What a client's token lets it do ([`grant`]), from the scopes it asks for and the kinds
//! of resource it was registered for. The rules, in one place:
//!
//! - Scopes are SMART's system scopes: `system/Flag.read` (SMART 1: read and search),
//!   `system/Flag.rs`, `.r` or `.s` (SMART 2), and `system/*.…` for every kind.
//! - A client gets what it asked for and was registered for, no more. Writes (`c`, `u`, `d`,
//!   `.write`) are never granted, and scopes of other shapes (`openid`, `patient/…`) are
//!   left out, as OAuth allows a server to grant less than asked.
//! - Nothing granted is a refusal (`invalid_scope`), not an empty token.
use super::Kind;
use std::collections::BTreeMap;

/// What a client may do with one kind of resource.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Access {
    pub read: bool,
    pub search: bool,
}

pub type Granted = BTreeMap<Kind, Access>;

/// Grants the scopes in `asked` (space-separated) that `registered` allows.
pub fn grant(asked: &str, registered: &[Kind]) -> Option<Granted> {
    let mut granted = Granted::new();
    for scope in asked.split(' ').filter(|s| !s.is_empty()) {
        let Some((kinds, access)) = one(scope) else {
            continue;
        };
        for kind in kinds.into_iter().filter(|k| registered.contains(k)) {
            let held = granted.entry(kind).or_default();
            held.read |= access.read;
            held.search |= access.search;
        }
    }
    granted.retain(|_, a| a.read || a.search);
    (!granted.is_empty()).then_some(granted)
}

fn one(scope: &str) -> Option<(Vec<Kind>, Access)> {
    let (resource, permissions) = scope.strip_prefix("system/")?.split_once('.')?;
    let kinds = match resource {
        "*" => Kind::ALL.to_vec(),
        name => vec![Kind::parse(name)?],
    };
    let access = match permissions {
        "read" | "*" => Access {
            read: true,
            search: true,
        },
        "write" => Access::default(),
        smart2 => {
            if smart2.is_empty() || !smart2.bytes().all(|b| b"cruds".contains(&b)) {
                return None;
            }
            Access {
                read: smart2.contains('r'),
                search: smart2.contains('s'),
            }
        }
    };
    Some((kinds, access))
}

/// The granted scopes as the token answer states them, in SMART 2's spelling.
pub fn written(granted: &Granted) -> String {
    granted
        .iter()
        .map(|(kind, access)| {
            let permissions = match (access.read, access.search) {
                (true, true) => "rs",
                (true, false) => "r",
                _ => "s",
            };
            format!("system/{}.{permissions}", kind.name())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads back what [`written`] wrote (a token's scopes, as stored).
pub fn read_back(stored: &str) -> Granted {
    grant(stored, &Kind::ALL).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_what_it_asked_for_and_was_registered_for() {
        let flags_and_plans = [Kind::Flag, Kind::CarePlan];
        let rs = Access {
            read: true,
            search: true,
        };
        let cases: Vec<(&str, &[Kind], Option<Vec<(Kind, Access)>>)> = vec![
            ("system/Flag.read", &flags_and_plans, Some(vec![(Kind::Flag, rs)])),
            (
                "system/Flag.rs system/CarePlan.r",
                &flags_and_plans,
                Some(vec![
                    (
                        Kind::CarePlan,
                        Access {
                            read: true,
                            search: false,
                        },
                    ),
                    (Kind::Flag, rs),
                ]),
            ),
            (
                "system/*.read",
                &flags_and_plans,
                Some(vec![(Kind::CarePlan, rs), (Kind::Flag, rs)]),
            ),
            ("system/Flag.cruds", &flags_and_plans, Some(vec![(Kind::Flag, rs)])),
            (
                "openid system/Flag.s patient/Flag.read",
                &flags_and_plans,
                Some(vec![(
                    Kind::Flag,
                    Access {
                        read: false,
                        search: true,
                    },
                )]),
            ),
            // Not registered, a write, a misspelling, nothing at all: nothing granted.
            ("system/Communication.read", &flags_and_plans, None),
            ("system/Flag.write system/Flag.cud", &flags_and_plans, None),
            ("system/Flag.rx system/Flags.read system/Flag", &flags_and_plans, None),
            ("", &flags_and_plans, None),
        ];
        for (asked, registered, expected) in cases {
            let got = grant(asked, registered).map(|g| g.into_iter().collect::<Vec<_>>());
            assert_eq!(got, expected, "{asked}");
        }
    }

    #[test]
    fn written_scopes_read_back_as_granted() {
        let granted = grant("system/*.rs", &[Kind::Patient, Kind::Flag]).expect("granted");
        assert_eq!(written(&granted), "system/Patient.rs system/Flag.rs");
        assert_eq!(read_back(&written(&granted)), granted);
    }
}
