//! A person's private calendar feed (iCalendar, RFC 5545): the timeline's visits and the two
//! dates a patient plans their life around, read by the phone's calendar app from a secret
//! address and redrawn at each read, so that it moves when the timeline moves.
//!
//! The rules, in one place:
//! - what goes in: the steps a patient goes to hospital for (eligibility, collection,
//!   bridging, chemotherapy, infusion, discharge, follow-ups) and the ends of the stay near
//!   the centre and of the driving ban; manufacturing and shipping are not appointments;
//!   a cancelled step leaves the feed (calendar apps drop what a feed no longer holds);
//! - titles are neutral unless the person asked otherwise ("Hospital visit"), so that a
//!   shared family calendar reveals no diagnosis; the caller words them ([`Shown`]);
//! - each event keeps its UID while its date moves, and carries the treatment's version as
//!   its SEQUENCE, so that calendar apps update it rather than add a second one;
//! - a step with an hour lasts an hour from that instant (in UTC); one without is all day.
use super::{Milestone, MilestoneKind, MilestoneStatus, Timeline};
use chrono::{DateTime, Days, NaiveDate, Utc};

/// What a step is, as a calendar shows it to someone who may share that calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Visit,
    /// The end of the stay near the centre.
    TravelFree,
    /// The end of the driving ban.
    DrivingFree,
}

/// Whether a step of this kind goes in the calendar, and as what.
pub fn shown(kind: MilestoneKind) -> Option<Shown> {
    use MilestoneKind::*;
    match kind {
        Eligibility | Apheresis | Bridging | Lymphodepletion | Infusion | Discharge | FollowUp => Some(Shown::Visit),
        StayNearCentreEnds => Some(Shown::TravelFree),
        DrivingRestrictionEnds => Some(Shown::DrivingFree),
        Referral | CellsShipped | ManufacturingStarted | ProductReleased | ProductShipped | ProductReceived => None,
    }
}

/// One event of the feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedEvent {
    pub uid: String,
    pub summary: String,
    pub date: NaiveDate,
    /// The instant it starts, when the step has an hour.
    pub at: Option<DateTime<Utc>>,
    pub sequence: i64,
}

/// The events of one treatment. `times[i]` is milestone `i`'s instant (Unix seconds), when
/// it has one; `title` words each event.
pub fn events(
    treatment_id: i64,
    version: i64,
    timeline: &Timeline,
    times: &[Option<i64>],
    title: impl Fn(&Milestone, Shown) -> String,
) -> Vec<FeedEvent> {
    timeline
        .chronological()
        .into_iter()
        .filter_map(|i| {
            let m = &timeline.milestones[i];
            let as_shown = shown(m.kind).filter(|_| m.status != MilestoneStatus::Cancelled)?;
            Some(FeedEvent {
                uid: format!("{treatment_id}-{}@vein-to-vein", m.key),
                summary: title(m, as_shown),
                date: m.date(),
                at: times
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|s| DateTime::from_timestamp(s, 0)),
                sequence: version,
            })
        })
        .collect()
}

/// The feed as text: CRLF line ends, long lines folded at 75 octets, text escaped.
pub fn ics(calendar_name: &str, events: &[FeedEvent], stamp: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Vein-to-Vein//Calendar feed//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape(calendar_name)),
        // Read again every few hours, so that a moved date reaches the phone the same day.
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H".to_string(),
        "X-PUBLISHED-TTL:PT4H".to_string(),
    ];
    for event in events {
        lines.extend(event_lines(event, stamp));
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|line| fold(line)).collect()
}

fn event_lines(event: &FeedEvent, stamp: DateTime<Utc>) -> Vec<String> {
    let utc = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let day = |d: NaiveDate| d.format("%Y%m%d").to_string();
    let when = match event.at {
        Some(at) => vec![format!("DTSTART:{}", utc(at)), "DURATION:PT1H".to_string()],
        None => vec![
            format!("DTSTART;VALUE=DATE:{}", day(event.date)),
            format!("DTEND;VALUE=DATE:{}", day(event.date + Days::new(1))),
        ],
    };
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", event.uid),
        format!("DTSTAMP:{}", utc(stamp)),
        format!("SEQUENCE:{}", event.sequence.max(0)),
    ];
    lines.extend(when);
    lines.extend([
        format!("SUMMARY:{}", escape(&event.summary)),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
    ]);
    lines
}

/// TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line ends escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded to at most 75 octets a line (§3.1), never inside a character,
/// ended with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        // A continuation line starts with a space, which counts towards its 75.
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
#[path = "calendar_feed_tests.rs"]
mod tests;
