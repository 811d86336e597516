//! "My questions for the next visit": what a question may be, and which visit is next.
//!
//! - A question is free text, 1 to [`MAX_CHARS`] characters once trimmed.
//! - The next visit is the first step, in time order, that the patient goes to hospital for
//!   (as the calendar counts them: `calendar_feed::shown`), not yet done or cancelled, on or
//!   after today. Nurses read the open questions before it.
use super::{
    timeline::{
        calendar_feed::{shown, Shown},
        MilestoneStatus, Timeline,
    },
    validation::{required_text, Problem},
};
use chrono::NaiveDate;

pub const MAX_CHARS: usize = 500;

/// The question as stored: trimmed, and neither empty nor too long.
pub fn question(raw: &str) -> Result<String, Problem> {
    required_text(raw, MAX_CHARS)
}

/// The date of the next visit, if one is planned.
pub fn next_visit(timeline: &Timeline, today: NaiveDate) -> Option<NaiveDate> {
    timeline
        .chronological()
        .into_iter()
        .map(|i| &timeline.milestones[i])
        .find(|m| {
            shown(m.kind) == Some(Shown::Visit)
                && !matches!(m.status, MilestoneStatus::Done | MilestoneStatus::Cancelled)
                && m.date() >= today
        })
        .map(|m| m.date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        test_journeys::{cd19, date, day_of},
        timeline::MilestoneKind,
    };

    #[test]
    fn a_question_is_trimmed_and_kept_within_its_length() {
        assert_eq!(question("  Can I swim?  "), Ok("Can I swim?".into()));
        assert_eq!(question("   "), Err(Problem::Required));
        assert_eq!(
            question(&"é".repeat(MAX_CHARS)).map(|q| q.chars().count()),
            Ok(MAX_CHARS)
        );
        assert_eq!(question(&"é".repeat(MAX_CHARS + 1)), Err(Problem::TooLong));
    }

    #[test]
    fn the_next_visit_skips_manufacturing_and_what_is_done() {
        let mut timeline = cd19(date(2027, 1, 4));
        let eligibility = day_of(&timeline, MilestoneKind::Eligibility);
        assert_eq!(next_visit(&timeline, date(2027, 1, 4)), Some(eligibility));
        // Collection done, no bridging needed, cells away: the next visit is the
        // chemotherapy, not the release.
        let set = |timeline: &mut Timeline, kind, status| {
            let i = timeline.milestones.iter().position(|m| m.kind == kind).expect("step");
            timeline.milestones[i].status = status;
        };
        for kind in [
            MilestoneKind::Referral,
            MilestoneKind::Eligibility,
            MilestoneKind::Apheresis,
        ] {
            set(&mut timeline, kind, MilestoneStatus::Done);
        }
        set(&mut timeline, MilestoneKind::Bridging, MilestoneStatus::Cancelled);
        let after_collection = day_of(&timeline, MilestoneKind::Apheresis) + chrono::Days::new(1);
        let next = next_visit(&timeline, after_collection);
        assert_eq!(next, Some(day_of(&timeline, MilestoneKind::Lymphodepletion)));
        // Past the last yearly follow-up: none.
        assert_eq!(next_visit(&timeline, date(2050, 1, 1)), None);
    }
}
