//! Where check-ins stand on the timeline: what is due, missed or next for the home pages,
//! and which window an answer belongs to.
use super::{timeline_views as views, Services};
use crate::{
    storage::{checkins as store, timeline::StoredTreatment},
    zones,
};
use app::{
    api::checkins::CheckinDue,
    domain::checkins::{timepoint, CheckinSchedule, Respondent, Window, WindowState},
    error::AppError,
};
use chrono::NaiveDateTime;

/// For the home page: per schedule, the latest window of the past week still unanswered
/// (open, or overdue), else the next one. Times are local at the centre.
pub async fn due_for(
    services: &Services,
    reader_id: i64,
    patient_id: i64,
    respondents: &[Respondent],
) -> Result<Vec<CheckinDue>, AppError> {
    let Some(treatment) = super::timeline::latest(services, patient_id).await? else {
        return Ok(Vec::new());
    };
    if treatment.status.is_closed() {
        return Ok(Vec::new());
    }
    let zone = views::centre_zone(services, treatment.centre_id).await?;
    let reader_zone = super::accounts::reader_zone(services, reader_id, zone).await?;
    let now = crate::storage::now();
    let week_ago = now - 7 * 24 * 3600;
    let answered = store::answered_windows(&services.db, patient_id, reader_id, week_ago).await?;
    let in_force = services.instruments.current();
    let catalogue = &*in_force.checkins;
    let mut due: Vec<CheckinDue> = Vec::new();
    let windows = catalogue.schedule.windows(&treatment.timeline);
    for rule in &catalogue.schedule.schedules {
        if !respondents.contains(&rule.respondent) {
            continue;
        }
        let timed: Vec<(i64, i64, &Window)> = windows
            .iter()
            .filter(|w| w.schedule == rule.id)
            .filter_map(|w| {
                Some((
                    zones::instant(w.due.date(), w.due.time(), zone)?,
                    zones::instant(w.closes.date(), w.closes.time(), zone)?,
                    w,
                ))
            })
            .collect();
        let latest_past = timed.iter().rfind(|(at, _, _)| *at <= now && *at >= week_ago);
        let pick = match latest_past {
            Some((at, closes, w)) if !answered.iter().any(|(s, d)| s == &w.schedule && d == at) => Some((
                *at,
                *w,
                if now <= *closes {
                    WindowState::Open
                } else {
                    WindowState::Overdue
                },
            )),
            _ => timed
                .iter()
                .find(|(at, _, _)| *at > now)
                .map(|(at, _, w)| (*at, *w, WindowState::Upcoming)),
        };
        if let Some((at, w, state)) = pick {
            // Shown in the reader's own time zone (patients cross borders).
            let (due_on, due_time) = zones::local(at, reader_zone)
                .map(|(d, time, _)| (d.to_string(), time))
                .unwrap_or_else(|| (w.due.date().to_string(), w.due.time().format("%H:%M").to_string()));
            let Some(q) = in_force.questionnaire(&w.questionnaire) else {
                continue;
            };
            due.push(CheckinDue {
                schedule: w.schedule.clone(),
                questionnaire: w.questionnaire.clone(),
                title: q.title.clone(),
                about_myself: w.respondent == Respondent::CaregiverSelf,
                state,
                due_on,
                due_time,
                due_at: at,
            });
        }
    }
    // What needs doing first: overdue, then open, then upcoming by date.
    due.sort_by(|a, b| {
        let rank = |s: WindowState| match s {
            WindowState::Overdue => 0,
            WindowState::Open => 1,
            _ => 2,
        };
        (rank(a.state), &a.due_on, &a.due_time).cmp(&(rank(b.state), &b.due_on, &b.due_time))
    });
    Ok(due)
}

/// The scheduled check-in a submission answers, as it is stored with it.
pub(super) struct Answered {
    pub schedule_id: Option<String>,
    pub due_at: Option<i64>,
    pub timepoint: String,
    pub is_late: bool,
}

/// The window an answer given at `at` belongs to, on the patient's latest treatment: the
/// latest one of this questionnaire and respondent that was already due then (or due within
/// the hour); `unscheduled` when none was. Whether it already has its answer is for the
/// insert to say (`checkins::insert_on`).
pub(super) fn answered(
    schedule: &CheckinSchedule,
    treatment: Option<&StoredTreatment>,
    (questionnaire, respondent): (&str, Respondent),
    zone: chrono_tz::Tz,
    at: i64,
) -> Answered {
    let instant = |t: NaiveDateTime| zones::instant(t.date(), t.time(), zone);
    let current = treatment.and_then(|treatment| {
        schedule
            .windows_of(&treatment.timeline, questionnaire, respondent)
            .into_iter()
            .filter_map(|w| Some((w.clone(), instant(w.due)?, instant(w.closes)?)))
            .rfind(|(_, due, _)| *due <= at + 3600)
    });
    match current {
        Some((w, due_at, closes_at)) => Answered {
            schedule_id: Some(w.schedule),
            due_at: Some(due_at),
            timepoint: w.timepoint,
            is_late: at > closes_at,
        },
        None => Answered {
            schedule_id: None,
            due_at: None,
            timepoint: timepoint::UNSCHEDULED.into(),
            is_late: false,
        },
    }
}
