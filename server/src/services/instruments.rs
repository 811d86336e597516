//! The check-in instruments in force on this instance: the built-in catalogues with the
//! site's versions from the database merged on (`domain::instruments`). Every instance
//! polls the numbers in force (one small query) and reloads when they move, so a new
//! version reaches all of them without a restart; the one that made the change reloads at
//! once. What is held is replaced whole, never edited: a check-in being triaged keeps the
//! catalogue it started with.
use super::checkins::CheckinCatalogue;
use crate::{
    error::StartupError,
    storage::{instrument_versions as store, questionnaires, Db, StorageError},
};
use app::domain::{
    checkins::{import as read_fhir, schedule::ScheduleRule, CheckinSchedule, Questionnaire},
    instruments::{in_force, Kind, SiteVersions},
    reminders::ReminderCatalogue,
    triage::TriageRules,
};
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc, RwLock,
};

/// How often each instance asks whether a new version came into force.
pub const POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// What one load made of the database's versions.
pub struct Loaded {
    pub checkins: Arc<CheckinCatalogue>,
    pub reminders: Arc<ReminderCatalogue>,
    /// Every questionnaire a reminder may name: the built-in ones and the latest imported
    /// version of each other name, as at the load.
    pub known: Vec<Questionnaire>,
    /// The numbers in force when loaded (what the poll compares with).
    pub numbers: [i64; 3],
    /// The latest questionnaire import then (a new one may make a version fit, or retitle).
    pub last_import: i64,
    /// Site versions that no longer fit and fell back to the built-in kind.
    pub problems: Vec<(Kind, String)>,
}

pub struct Instruments {
    builtin: Arc<CheckinCatalogue>,
    builtin_reminders: Arc<ReminderCatalogue>,
    current: RwLock<Arc<Loaded>>,
    /// One reload at a time: two at once could leave the older one's result in place.
    reloading: tokio::sync::Mutex<()>,
    last_poll_failed: AtomicBool,
}

impl Instruments {
    /// The built-in catalogues alone, until the first load.
    pub fn builtin() -> Result<Instruments, StartupError> {
        let checkins = Arc::new(CheckinCatalogue::builtin()?);
        let reminders = Arc::new(super::reminders::builtin(&checkins.schedule)?);
        let loaded = Loaded {
            checkins: checkins.clone(),
            reminders: reminders.clone(),
            known: checkins.questionnaires.clone(),
            numbers: [0; 3],
            last_import: 0,
            problems: Vec::new(),
        };
        Ok(Instruments {
            builtin: checkins,
            builtin_reminders: reminders,
            current: RwLock::new(Arc::new(loaded)),
            reloading: tokio::sync::Mutex::new(()),
            last_poll_failed: AtomicBool::new(false),
        })
    }

    pub fn current(&self) -> Arc<Loaded> {
        match self.current.read() {
            Ok(held) => held.clone(),
            // A panic while swapping cannot leave half a catalogue: the value is one Arc.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The built-in catalogues, which site versions are merged onto.
    pub fn built_in(&self) -> (&CheckinSchedule, &TriageRules, &ReminderCatalogue) {
        (&self.builtin.schedule, &self.builtin.rules, &self.builtin_reminders)
    }

    pub fn built_in_questionnaires(&self) -> &[Questionnaire] {
        &self.builtin.questionnaires
    }

    /// A built-in questionnaire by url or name.
    pub fn builtin_questionnaire(&self, name: &str) -> Option<&Questionnaire> {
        self.builtin.questionnaire(name)
    }

    /// Reloads when the numbers in force moved since the last load (or always, `force`).
    /// `true` when it reloaded.
    pub async fn refresh(&self, db: &Db, force: bool) -> Result<bool, StorageError> {
        let _one_at_a_time = self.reloading.lock().await;
        let numbers = store::numbers_in_force(db).await?;
        let last_import = questionnaires::last_id(db).await?;
        let held = self.current();
        if !force && numbers == held.numbers && last_import == held.last_import {
            return Ok(false);
        }
        let mut loaded = self.load(db).await?;
        // As asked before loading: a change meanwhile is loaded at the next poll.
        (loaded.numbers, loaded.last_import) = (numbers, last_import);
        for (kind, problem) in &loaded.problems {
            tracing::error!(
                kind = kind.as_str(),
                problem,
                "a site version no longer fits; the built-in one is used"
            );
        }
        let loaded = Arc::new(loaded);
        match self.current.write() {
            Ok(mut held) => *held = loaded,
            Err(poisoned) => *poisoned.into_inner() = loaded,
        }
        Ok(true)
    }

    async fn load(&self, db: &Db) -> Result<Loaded, StorageError> {
        let versions = store::in_force(db).await?;
        let known = known_questionnaires(db, &self.builtin.questionnaires).await?;
        let mut site = SiteVersions::default();
        let mut numbers = [0; 3];
        let mut problems = Vec::new();
        for version in versions {
            let i = Kind::ALL.iter().position(|k| *k == version.kind).unwrap_or_default();
            numbers[i] = version.number;
            let unreadable = |e: serde_json::Error| (version.kind, format!("version {}: {e}", version.number));
            match version.kind {
                Kind::Schedule => match serde_json::from_str(&version.rules) {
                    Ok(rules) => site.schedule = (version.number, rules),
                    Err(e) => problems.push(unreadable(e)),
                },
                Kind::Triage => match serde_json::from_str(&version.rules) {
                    Ok(rules) => site.triage = (version.number, rules),
                    Err(e) => problems.push(unreadable(e)),
                },
                Kind::Reminders => match serde_json::from_str(&version.rules) {
                    Ok(rules) => site.reminders = (version.number, rules),
                    Err(e) => problems.push(unreadable(e)),
                },
            }
        }
        let (merged, fell_back) = in_force(self.built_in(), &site, &known);
        problems.extend(fell_back);
        Ok(Loaded {
            checkins: Arc::new(CheckinCatalogue {
                questionnaires: self.builtin.questionnaires.clone(),
                schedule: merged.schedule,
                rules: merged.rules,
            }),
            reminders: Arc::new(merged.reminders),
            known,
            numbers,
            last_import: 0,
            problems,
        })
    }

    /// Every `POLL`, on every instance; a failed poll is logged once until one succeeds.
    pub fn spawn_poll(self: Arc<Self>, db: Db) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(POLL);
            loop {
                every.tick().await;
                let outcome = self.refresh(&db, false).await;
                let failed_before = self.last_poll_failed.swap(outcome.is_err(), Ordering::Relaxed);
                match outcome {
                    Ok(true) => tracing::info!(numbers = ?self.current().numbers, "new check-in instruments in force"),
                    Ok(false) => {}
                    Err(error) if !failed_before => {
                        tracing::warn!(%error, "could not ask for new check-in instruments")
                    }
                    Err(_) => {}
                }
            }
        })
    }
}

impl Loaded {
    /// A questionnaire by url or name, built in or imported.
    pub fn questionnaire(&self, name: &str) -> Option<&Questionnaire> {
        app::domain::checkins::find(&self.known, name)
    }
}

/// What research exports lay answers out by: the built-in schedule and every site schedule
/// rule that was ever in force, so that answers given under a rule since removed keep their
/// timepoint's labels and REDCap event. Not a schedule to ask by (it is not checked whole).
pub async fn schedule_for_export(db: &Db) -> Result<CheckinSchedule, String> {
    let mut schedule = CheckinSchedule::builtin().map_err(|e| e.to_string())?;
    for version in store::ever_in_force(db, Kind::Schedule)
        .await
        .map_err(|e| e.to_string())?
    {
        let rules: Vec<ScheduleRule> = serde_json::from_str(&version.rules).map_err(|e| e.to_string())?;
        for rule in rules {
            if !schedule.schedules.contains(&rule) {
                schedule.schedules.push(rule);
            }
        }
    }
    Ok(schedule)
}

/// The questionnaires a site rule may name: the built-in ones and the latest imported
/// version of each name.
pub async fn known_questionnaires(db: &Db, builtin: &[Questionnaire]) -> Result<Vec<Questionnaire>, StorageError> {
    let mut known = builtin.to_vec();
    for imported in questionnaires::latest_all(db).await? {
        let read = serde_json::from_str(&imported.definition)
            .ok()
            .and_then(|json| read_fhir(&json).ok());
        if let Some(q) = read.filter(|q| known.iter().all(|k| k.short_name() != q.short_name())) {
            known.push(q);
        }
    }
    Ok(known)
}

impl super::Services {
    /// The questionnaires, schedule and triage rules in force now.
    pub fn checkins(&self) -> Arc<CheckinCatalogue> {
        self.instruments.current().checkins.clone()
    }

    /// The reminder rules in force now.
    pub fn reminders(&self) -> Arc<ReminderCatalogue> {
        self.instruments.current().reminders.clone()
    }
}
