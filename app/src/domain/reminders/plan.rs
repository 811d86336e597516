//! Which reminders a treatment calls for, worked out from its timeline and its check-in
//! windows. Times are local: the server turns them into instants (see `TimeBase`), holds
//! them through each person's quiet hours and keeps them in its outbox.
use super::rules::{local_time, Audience, ReminderCatalogue, ReminderKind, ReminderRule, When};
use crate::domain::{
    checkins::{
        schedule::{Anchor, Window},
        Respondent,
    },
    timeline::{Milestone, MilestoneKind, MilestoneStatus, Timeline},
};
use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Whose clock a local time is read on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeBase {
    /// The recipient's own time zone: 18:00 the evening before apheresis is 18:00 where
    /// they are (patients cross borders).
    Recipient,
    /// The centre's: a check-in window is due at one instant for everyone.
    Centre,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    pub rule: String,
    pub kind: ReminderKind,
    pub audience: Audience,
    /// What it is about: a milestone's key, or a check-in schedule's id.
    pub subject: String,
    pub due: NaiveDateTime,
    pub base: TimeBase,
    pub useful_hours: u32,
    /// The step it is about, for the words and for the page a tap opens.
    pub step: Option<MilestoneKind>,
    /// The questionnaire it asks for, if any.
    pub questionnaire: Option<String>,
}

fn shift(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

fn live(timeline: &Timeline, kind: MilestoneKind) -> impl Iterator<Item = &Milestone> {
    timeline
        .milestones
        .iter()
        .filter(move |m| m.kind == kind && m.status != MilestoneStatus::Cancelled)
}

fn anchor<'a>(timeline: &'a Timeline, anchor: &Anchor) -> Option<(&'a Milestone, NaiveDate)> {
    let kind = MilestoneKind::parse(&anchor.milestone)?;
    let milestone = live(timeline, kind).next()?;
    Some((milestone, shift(milestone.date(), anchor.days)?))
}

/// Who answers a window of this respondent, and so is reminded of it.
pub(crate) fn audience_of(respondent: Respondent) -> Audience {
    match respondent {
        Respondent::Patient => Audience::Patient,
        Respondent::CaregiverObserving | Respondent::CaregiverSelf => Audience::Caregiver,
    }
}

/// A window rule covers every schedule it does not skip, or only those it names.
fn for_window(window: &Window, skip: &[String], only: &[String]) -> bool {
    !skip.contains(&window.schedule) && (only.is_empty() || only.contains(&window.schedule))
}

/// Every reminder of the treatment, in order of when it is due. Reminders about a step
/// already done are left out; so are steps cancelled, and rules whose milestones the
/// journey lacks. Past ones are kept: the outbox ignores what is already past.
pub fn plan(catalogue: &ReminderCatalogue, timeline: &Timeline, windows: &[Window]) -> Vec<Planned> {
    let mut out = Vec::new();
    for rule in &catalogue.rules {
        let mut add =
            |audience: Audience, subject: &str, due: NaiveDateTime, base, step, questionnaire: Option<&str>| {
                if rule.audience.contains(&audience) {
                    out.push(Planned {
                        rule: rule.id.clone(),
                        kind: rule.kind,
                        audience,
                        subject: subject.to_string(),
                        due,
                        base,
                        useful_hours: rule.useful_hours,
                        step,
                        questionnaire: questionnaire.map(str::to_string),
                    });
                }
            };
        match &rule.when {
            When::Milestone { milestone, days, time } => {
                let (Some(kind), Some(at)) = (MilestoneKind::parse(milestone), local_time(time)) else {
                    continue;
                };
                for m in live(timeline, kind).filter(|m| m.status != MilestoneStatus::Done) {
                    if let Some(day) = shift(m.date(), *days) {
                        for audience in &rule.audience {
                            add(
                                *audience,
                                &m.key,
                                day.and_time(at),
                                TimeBase::Recipient,
                                Some(kind),
                                None,
                            );
                        }
                    }
                }
            }
            When::Daily { from, until, times } => {
                let (Some((first, start)), Some((_, end))) = (anchor(timeline, from), anchor(timeline, until)) else {
                    continue;
                };
                for day in start.iter_days().take_while(|d| *d <= end) {
                    for at in times.iter().filter_map(|t| local_time(t)) {
                        for audience in &rule.audience {
                            add(
                                *audience,
                                &first.key,
                                day.and_time(at),
                                TimeBase::Recipient,
                                Some(first.kind),
                                None,
                            );
                        }
                    }
                }
            }
            When::WindowOpens {
                skip_schedules,
                only_schedules,
            } => {
                for w in windows.iter().filter(|w| for_window(w, skip_schedules, only_schedules)) {
                    add(
                        audience_of(w.respondent),
                        &w.schedule,
                        w.due,
                        TimeBase::Centre,
                        None,
                        Some(&w.questionnaire),
                    );
                }
            }
            When::WindowClosing {
                hours_before,
                skip_schedules,
                only_schedules,
            } => {
                for w in windows.iter().filter(|w| for_window(w, skip_schedules, only_schedules)) {
                    let at = w
                        .closes
                        .checked_sub_signed(chrono::TimeDelta::hours(i64::from(*hours_before)));
                    // A window shorter than the warning gets no separate warning.
                    if let Some(at) = at.filter(|at| *at > w.due) {
                        add(
                            audience_of(w.respondent),
                            &w.schedule,
                            at,
                            TimeBase::Centre,
                            None,
                            Some(&w.questionnaire),
                        );
                    }
                }
            }
            When::OnEvent => {}
        }
    }
    out.sort_by(|a, b| (a.due, &a.rule, &a.subject).cmp(&(b.due, &b.rule, &b.subject)));
    out
}

impl Planned {
    pub fn rule<'a>(&self, catalogue: &'a ReminderCatalogue) -> Option<&'a ReminderRule> {
        catalogue.rule(&self.rule)
    }
}
