//! Exports from the command line, for batch jobs: the same cohort, anonymisation, audit and
//! files as the export page, written to a zip, one file, or a folder of files. Each file is
//! written beside its final name and renamed only once whole, so an export cut off halfway
//! never leaves a file that looks complete.
use super::{
    cohort::{self, Created},
    files::File,
    pseudonym,
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
    #[arg(long = "dataset", required = true, value_delimiter = ',')]
    pub datasets: Vec<String>,
    /// Formats: csv, fhir-ndjson.
    #[arg(long = "format", default_value = "csv", value_delimiter = ',')]
    pub formats: Vec<String>,
    /// Only this product (its id, as in the journeys catalogue).
    #[arg(long, default_value = "")]
    pub product: String,
    /// Only patients infused on or after this day (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    pub infused_from: String,
    /// Only patients infused on or before this day (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    pub infused_to: String,
    /// Only this centre (its id); needs VTV_RESEARCH_ALLOW_CENTRE.
    #[arg(long, default_value = "")]
    pub centre: String,
    /// The study project whose key makes its exports linkable (see `research-project`).
    #[arg(long, default_value = "")]
    pub project: String,
    /// Where to write: a path ending in .zip for one zip; with --file, that one file;
    /// otherwise a folder, which gets every file.
    #[arg(long)]
    pub out: PathBuf,
    /// Write only this file of the export (e.g. items.csv).
    #[arg(long)]
    pub file: Option<String>,
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
        other => format!("--{}", other.replace('_', "-")),
    }
}

fn failed(error: ExportError) -> CommandError {
    CommandError::Export(explain(&error))
}

/// Creates the export and writes it out; answers a summary for the operator.
pub async fn export(db: &Db, settings: Settings, args: &ExportArgs) -> Result<String, CommandError> {
    let form = ExportForm {
        datasets: args.datasets.clone(),
        formats: args.formats.clone(),
        product: args.product.clone(),
        infused_from: args.infused_from.clone(),
        infused_to: args.infused_to.clone(),
        centre: args.centre.clone(),
        project: args.project.clone(),
    };
    let request = parse(&form).map_err(|problems| failed(ExportError::Invalid(problems)))?;
    let single = match &args.file {
        Some(name) => Some(
            File::all_of(&request)
                .into_iter()
                .find(|f| f.name() == name.as_str())
                .ok_or_else(|| failed(ExportError::NoSuchFile(name.clone())))?,
        ),
        None => None,
    };
    let created = cohort::create(db, settings, &request, None, entry("research.export_created"))
        .await
        .map_err(failed)?;
    let stored = research_exports::by_token(db, &created.token)
        .await
        .map_err(|e| failed(e.into()))?
        .ok_or_else(|| failed(ExportError::NotFound))?;
    let mut written = Vec::new();
    if let Some(file) = single {
        written.extend(write_file(db, &stored, Packaging::Single(file), &args.out).await?);
    } else if args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        written.extend(write_file(db, &stored, Packaging::Zip, &args.out).await?);
    } else {
        written.extend(write_folder(db, &stored, &File::all_of(&request), &args.out).await?);
    }
    Ok(report(&created, &written))
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

fn report(created: &Created, written: &[(String, u64)]) -> String {
    let s = &created.summary.anonymisation;
    let c = &created.summary;
    let mut lines = vec![
        format!(
            "Export {}: {} patients released of {} consented and anchored (k = {}); {} consented but not yet through apheresis.",
            created.id, s.released, s.patients, s.k, c.not_anchored
        ),
        format!(
            "  generalised: {} patients ({} responses, {} flags); suppressed: {} patients ({} responses, {} flags)",
            s.generalised, c.responses_generalised, c.flags_generalised, s.suppressed, c.responses_suppressed, c.flags_suppressed
        ),
    ];
    lines.extend(written.iter().map(|(name, rows)| format!("  {name}: {rows} rows")));
    lines.join("\n")
}

/// Creates a study project with a fresh key; its exports share research ids.
pub async fn create_project(db: &Db, name: &str) -> Result<String, CommandError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > app::domain::research::request::PROJECT_NAME_MAX {
        return Err(CommandError::Export(
            "--name: give the project a name of 1 to 80 characters".into(),
        ));
    }
    if research::project(db, name)
        .await
        .map_err(|e| failed(e.into()))?
        .is_some()
    {
        return Err(CommandError::Export(format!("a project named '{name}' already exists")));
    }
    research::create_project(db, name, &pseudonym::new_key(), None)
        .await
        .map_err(|e| failed(e.into()))?;
    Ok(format!(
        "Project '{name}' created: exports made with --project '{name}' share research ids."
    ))
}
