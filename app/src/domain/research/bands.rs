//! Dates become days from the patient's anchor; birth dates become age bands; the anchor day
//! itself is released only as a period (a quarter, a year, or not at all).
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Day 0 of a patient's export timeline: their own infusion, or their apheresis while they
/// have not (yet) been infused. Never shifted at random: day 7 is a week after infusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Anchor {
    Infusion,
    Apheresis,
}

impl Anchor {
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Infusion => "infusion",
            Anchor::Apheresis => "apheresis",
        }
    }

    pub fn parse(raw: &str) -> Option<Anchor> {
        [Anchor::Infusion, Anchor::Apheresis]
            .into_iter()
            .find(|a| a.as_str() == raw)
    }
}

/// When a patient's anchor day fell, as finely as the export shows it: the k check widens a
/// quarter to its year, then to nothing, for the patients still short.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Period {
    Quarter {
        year: i32,
        number: u32,
    },
    Year(i32),
    #[default]
    Any,
}

impl Period {
    pub fn quarter_of(day: Option<NaiveDate>) -> Period {
        day.map_or(Period::Any, |d| Period::Quarter {
            year: d.year(),
            number: d.month0() / 3 + 1,
        })
    }

    /// The year holding this period.
    pub fn widened(self) -> Period {
        match self {
            Period::Quarter { year, .. } | Period::Year(year) => Period::Year(year),
            Period::Any => Period::Any,
        }
    }

    /// As written in the files: `2026-Q2`, `2026`, or empty.
    pub fn label(self) -> String {
        match self {
            Period::Quarter { year, number } => format!("{year}-Q{number}"),
            Period::Year(year) => year.to_string(),
            Period::Any => String::new(),
        }
    }
}

/// Days from the anchor to the date: negative before it, 0 on the day.
pub fn relative_day(date: NaiveDate, anchor: NaiveDate) -> i64 {
    (date - anchor).num_days()
}

/// Age in whole years on a date; `None` for a birth date after it.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// An age band: ten years wide, or twenty once widened; 90 and over is one band (80 and
/// over once widened), as HIPAA's Safe Harbor groups the oldest ages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgeBand {
    /// Lower bound and width in years; the top band has no upper bound.
    Years {
        from: u32,
        width: u32,
    },
    Unknown,
}

pub const TOP_OF_TEN_YEAR_BANDS: u32 = 90;
pub const TOP_OF_TWENTY_YEAR_BANDS: u32 = 80;

impl AgeBand {
    pub fn ten_years(age: Option<u32>) -> AgeBand {
        match age {
            Some(age) => AgeBand::Years {
                from: (age / 10 * 10).min(TOP_OF_TEN_YEAR_BANDS),
                width: 10,
            },
            None => AgeBand::Unknown,
        }
    }

    /// The twenty-year band holding this one.
    pub fn widened(self) -> AgeBand {
        match self {
            AgeBand::Years { from, .. } => AgeBand::Years {
                from: (from / 20 * 20).min(TOP_OF_TWENTY_YEAR_BANDS),
                width: 20,
            },
            AgeBand::Unknown => AgeBand::Unknown,
        }
    }

    /// As written in the files: `40-49`, `90+`, `unknown`.
    pub fn label(self) -> String {
        match self {
            AgeBand::Years { from, width } => {
                let top = if width == 10 {
                    TOP_OF_TEN_YEAR_BANDS
                } else {
                    TOP_OF_TWENTY_YEAR_BANDS
                };
                if from >= top {
                    format!("{from}+")
                } else {
                    format!("{from}-{}", from + width - 1)
                }
            }
            AgeBand::Unknown => "unknown".into(),
        }
    }

    /// Whether `age` falls in this band.
    pub fn holds(self, age: Option<u32>) -> bool {
        match (self, age) {
            (AgeBand::Unknown, None) => true,
            (AgeBand::Years { from, width }, Some(age)) => {
                let top = if width == 10 {
                    TOP_OF_TEN_YEAR_BANDS
                } else {
                    TOP_OF_TWENTY_YEAR_BANDS
                };
                age >= from && (from >= top || age < from + width)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        crate::domain::validation::iso_date(s).expect("a date")
    }

    #[test]
    fn days_count_from_the_anchor() {
        assert_eq!(relative_day(date("2026-03-10"), date("2026-03-10")), 0);
        assert_eq!(relative_day(date("2026-03-17"), date("2026-03-10")), 7);
        assert_eq!(relative_day(date("2026-03-05"), date("2026-03-10")), -5);
        // Across a leap day and a year end.
        assert_eq!(relative_day(date("2024-03-01"), date("2024-02-28")), 2);
        assert_eq!(relative_day(date("2027-01-02"), date("2026-12-30")), 3);
    }

    #[test]
    fn a_period_is_a_quarter_then_its_year_then_nothing() {
        let q = Period::quarter_of(Some(date("2026-05-31")));
        assert_eq!(q.label(), "2026-Q2");
        assert_eq!(Period::quarter_of(Some(date("2026-12-31"))).label(), "2026-Q4");
        assert_eq!(q.widened().label(), "2026");
        assert_eq!(q.widened().widened(), Period::Year(2026));
        assert_eq!(Period::quarter_of(None).label(), "");
    }

    #[test]
    fn age_turns_on_the_birthday() {
        assert_eq!(age_on(date("1960-05-20"), date("2026-05-19")), Some(65));
        assert_eq!(age_on(date("1960-05-20"), date("2026-05-20")), Some(66));
        assert_eq!(age_on(date("2000-02-29"), date("2026-02-28")), Some(25));
        assert_eq!(age_on(date("2027-01-01"), date("2026-05-20")), None);
    }

    #[test]
    fn bands_are_ten_years_wide_with_ninety_and_over_as_one() {
        let labels: Vec<String> = [
            Some(0),
            Some(9),
            Some(10),
            Some(49),
            Some(89),
            Some(90),
            Some(104),
            None,
        ]
        .into_iter()
        .map(|a| AgeBand::ten_years(a).label())
        .collect();
        assert_eq!(
            labels,
            ["0-9", "0-9", "10-19", "40-49", "80-89", "90+", "90+", "unknown"]
        );
    }

    #[test]
    fn widened_bands_are_twenty_years_with_eighty_and_over_as_one() {
        let widened = |a| AgeBand::ten_years(Some(a)).widened().label();
        assert_eq!(widened(15), "0-19");
        assert_eq!(widened(45), "40-59");
        assert_eq!(widened(59), "40-59");
        assert_eq!(widened(79), "60-79");
        assert_eq!(widened(85), "80+");
        assert_eq!(widened(97), "80+");
        assert_eq!(AgeBand::Unknown.widened(), AgeBand::Unknown);
    }

    #[test]
    fn a_band_holds_exactly_its_ages() {
        for age in 0..120 {
            let band = AgeBand::ten_years(Some(age));
            assert!(band.holds(Some(age)) && band.widened().holds(Some(age)), "{age}");
            for other in 0..120 {
                assert_eq!(
                    band.holds(Some(other)),
                    AgeBand::ten_years(Some(other)) == band,
                    "{age} {other}"
                );
            }
        }
        assert!(!AgeBand::Unknown.holds(Some(40)) && AgeBand::Unknown.holds(None));
    }
}
