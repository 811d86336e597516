//! The aggregate export from the command line: `aggregate --project NAME --epsilon 0.5
//! --out table.csv`. The table holds only noisy counts and means; it says nothing of any
//! one patient beyond what epsilon allows, so it may be released openly.
use super::{
    aggregate::{self, Released},
    command::{explain, CommandError},
    csv,
};
use crate::storage::{audit::Entry, research, Db};
use app::domain::research::aggregates::ScaleRange;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct AggregateArgs {
    /// The approved study project (its name).
    #[arg(long)]
    pub project: String,
    /// The privacy budget this table spends (epsilon; unit: one patient).
    #[arg(long)]
    pub epsilon: f64,
    /// The CSV file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Only these scales (`phq-9/total`; repeat, or separate with commas): fewer scales,
    /// less noise on each. Chosen before seeing the data; none for all.
    #[arg(long = "scale", value_delimiter = ',')]
    pub scales: Vec<String>,
}

/// The questionnaires' scales with the range of their totals (their bands cover it); a
/// scale of several versions spans all of theirs.
pub fn scale_ranges(questionnaires: &[app::domain::checkins::Questionnaire]) -> Vec<ScaleRange> {
    let mut out: Vec<ScaleRange> = Vec::new();
    for q in questionnaires {
        for scale in &q.scales {
            let (Some(first), Some(last)) = (scale.bands.first(), scale.bands.last()) else {
                continue;
            };
            let name = format!("{}/{}", q.short_name(), scale.id);
            match out.iter_mut().find(|s| s.scale == name) {
                Some(known) => {
                    known.min = known.min.min(first.min);
                    known.max = known.max.max(last.max);
                }
                None => out.push(ScaleRange {
                    scale: name,
                    min: first.min,
                    max: last.max,
                }),
            }
        }
    }
    out
}

fn table(released: &Released) -> Vec<u8> {
    let mut text = Vec::new();
    csv::record(&mut text, ["timepoint", "product", "region", "scale", "count", "mean"]);
    for row in &released.rows {
        let count = row.count.to_string();
        let mean = row.mean.map(|m| format!("{m:.1}")).unwrap_or_default();
        let c = &row.cell;
        csv::record(
            &mut text,
            [c.timepoint.as_str(), &c.product, &c.region, &c.scale, &count, &mean],
        );
    }
    text
}

pub async fn run(db: &Db, products: &BTreeSet<String>, args: &AggregateArgs) -> Result<String, CommandError> {
    let project_id = research::project(db, args.project.trim())
        .await
        .map_err(|e| CommandError::Export(e.to_string()))?
        .map(|(id, _)| id)
        .ok_or_else(|| CommandError::Export(format!("--project: no approved project is named '{}'", args.project)))?;
    // Imported questionnaires' scales too (a centre's own instrument is counted like PHQ-9).
    let known = super::instruments::every_definition(db)
        .await
        .map_err(|e| CommandError::Export(explain(&e)))?;
    let mut scales = scale_ranges(&known);
    if !args.scales.is_empty() {
        scales.retain(|s| args.scales.contains(&s.scale));
        if scales.len() != args.scales.len() {
            return Err(CommandError::Export(
                "--scale: not a scale of the catalogue (questionnaire/scale)".into(),
            ));
        }
    }
    let released = aggregate::create(
        db,
        project_id,
        args.epsilon,
        &scales,
        products,
        Entry::new("research.aggregate_created", "command line"),
    )
    .await
    .map_err(|e| CommandError::Export(explain(&e)))?;
    std::fs::write(&args.out, table(&released)).map_err(|source| CommandError::Write {
        path: args.out.display().to_string(),
        source,
    })?;
    Ok(format!(
        "{} cells written to {}: differential privacy, epsilon = {} (unit: one patient), {:.3} left of the project's budget. Mechanism: OpenDP 0.16.0 discrete Laplace (make_laplace.tex).",
        released.rows.len(),
        args.out.display(),
        released.epsilon,
        released.budget_left
    ))
}
