//! Silence as a safety signal. In the first days after infusion a patient too unwell to
//! report may be the one who most needs a call, so a diary that does not come is a flag of
//! its own. The rule is data: a `silent` condition in `app/catalogue/triage.json` says how
//! many hours without a diary raise it, and between which days after infusion.
//!
//! Triage runs per answer; an absence has no answer, so a scheduled job (run once across
//! instances) asks `classify` about every watched patient, from facts storage gathered:
//!
//! | open silence flag | diary since it | admitted | infused, in the days | silent ≥ hours | → |
//! |---|---|---|---|---|---|
//! | yes | yes (at or after) | – | – | – | close: the diary came |
//! | yes | no | yes | – | – | close: admitted, the ward watches them |
//! | yes | no | no | – | – | keep (a nurse resolves or snoozes it) |
//! | no | – | yes | – | – | nothing |
//! | no | – | no | no | – | nothing |
//! | no | – | no | yes | no | nothing |
//! | no | – | no | yes | yes | raise |
//!
//! Silence counts from the latest of: the diary, the start of the first watched day, and
//! the last time a nurse closed such a flag (a nurse who called and resolved it starts the
//! clock again). Closed, withdrawn and deceased treatments are never watched: storage
//! reads active treatments only. A snooze only hides the open flag from the queue.
use super::rules::{Condition, Level, TriageRules};

/// One `silent` rule of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SilenceRule {
    pub id: String,
    /// The questionnaire whose answers break the silence (the symptom diary).
    pub questionnaire: String,
    pub level: Level,
    pub hours: i64,
    /// Days after infusion, day 0 being the infusion's day at the centre.
    pub from_day: i64,
    pub to_day: i64,
}

/// What storage knows of one patient, for one rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Watched {
    /// Days since the infusion at the centre, when the infusion is done.
    pub day: Option<i64>,
    /// When the first watched day began at the centre (its midnight), as an instant.
    pub window_from: i64,
    pub last_diary_at: Option<i64>,
    pub admitted: bool,
    /// When the open silence flag was raised, if one is open.
    pub open_since: Option<i64>,
    /// When a silence flag of this rule was last closed.
    pub last_closed_at: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Nothing,
    /// Silent since this instant, for at least the rule's hours.
    Raise {
        since: i64,
    },
    Close(Closed),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closed {
    DiaryCame,
    Admitted,
}

impl Closed {
    /// As stored in the flag's resolution; the queue and history show it translated.
    pub fn as_str(self) -> &'static str {
        match self {
            Closed::DiaryCame => "silence.diary_came",
            Closed::Admitted => "silence.admitted",
        }
    }
}

impl TriageRules {
    /// The catalogue's silence rules.
    pub fn silences(&self) -> Vec<SilenceRule> {
        self.rules
            .iter()
            .filter_map(|rule| match &rule.when {
                Condition::Silent {
                    hours,
                    from_day,
                    to_day,
                } => Some(SilenceRule {
                    id: rule.id.clone(),
                    questionnaire: rule.questionnaire.clone(),
                    level: rule.level,
                    hours: *hours,
                    from_day: *from_day,
                    to_day: *to_day,
                }),
                _ => None,
            })
            .collect()
    }
}

/// What to do about one patient now; see the table above.
pub fn classify(rule: &SilenceRule, w: &Watched, now: i64) -> Verdict {
    if let Some(raised) = w.open_since {
        return if w.last_diary_at.is_some_and(|d| d >= raised) {
            Verdict::Close(Closed::DiaryCame)
        } else if w.admitted {
            Verdict::Close(Closed::Admitted)
        } else {
            Verdict::Nothing
        };
    }
    let watched_today = w.day.is_some_and(|d| (rule.from_day..=rule.to_day).contains(&d));
    if w.admitted || !watched_today {
        return Verdict::Nothing;
    }
    let since = [Some(w.window_from), w.last_diary_at, w.last_closed_at]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(w.window_from);
    if now - since >= rule.hours * 3600 {
        Verdict::Raise { since }
    } else {
        Verdict::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;

    fn rule() -> SilenceRule {
        TriageRules::builtin().expect("the built-in rules").silences().remove(0)
    }

    /// Day 3 after infusion, watched since day 0 began at 0, now 80 h later.
    fn day3() -> Watched {
        Watched {
            day: Some(3),
            window_from: 0,
            ..Watched::default()
        }
    }

    #[test]
    fn the_catalogue_watches_days_0_to_14_for_24_hours_without_a_diary() {
        let r = rule();
        assert_eq!(
            (r.id.as_str(), r.questionnaire.as_str()),
            ("diary.silence", "symptom-diary")
        );
        assert_eq!((r.hours, r.from_day, r.to_day, r.level), (24, 0, 14, Level::Review));
    }

    #[test]
    fn a_day_without_a_diary_in_the_watched_days_raises_a_flag() {
        let r = rule();
        let w = Watched {
            last_diary_at: Some(50 * H),
            ..day3()
        };
        assert_eq!(classify(&r, &w, 74 * H - 1), Verdict::Nothing);
        assert_eq!(classify(&r, &w, 74 * H), Verdict::Raise { since: 50 * H });
        // No diary at all since day 0 began: silent since then.
        assert_eq!(classify(&r, &day3(), 80 * H), Verdict::Raise { since: 0 });
    }

    #[test]
    fn nothing_is_raised_outside_the_days_before_infusion_or_for_an_admitted_patient() {
        let r = rule();
        for day in [None, Some(-1), Some(15), Some(200)] {
            assert_eq!(
                classify(&r, &Watched { day, ..day3() }, 80 * H),
                Verdict::Nothing,
                "{day:?}"
            );
        }
        for day in [0, 14] {
            assert_ne!(
                classify(
                    &r,
                    &Watched {
                        day: Some(day),
                        ..day3()
                    },
                    80 * H
                ),
                Verdict::Nothing
            );
        }
        let admitted = Watched {
            admitted: true,
            ..day3()
        };
        assert_eq!(classify(&r, &admitted, 80 * H), Verdict::Nothing);
    }

    #[test]
    fn an_open_flag_closes_when_a_diary_comes_or_the_patient_is_admitted_and_is_never_raised_twice() {
        let r = rule();
        let open = Watched {
            open_since: Some(30 * H),
            last_diary_at: Some(2 * H),
            ..day3()
        };
        assert_eq!(classify(&r, &open, 80 * H), Verdict::Nothing);
        let diary = Watched {
            last_diary_at: Some(31 * H),
            ..open.clone()
        };
        assert_eq!(classify(&r, &diary, 80 * H), Verdict::Close(Closed::DiaryCame));
        let admitted = Watched {
            admitted: true,
            ..open.clone()
        };
        assert_eq!(classify(&r, &admitted, 80 * H), Verdict::Close(Closed::Admitted));
        // Past the watched days the flag stays for a nurse: the silence is still real.
        assert_eq!(
            classify(&r, &Watched { day: Some(20), ..open }, 500 * H),
            Verdict::Nothing
        );
    }

    #[test]
    fn a_nurse_closing_the_flag_starts_the_clock_again() {
        let r = rule();
        let closed = Watched {
            last_closed_at: Some(60 * H),
            ..day3()
        };
        assert_eq!(classify(&r, &closed, 83 * H), Verdict::Nothing);
        assert_eq!(classify(&r, &closed, 84 * H), Verdict::Raise { since: 60 * H });
    }
}
