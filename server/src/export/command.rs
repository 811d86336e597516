//! Exports from the command line, for batch jobs: the same cohort, anonymisation, audit and
//! files as the export page, written to a zip, one file, or a folder of files. Each file is
//! written beside its final name and renamed only once whole, so an export cut off halfway
//! never leaves a file that looks complete.
use super::{
    cohort::{self, CohortSummary},
    files::File,
    run::{self, Packaging},
    ExportError, Settings,
};
use crate::storage::{audit::Entry, research, research_exports, Db};
use app::{
    domain::research::{parse, ExportForm},
    feedback::problem_msg,
    i18n::{t, Locale},
};
use std::path::{Path, PathBuf};

/// What to export and where.
#[derive(clap::Args, Debug, Clone)]
pub struct ExportArgs {
    /// Datasets: scores, items, diary, flags, journeys (repeat, or separate with commas).
    #[arg(long = "dataset", required_unless_present = "existing", value_delimiter = ',')]
    pub datasets: Vec<String>,
    /// Formats: csv, fhir-ndjson.
    #[arg(long = "format", default_value = "csv", value_delimiter = ',')]
    pub formats: Vec<String>,
    /// The approved study project to export (its name).
    #[arg(long, required_unless_present = "existing")]
    pub project: Option<String>,
    /// Where to write: a path ending in .zip for one zip; with --file, that one file;
    /// otherwise a folder, which gets every file.
    #[arg(long)]
    pub out: PathBuf,
    /// Write only this file of the export (e.g. items.csv).
    #[arg(long)]
    pub file: Option<String>,
    /// Write the files of an export made earlier (its number, as the first line printed
    /// gives it), within its life, as a download from the export page does, instead of
    /// making a new one: the same cohort and cut, audit-logged again.
    #[arg(long, value_name = "EXPORT", conflicts_with_all = ["datasets", "formats", "project"])]
    pub existing: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Export(String),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error(transparent)]
    Startup(#[from] crate::error::StartupError),
}

/// A researcher-facing explanation of what went wrong, in English (the command line's).
pub fn explain(error: &ExportError) -> String {
    match error {
        ExportError::Invalid(problems) => problems
            .iter()
            .map(|p| format!("{}: {}", flag_of(&p.field), t(Locale::En, problem_msg(p.problem))))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// The command-line flag that sets a field of the export form.
fn flag_of(field: &str) -> String {
    match field {
        "datasets" => "--dataset".into(),
        "formats" => "--format".into(),
        "products" => "--product".into(),
        "ethics_ref" => "--ethics".into(),
        "dua_ref" => "--dua".into(),
        "researchers" => "--researcher".into(),
        "expires_on" => "--expires".into(),
        "epsilon_budget" => "--epsilon-budget".into(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

fn failed(error: ExportError) -> CommandError {
    CommandError::Export(explain(&error))
}

/// Creates the export (or takes the one made earlier) and writes it out; answers a summary
/// for the operator.
pub async fn export(db: &Db, settings: Settings, args: &ExportArgs) -> Result<String, CommandError> {
    let stored = match args.existing {
        Some(id) => research_exports::by_id(db, id)
            .await
            .map_err(|e| failed(e.into()))?
            .ok_or_else(|| CommandError::Export(format!("--existing: there is no export {id}")))?,
        None => create(db, settings, args).await?,
    };
    run::still_open(db, &stored).await.map_err(failed)?;
    let request = run::request_of(&stored).map_err(failed)?;
    let single = match &args.file {
        Some(name) => Some(
            File::all_of(&request)
                .into_iter()
                .find(|f| f.name() == name.as_str())
                .ok_or_else(|| failed(ExportError::NoSuchFile(name.clone())))?,
        ),
        None => None,
    };
    let mut written = Vec::new();
    if let Some(file) = single {
        written.extend(write_file(db, &stored, Packaging::Single(file), &args.out).await?);
    } else if args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        written.extend(write_file(db, &stored, Packaging::Zip, &args.out).await?);
    } else {
        written.extend(write_folder(db, &stored, &File::all_of(&request), &args.out).await?);
    }
    report(&stored, &written)
}

/// Makes a new export of the project, as the export page does.
async fn create(
    db: &Db,
    settings: Settings,
    args: &ExportArgs,
) -> Result<research_exports::StoredExport, CommandError> {
    let name = args.project.as_deref().unwrap_or_default().trim();
    let project_id = research::project(db, name)
        .await
        .map_err(|e| failed(e.into()))?
        .map(|(id, _)| id)
        .ok_or_else(|| CommandError::Export(format!("--project: no approved project is named '{name}'")))?;
    let form = ExportForm {
        datasets: args.datasets.clone(),
        formats: args.formats.clone(),
        project: project_id.to_string(),
    };
    let request = parse(&form).map_err(|problems| failed(ExportError::Invalid(problems)))?;
    // A file that the export would not hold is refused before anything is made.
    if let Some(name) = &args.file {
        if !File::all_of(&request).iter().any(|f| f.name() == name.as_str()) {
            return Err(failed(ExportError::NoSuchFile(name.clone())));
        }
    }
    let created = cohort::create(db, settings, &request, None, entry("research.export_created"))
        .await
        .map_err(failed)?;
    research_exports::by_token(db, &created.token)
        .await
        .map_err(|e| failed(e.into()))?
        .ok_or_else(|| failed(ExportError::NotFound))
}

async fn write_file(
    db: &Db,
    stored: &research_exports::StoredExport,
    packaging: Packaging,
    path: &Path,
) -> Result<Vec<(String, u64)>, CommandError> {
    let write_error = |source| CommandError::Write {
        path: path.display().to_string(),
        source,
    };
    let partial = beside(path);
    let mut sink = tokio::fs::File::create(&partial).await.map_err(write_error)?;
    let outcome = run::write(db, stored, packaging, &mut sink, entry("research.export_written")).await;
    let synced = tokio::io::AsyncWriteExt::flush(&mut sink).await;
    drop(sink);
    match (outcome, synced) {
        (Ok(counts), Ok(())) => {
            tokio::fs::rename(&partial, path).await.map_err(write_error)?;
            Ok(counts.into_iter().collect())
        }
        (Err(error), _) => {
            let _ = tokio::fs::remove_file(&partial).await;
            Err(failed(error))
        }
        (_, Err(error)) => {
            let _ = tokio::fs::remove_file(&partial).await;
            Err(write_error(error))
        }
    }
}

/// Every file into a folder made beside the target and renamed once all are whole; the
/// target must not exist yet, so an earlier export is never mixed with this one.
async fn write_folder(
    db: &Db,
    stored: &research_exports::StoredExport,
    files: &[File],
    path: &Path,
) -> Result<Vec<(String, u64)>, CommandError> {
    let write_error = |source| CommandError::Write {
        path: path.display().to_string(),
        source,
    };
    if tokio::fs::try_exists(path).await.map_err(write_error)? {
        return Err(CommandError::Export(format!(
            "{} already exists: give a new folder, or a path ending in .zip",
            path.display()
        )));
    }
    let partial = beside(path);
    tokio::fs::create_dir_all(&partial).await.map_err(write_error)?;
    let mut written = Vec::new();
    for file in files {
        let outcome = write_file(db, stored, Packaging::Single(*file), &partial.join(file.name())).await;
        match outcome {
            Ok(counts) => written.extend(counts),
            Err(error) => {
                let _ = tokio::fs::remove_dir_all(&partial).await;
                return Err(error);
            }
        }
    }
    tokio::fs::rename(&partial, path).await.map_err(write_error)?;
    Ok(written)
}

/// `name.partial`, beside `name`.
fn beside(path: &Path) -> PathBuf {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    PathBuf::from(partial)
}

fn entry(action: &'static str) -> Entry<'static> {
    Entry::new(action, "command-line")
}

fn report(export: &research_exports::StoredExport, written: &[(String, u64)]) -> Result<String, CommandError> {
    let s: CohortSummary = serde_json::from_str(&export.summary)
        .map_err(|_| failed(ExportError::Data("the export's summary is unreadable".into())))?;
    let mut lines = vec![format!(
        "Export {}: about {} patients (k = {}), data through {}.",
        export.id, s.patients, s.k, s.through_month
    )];
    lines.extend(written.iter().map(|(name, rows)| format!("  {name}: {rows} rows")));
    Ok(lines.join("\n"))
}

/// A study project as the operator approves it from the command line (the data steward's
/// page does the same): its cohort is frozen at once.
#[derive(clap::Args, Debug, Clone)]
pub struct ProjectArgs {
    #[arg(long)]
    pub name: String,
    /// Datasets it may export (repeat, or separate with commas).
    #[arg(long = "dataset", required = true, value_delimiter = ',')]
    pub datasets: Vec<String>,
    /// Only these products (ids); none for all.
    #[arg(long = "product", value_delimiter = ',')]
    pub products: Vec<String>,
    /// Infused from this quarter (2026-Q1), inclusive.
    #[arg(long, default_value = "")]
    pub from_quarter: String,
    /// Infused up to this quarter, inclusive.
    #[arg(long, default_value = "")]
    pub to_quarter: String,
    /// The ethics approval's reference.
    #[arg(long)]
    pub ethics: String,
    /// The data-use agreement's reference.
    #[arg(long)]
    pub dua: String,
    /// Researchers' emails (repeat, or separate with commas); none: only this command line
    /// exports it.
    #[arg(long = "researcher", value_delimiter = ',')]
    pub researchers: Vec<String>,
    /// No exports after this day (YYYY-MM-DD).
    #[arg(long)]
    pub expires: String,
    /// The privacy budget of the project's aggregate tables (epsilon, unit: one patient).
    #[arg(long, default_value_t = 1.0)]
    pub epsilon_budget: f64,
}

/// Approves a study project as the operator.
pub async fn approve_project(db: &Db, settings: Settings, args: &ProjectArgs) -> Result<String, CommandError> {
    let mut researchers = Vec::new();
    for email in &args.researchers {
        let found = crate::storage::accounts::credentials_by_email(db, email.trim())
            .await
            .map_err(|e| failed(e.into()))?;
        let id = found
            .map(|c| c.user_id)
            .ok_or_else(|| CommandError::Export(format!("--researcher: no account has the email {email}")))?;
        researchers.push(id.to_string());
    }
    let form = app::domain::research::project::ProjectForm {
        name: args.name.clone(),
        products: args.products.clone(),
        from_quarter: args.from_quarter.clone(),
        to_quarter: args.to_quarter.clone(),
        centres: Vec::new(),
        datasets: args.datasets.clone(),
        ethics_ref: args.ethics.clone(),
        dua_ref: args.dua.clone(),
        researchers,
        expires_on: args.expires.clone(),
        epsilon_budget: args.epsilon_budget.to_string(),
    };
    let project = app::domain::research::project::parse_project(&form, chrono::Utc::now().date_naive(), false)
        .map_err(|problems| failed(ExportError::Invalid(problems)))?;
    let approved = super::approval::approve(db, settings, &project, None, entry("research.project_approved"))
        .await
        .map_err(failed)?;
    Ok(format!(
        "Project '{}' approved: about {} patients, frozen now; exports with --project '{}' share its research ids; aggregate tables may spend epsilon {} in all.",
        project.name, approved.patients, project.name, args.epsilon_budget
    ))
}
