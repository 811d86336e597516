//! Quiet hours: a reminder that falls in them is held to their end, unless it is urgent.
use super::rules::local_time;
use chrono::{NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// From `from` to `until`, local time; may run over midnight (22:00–07:00). Equal times
/// mean no quiet hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    pub from: String,
    pub until: String,
}

impl QuietHours {
    pub fn new(from: &str, until: &str) -> Option<QuietHours> {
        local_time(from)?;
        local_time(until)?;
        Some(QuietHours {
            from: from.to_string(),
            until: until.to_string(),
        })
    }

    fn bounds(&self) -> Option<(NaiveTime, NaiveTime)> {
        Some((local_time(&self.from)?, local_time(&self.until)?))
    }

    pub fn contains(&self, at: NaiveTime) -> bool {
        match self.bounds() {
            Some((from, until)) if from < until => at >= from && at < until,
            Some((from, until)) if from > until => at >= from || at < until,
            _ => false,
        }
    }

    /// When a non-urgent reminder due at `due` (local) may be shown: `due` itself, or the
    /// end of the quiet hours it falls in.
    pub fn hold(&self, due: NaiveDateTime) -> NaiveDateTime {
        let Some((_, until)) = self.bounds() else {
            return due;
        };
        if !self.contains(due.time()) {
            return due;
        }
        let same_day = due.date().and_time(until);
        if same_day > due {
            same_day
        } else {
            same_day + TimeDelta::days(1)
        }
    }
}
