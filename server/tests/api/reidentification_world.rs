//! The researcher's side of the re-identification attacks: 1 000 synthetic patients, exports
//! made with the export functions the page and the command line use, their files read back as
//! tables, and the truth behind them (which research id is which patient) to judge with.
use crate::helpers::*;
use crate::reidentification::Table;
use app::domain::research::{
    project::{Project, Quarter},
    Dataset, ExportForm,
};
use chrono::NaiveDate;
use server::export::approval;
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
use std::collections::{BTreeMap, BTreeSet};

/// One export as the researcher has it, and the truth behind it.
pub struct Got {
    pub tables: BTreeMap<&'static str, Table>,
    /// Research id → patient id.
    pub truth: BTreeMap<String, i64>,
    pub snapshot: NaiveDate,
    /// What the export said of its cohort.
    pub summary: cohort::CohortSummary,
}

pub struct World {
    pub app: TestApp,
    pub settings: Settings,
    /// Patient id → true infusion date (local, at the centre), for the infused.
    pub infused: BTreeMap<i64, NaiveDate>,
    /// The products of the candidates.
    pub products: BTreeSet<String>,
    pub work: tempfile::TempDir,
}

pub async fn world(kind: Kind, patients: usize) -> World {
    let app = spawn(kind).await;
    let journeys = server::journeys::load(None).expect("catalogue");
    let checkins = CheckinCatalogue::builtin().expect("check-ins");
    let options = Options {
        patients,
        responses_per_patient: 12,
        lowest_adherence: 0.6,
        seed: 17,
    };
    let seeded = synthetic::seed(&app.db, &journeys, &checkins, &options)
        .await
        .expect("seeded");
    eprintln!("seeded {} patients, {} deceased", seeded.patients, seeded.deceased);
    let candidates = research::candidates(&app.db).await.expect("candidates");
    let products = candidates.iter().map(|c| c.product_id.clone()).collect();
    let infused = candidates
        .into_iter()
        .filter_map(|c| Some((c.patient_id, c.infused_on.as_deref().and_then(iso)?)))
        .collect();
    World {
        app,
        settings: Settings {
            k: 5,
            centre_allowed: false,
            lifetime_seconds: 3600,
            // The attacker makes hundreds of exports; the daily limit is another test's.
            exports_per_day: 100_000,
        },
        infused,
        products,
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

/// Approves a project as the steward does: every product, infused within the quarters
/// given (none: any time), every dataset. Answers its id, or the refusal.
pub async fn approve(w: &World, name: &str, quarters: Option<(Quarter, Quarter)>) -> Result<i64, ExportError> {
    approve_products(w, name, quarters, BTreeSet::new()).await
}

/// As `approve`, of the products given only (none: every product).
pub async fn approve_products(
    w: &World,
    name: &str,
    quarters: Option<(Quarter, Quarter)>,
    products: BTreeSet<String>,
) -> Result<i64, ExportError> {
    let project = Project {
        name: name.to_string(),
        products,
        from: quarters.map(|q| q.0),
        to: quarters.map(|q| q.1),
        centres: BTreeSet::new(),
        datasets: Dataset::ALL.into_iter().collect(),
        ethics_ref: "EC".into(),
        dua_ref: "DUA".into(),
        researchers: BTreeSet::new(),
        expires_on: chrono::Utc::now().date_naive() + chrono::Days::new(365),
        epsilon_thousandths: 1000,
    };
    approval::approve(
        &w.app.db,
        w.settings,
        &project,
        None,
        Entry::new("research.project_approved", "attack"),
    )
    .await
    .map(|a| a.id)
}

/// An export of every dataset of the project, as CSV.
pub fn every_dataset(project_id: i64) -> app::domain::research::ExportRequest {
    let form = ExportForm {
        datasets: Dataset::ALL.iter().map(|d| d.as_str().to_string()).collect(),
        formats: vec!["csv".into()],
        project: project_id.to_string(),
    };
    app::domain::research::parse(&form).expect("a well-formed request")
}

/// Makes an export of a project as the command line does (any project), then reads the
/// files asked for; `earlier_by_days` moves its cut that far back, as if made then.
pub async fn export(w: &World, project_id: i64, files: &[File], earlier_by_days: i64) -> Result<Got, ExportError> {
    let db = &w.app.db;
    let request = every_dataset(project_id);
    let created = cohort::create(
        db,
        w.settings,
        &request,
        None,
        Entry::new("research.export_created", "attack"),
    )
    .await?;
    eprintln!("export {}: {:?}", created.id, created.summary);
    if earlier_by_days > 0 {
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
