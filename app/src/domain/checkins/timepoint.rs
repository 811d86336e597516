//! The nominal timepoint of a check-in window: what research calls the visit an answer
//! belongs to (baseline, D28, D100 … Y15), named in the schedule beside each window, so that
//! an answer carries the name of the window it answered, whatever day it came.
//!
//! - A schedule asking on given days (`on_days`) names each of its days: the answers are a
//!   *scheduled instrument*, one per timepoint, which the wide format lays out in columns.
//! - A schedule asking again and again (`daily`, `every`) names the period it covers once:
//!   its answers are a *repeating instrument* within that timepoint (the diary's many
//!   answers within `D0-D28`), which stays long, numbered by instance.
//! - An answer outside every window is `unscheduled`: no schedule may take that name, nor
//!   `enrolment` (the REDCap event of the patient's record).
//!
//! A name is what REDCap can turn into an event: 1 to 18 ASCII letters, digits and hyphens
//! (REDCap keeps an event's first 18 characters), beginning with a letter or digit; two names
//! REDCap would read as one (`D28`, `d28`) are refused.
pub const UNSCHEDULED: &str = "unscheduled";

/// Why a schedule's names are refused.
pub fn name_problem(name: &str) -> Option<String> {
    let readable = !name.is_empty()
        && name.len() <= 18
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !name.starts_with('-');
    if !readable {
        return Some(format!(
            "timepoint '{name}' must be 1 to 18 letters, digits or hyphens, not starting with a hyphen"
        ));
    }
    match name {
        UNSCHEDULED => Some(format!("'{UNSCHEDULED}' is kept for answers outside every window")),
        "enrolment" => Some("'enrolment' is kept for the patient's record in REDCap exports".into()),
        _ => None,
    }
}

/// Why a schedule's `timepoints` do not fit its windows: `on_days` needs one distinct name
/// per day, in order; a repeating schedule needs exactly one.
pub fn names_problem(names: &[String], days: Option<&[i64]>) -> Option<String> {
    if let Some(problem) = names.iter().find_map(|n| name_problem(n)) {
        return Some(problem);
    }
    match days {
        Some(days) if names.len() != days.len() => Some(format!(
            "on_days has {} days and {} timepoints: name each day once",
            days.len(),
            names.len()
        )),
        Some(_) if (1..names.len()).any(|i| names[..i].contains(&names[i])) => {
            Some("each day needs its own timepoint".into())
        }
        None if names.len() != 1 => Some("a repeating schedule names the period it covers: one timepoint".into()),
        _ => None,
    }
}

/// Two names that REDCap would make one event (they differ only in case or hyphens) are
/// refused: their answers would mix. `names` may repeat a name (two schedules share one).
pub fn one_event_each<'a>(names: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen: Vec<(String, &str)> = Vec::new();
    for name in names {
        let key: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, other)) if *other != name => {
                return Err(format!(
                    "timepoints '{other}' and '{name}' would be one event in REDCap"
                ))
            }
            Some(_) => {}
            None => seen.push((key, name)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_are_short_plain_and_never_unscheduled() {
        for good in ["baseline", "D28", "Y15", "D0-D28", "apheresis-D365"] {
            assert_eq!(name_problem(good), None, "{good}");
        }
        for bad in [
            "",
            "-D28",
            "D 28",
            "D28_x",
            "é",
            "a-name-too-long-for-an-event",
            UNSCHEDULED,
        ] {
            assert!(name_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn names_that_would_be_one_event_are_refused() {
        assert!(one_event_each(["D28", "baseline", "D28"].into_iter()).is_ok());
        assert!(one_event_each(["D28", "d28"].into_iter()).is_err());
        assert!(one_event_each(["D0-D28", "D0D28"].into_iter()).is_err());
    }

    #[test]
    fn given_days_are_named_one_each_and_a_repeat_once() {
        let days = [28, 100];
        assert_eq!(names_problem(&names(&["D28", "D100"]), Some(&days)), None);
        assert!(names_problem(&names(&["D28"]), Some(&days)).is_some());
        assert!(names_problem(&names(&["D28", "D28"]), Some(&days)).is_some());
        assert_eq!(names_problem(&names(&["waiting"]), None), None);
        assert!(names_problem(&names(&[]), None).is_some());
        assert!(names_problem(&names(&["a", "b"]), None).is_some());
    }
}
