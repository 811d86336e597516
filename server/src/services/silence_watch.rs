//! The silence watch: every few minutes, once across instances, it raises a review flag for
//! each patient in the watched days after infusion who sent no diary for the rule's hours,
//! and closes the flags a diary or an admission answered. The rule and the decision live in
//! `app::domain::triage::silence`; this file gathers the facts and carries out verdicts.
use super::Services;
use crate::{
    storage::{self, scheduled_jobs, silence as store},
    zones,
};
use app::domain::triage::silence::{classify, SilenceRule, Verdict, Watched};
use chrono::{Days, NaiveTime};

/// The job's name in `scheduled_jobs`.
pub const JOB: &str = "silence_watch";
/// How often the watch runs: a silence is noticed at most this late.
pub const EVERY_SECONDS: i64 = 300;
/// An instance that claimed the run and died frees it after this long.
const LEASE_SECONDS: i64 = 600;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WatchRun {
    pub raised: usize,
    pub closed: usize,
}

/// Runs the watch if it is due and no other instance holds it: `None` when it was not this
/// instance's turn.
pub async fn run_once(services: &Services) -> storage::Result<Option<WatchRun>> {
    let now = services.clock.now();
    let token = rand::random::<i64>() & i64::MAX;
    if !scheduled_jobs::claim(&services.db, JOB, now, now + LEASE_SECONDS, token).await? {
        return Ok(None);
    }
    let run = watch(services, now).await;
    // Due again in any case: a failed run is tried at the next turn, not in a tight loop.
    scheduled_jobs::finish(&services.db, JOB, token, now, now + EVERY_SECONDS).await?;
    run.map(Some)
}

async fn watch(services: &Services, now: i64) -> storage::Result<WatchRun> {
    let mut run = WatchRun::default();
    for rule in services.checkins().rules.silences() {
        let rows = store::watched(
            &services.db,
            &rule.id,
            &rule.questionnaire,
            &earliest_infusion(&rule, now),
        )
        .await?;
        for row in rows {
            match classify(&rule, &facts(&rule, &row, now), now) {
                Verdict::Nothing => {}
                Verdict::Raise { .. } => {
                    if store::raise(&services.db, row.patient_id, &rule.id, rule.level.as_str(), now).await? {
                        run.raised += 1;
                    }
                }
                Verdict::Close(why) => {
                    if let Some((flag_id, _)) = row.open {
                        if store::close(&services.db, flag_id, row.patient_id, why).await? {
                            run.closed += 1;
                        }
                    }
                }
            }
        }
    }
    Ok(run)
}

/// The earliest infusion date any centre could still be watching, with a day to spare for
/// time zones: the exact day is worked out per patient in their centre's zone.
fn earliest_infusion(rule: &SilenceRule, now: i64) -> String {
    let today = chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let back = u64::try_from(rule.to_day.max(0) + 1).unwrap_or(0);
    today.checked_sub_days(Days::new(back)).unwrap_or(today).to_string()
}

/// The facts `classify` reads, with the day counted in the centre's calendar.
fn facts(rule: &SilenceRule, row: &store::WatchRow, now: i64) -> Watched {
    let zone = zones::zone_or_utc(&row.zone);
    let infused = row
        .infusion_on
        .as_deref()
        .filter(|_| row.infused)
        .and_then(app::domain::validation::iso_date);
    let today = zones::local(now, zone).map(|(d, _, _)| d);
    let window_from = infused
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(rule.from_day)))
        .and_then(|d| zones::instant(d, NaiveTime::MIN, zone))
        .unwrap_or(now);
    Watched {
        day: infused.zip(today).map(|(i, t)| (t - i).num_days()),
        window_from,
        last_diary_at: row.last_diary_at,
        admitted: row.admitted,
        open_since: row.open.map(|(_, at)| at),
        last_closed_at: row.last_closed_at,
    }
}
