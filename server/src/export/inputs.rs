//! What every file of an export is written from, read once before the first: its members
//! (as released), the questionnaires their answers give, and the schedule. Read one after
//! another: side by side they took longer (47 against 42 ms for a 1 000-patient download on
//! 2 cores, BENCHMARKS.md, issue 23).
use super::{
    files::{Member, Members},
    instruments::Instruments,
    ExportError,
};
use crate::storage::{
    research_exports::{self, StoredExport},
    Db,
};
use app::domain::{
    checkins::CheckinSchedule,
    research::{time_release::Level, Release},
    validation::iso_date,
};

pub struct Inputs {
    pub members: Members,
    pub instruments: Instruments,
    pub schedule: CheckinSchedule,
}

impl Inputs {
    pub async fn load(db: &Db, export: &StoredExport) -> Result<Inputs, ExportError> {
        Ok(Inputs {
            members: load_members(db, export.id).await?,
            instruments: Instruments::load(db, export.id, export.snapshot_at).await?,
            schedule: crate::services::instruments::schedule_for_export(db)
                .await
                .map_err(ExportError::Data)?,
        })
    }
}

async fn load_members(db: &Db, export_id: i64) -> Result<Members, ExportError> {
    let mut members = Members::new();
    for m in research_exports::members(db, export_id).await? {
        let bad = |what: &str| ExportError::Data(format!("an export member's {what} is unreadable"));
        let member = Member {
            research_id: m.research_id,
            anchor: m.anchor,
            anchor_on: iso_date(&m.anchor_on).ok_or_else(|| bad("anchor date"))?,
            time_zone: m.time_zone.parse().map_err(|_| bad("time zone"))?,
            release: serde_json::from_str::<Release>(&m.release).map_err(|_| bad("release"))?,
            level: Level::at(m.time.level),
            infusion_day: m.time.infusion_day,
        };
        members.insert(m.patient_id, member);
    }
    Ok(members)
}
