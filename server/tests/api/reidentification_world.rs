//! The researcher's side of the re-identification attacks: 1 000 synthetic patients, exports
//! made with the export functions the page and the command line use, their files read back as
//! tables, and the truth behind them (which research id is which patient) to judge with.
use crate::helpers::*;
use crate::reidentification::Table;
use chrono::NaiveDate;
use server::{
    export::{
        cohort,
        files::File,
        run::{self, Packaging},
        ExportError, Settings,
    },
    services::checkins::CheckinCatalogue,
    storage::{audit::Entry, research, research_exports},
    synthetic::{self, Options},
};
use std::collections::BTreeMap;

/// One export as the researcher has it, and the truth behind it.
pub struct Got {
    pub tables: BTreeMap<&'static str, Table>,
    /// Research id → patient id.
    pub truth: BTreeMap<String, i64>,
    pub snapshot: NaiveDate,
    pub summary: cohort::CohortSummary,
}

pub struct World {
    pub app: TestApp,
    pub settings: Settings,
    /// Patient id → true infusion date (local, at the centre), for the infused.
    pub infused: BTreeMap<i64, NaiveDate>,
    pub work: tempfile::TempDir,
}

pub async fn world(kind: Kind, patients: usize) -> World {
    let app = spawn(kind).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients,
        responses_per_patient: 12,
        seed: 17,
    };
    let seeded = synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    eprintln!("seeded {} patients, {} deceased", seeded.patients, seeded.deceased);
    let infused = research::candidates(&app.db)
        .await
        .expect("candidates")
        .into_iter()
        .filter_map(|c| Some((c.patient_id, c.infused_on.as_deref().and_then(iso)?)))
        .collect();
    World {
        app,
        settings: Settings {
            k: 5,
            centre_allowed: false,
            lifetime_seconds: 3600,
        },
        infused,
        work: tempfile::tempdir().expect("temporary folder"),
    }
}

pub fn iso(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

pub const ALL_FILES: [File; 6] = [
    File::Patients,
    File::Csv(app::domain::research::Dataset::Scores),
    File::Csv(app::domain::research::Dataset::Items),
    File::Csv(app::domain::research::Dataset::Diary),
    File::Csv(app::domain::research::Dataset::Flags),
    File::Csv(app::domain::research::Dataset::Journeys),
];

/// Makes an export as the export page does, then reads the files asked for.
pub async fn export(
    w: &World,
    form: app::domain::research::ExportForm,
    files: &[File],
    earlier_by_days: i64,
) -> Result<Got, ExportError> {
    let db = &w.app.db;
    let request = app::domain::research::parse(&form).expect("a well-formed request");
    let created = cohort::create(
        db,
        w.settings,
        &request,
        None,
        Entry::new("research.export_created", "attack"),
    )
    .await?;
    if earlier_by_days > 0 {
        // An export made that many days ago: its snapshot holds only what was there then.
        sqlx::query("UPDATE research_exports SET snapshot_at = snapshot_at - $1 WHERE id = $2")
            .bind(earlier_by_days * 86_400)
            .bind(created.id)
            .execute(&db.pool)
            .await
            .expect("backdate");
    }
    let stored = research_exports::by_token(db, &created.token)
        .await?
        .expect("the export just made");
    let mut tables = BTreeMap::new();
    for file in files {
        let path = w.work.path().join(format!("{}-{}", created.id, file.name()));
        let mut sink = tokio::fs::File::create(&path).await.expect("file");
        run::write(
            db,
            &stored,
            Packaging::Single(*file),
            &mut sink,
            Entry::new("research.export_written", "attack"),
        )
        .await?;
        tokio::io::AsyncWriteExt::flush(&mut sink).await.expect("flush");
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        tables.insert(file.name(), Table::parse(&text));
    }
    let truth = research_exports::members(db, created.id)
        .await?
        .into_iter()
        .map(|m| (m.research_id, m.patient_id))
        .collect();
    let snapshot = chrono::DateTime::from_timestamp(stored.snapshot_at, 0)
        .expect("snapshot time")
        .date_naive();
    Ok(Got {
        tables,
        truth,
        snapshot,
        summary: created.summary,
    })
}

pub fn form(
    datasets: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    project: &str,
) -> app::domain::research::ExportForm {
    app::domain::research::ExportForm {
        datasets: datasets.split(',').map(str::to_string).collect(),
        formats: vec!["csv".into()],
        infused_from: from.map(|d| d.to_string()).unwrap_or_default(),
        infused_to: to.map(|d| d.to_string()).unwrap_or_default(),
        project: project.into(),
        ..Default::default()
    }
}
