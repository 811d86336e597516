//! For tests: a real CD19 journey from the built-in catalogue, and dates to read it by.
use crate::domain::timeline::{Catalogue, CatalogueFile, MilestoneKind, Timeline};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

pub fn at(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("a real time"))
}

/// An axi-cel treatment in Belgium, every step at its default date from `start`.
pub fn cd19(start: NaiveDate) -> Timeline {
    let file: CatalogueFile = toml::from_str(include_str!("../../catalogue/journeys.toml")).expect("parses");
    let plan = Catalogue::from_file(file)
        .expect("valid")
        .plan_for("axi-cel", "BE")
        .expect("plan");
    Timeline::new(plan, start)
}

pub fn day_of(t: &Timeline, kind: MilestoneKind) -> NaiveDate {
    t.milestones.iter().find(|m| m.kind == kind).expect("milestone").date()
}
