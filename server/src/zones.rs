//! Time zones: milestone dates are local dates at the centre, instants are stored in UTC,
//! and each person reads times in their own zone (patients cross borders).
use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

pub fn parse(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// The zone, or UTC when a stored name is no longer known (never panics on old data).
pub fn zone_or_utc(name: &str) -> Tz {
    parse(name).unwrap_or(Tz::UTC)
}

/// Today's date where the zone is.
pub fn today_in(zone: Tz) -> NaiveDate {
    Utc::now().with_timezone(&zone).date_naive()
}

/// The instant (UTC seconds) of a local date and hour in a zone. An hour the clocks skip
/// (spring forward) becomes the same wall time one hour later; an hour they repeat (fall
/// back) takes its first occurrence.
pub fn instant(date: NaiveDate, time: NaiveTime, zone: Tz) -> Option<i64> {
    let local = date.and_time(time);
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.timestamp()),
        LocalResult::Ambiguous(first, _) => Some(first.timestamp()),
        LocalResult::None => zone
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.timestamp()),
    }
}

/// An instant as a reader in `zone` sees it: the local date, "HH:MM" and the zone's
/// abbreviation ("CET", "EDT").
pub fn local(at: i64, zone: Tz) -> Option<(NaiveDate, String, String)> {
    let t: DateTime<Tz> = DateTime::from_timestamp(at, 0)?.with_timezone(&zone);
    Some((
        t.date_naive(),
        t.format("%H:%M").to_string(),
        t.format("%Z").to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
    }

    #[test]
    fn an_infusion_at_ten_in_brussels_reads_right_in_new_york_across_both_clock_changes() {
        let brussels = zone_or_utc("Europe/Brussels");
        let new_york = zone_or_utc("America/New_York");
        // Europe springs forward on 29 March 2026, the US on 8 March: for three weeks the gap is 5 hours.
        let before = instant(d(2026, 3, 28), t(10, 0), brussels).unwrap_or_default();
        let after = instant(d(2026, 3, 29), t(10, 0), brussels).unwrap_or_default();
        assert_eq!(
            after - before,
            23 * 3600,
            "the night the clocks change is an hour short"
        );
        assert_eq!(
            local(before, new_york),
            Some((d(2026, 3, 28), "05:00".into(), "EDT".into()))
        );
        assert_eq!(
            local(after, new_york),
            Some((d(2026, 3, 29), "04:00".into(), "EDT".into()))
        );
        assert_eq!(
            local(before, brussels),
            Some((d(2026, 3, 28), "10:00".into(), "CET".into()))
        );
        assert_eq!(
            local(after, brussels),
            Some((d(2026, 3, 29), "10:00".into(), "CEST".into()))
        );
    }

    #[test]
    fn skipped_and_repeated_hours_have_one_answer() {
        let brussels = zone_or_utc("Europe/Brussels");
        let skipped = instant(d(2026, 3, 29), t(2, 30), brussels).unwrap_or_default();
        assert_eq!(local(skipped, brussels).map(|l| l.1), Some("03:30".into()));
        let repeated = instant(d(2026, 10, 25), t(2, 30), brussels).unwrap_or_default();
        assert_eq!(
            local(repeated, brussels).map(|l| l.2),
            Some("CEST".into()),
            "the first 02:30"
        );
    }

    #[test]
    fn a_late_evening_time_can_fall_on_another_date_for_the_reader() {
        let at = instant(d(2026, 6, 1), t(22, 0), zone_or_utc("Europe/Brussels")).unwrap_or_default();
        let tokyo = zone_or_utc("Asia/Tokyo");
        assert_eq!(local(at, tokyo).map(|l| l.0), Some(d(2026, 6, 2)));
        assert_eq!(zone_or_utc("Mars/Olympus"), Tz::UTC);
    }
}
