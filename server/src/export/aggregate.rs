//! The aggregate export for open release (`app::domain::research::aggregates`): each
//! scale's count and mean per timepoint, product and region, with OpenDP's discrete Laplace
//! mechanism on every count and clamped sum. The project's privacy budget (epsilon, unit:
//! one patient) is spent in the database before anything is computed, so instances share
//! it and a failed run costs budget rather than risk an unspent second look.
//!
//! Proofs of the mechanism used, shipped with OpenDP 0.16.0:
//! `src/measurements/noise/distribution/laplace/make_laplace.tex` and
//! `MakeNoise_for_DiscreteLaplace.tex`, `NoisePrivacyMap_for_ZExpFamily1.tex` beside it
//! (PDFs under <https://docs.opendp.org/en/v0.16.0/proofs/rust/src/>). Noise is drawn with
//! OpenSSL's generator (`use-openssl`).
use super::{journeys_csv, time_check, ExportError};
use crate::storage::{audit::Entry, centres, research_exports::MembersOf, research_projects, research_time, Db};
use app::domain::checkins::Score;
use app::domain::research::{
    aggregates::{cells, epsilon_per_query, shown, Cell, Exact, ScaleRange, Scored},
    regions::released_region,
    timepoints::timepoint_by_day,
    Release,
};
use app::domain::validation::{iso_date, FieldProblem, Problem};
use opendp::{
    core::Measurement, domains::AtomDomain, measurements::make_laplace, measures::MaxDivergence,
    metrics::AbsoluteDistance,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One released cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cell: Cell,
    pub count: i64,
    pub mean: Option<f64>,
}

/// What an aggregate export released and spent.
pub struct Released {
    pub rows: Vec<Row>,
    pub epsilon: f64,
    pub budget_left: f64,
}

type Laplace = Measurement<AtomDomain<i64>, AbsoluteDistance<i64>, MaxDivergence, i64>;

fn dp_error(e: opendp::error::Error) -> ExportError {
    ExportError::Data(format!("the privacy mechanism failed: {e}"))
}

/// Discrete Laplace noise calibrated so that a change of `sensitivity` costs at most
/// `epsilon` (checked through OpenDP's own privacy map).
fn mechanism(sensitivity: i64, epsilon: f64) -> Result<Laplace, ExportError> {
    let scale = sensitivity.max(1) as f64 / epsilon;
    let m: Laplace = make_laplace(
        AtomDomain::<i64>::default(),
        AbsoluteDistance::<i64>::default(),
        scale,
        None,
    )
    .map_err(dp_error)?;
    let spent = m.map(&sensitivity.max(1)).map_err(dp_error)?;
    if spent > epsilon * (1.0 + 1e-9) {
        return Err(ExportError::Data(format!(
            "the mechanism would spend {spent}, not {epsilon}"
        )));
    }
    Ok(m)
}

/// Noise on every cell: a count and a clamped sum per cell, each at `epsilon_per_query`.
pub fn noisy(table: &BTreeMap<Cell, Exact>, scales: &[ScaleRange], epsilon: f64) -> Result<Vec<Row>, ExportError> {
    let per_query = epsilon_per_query(epsilon, scales.len());
    let count = mechanism(1, per_query)?;
    let mut sums = HashMap::new();
    for s in scales {
        sums.insert(
            s.scale.as_str(),
            (s, mechanism(s.min.abs().max(s.max.abs()), per_query)?),
        );
    }
    let mut rows = Vec::with_capacity(table.len());
    for (cell, exact) in table {
        let (range, sum) = sums
            .get(cell.scale.as_str())
            .ok_or_else(|| ExportError::Data("a cell of no scale".into()))?;
        let (n, mean) = shown(
            count.invoke(&exact.count).map_err(dp_error)?,
            sum.invoke(&exact.sum).map_err(dp_error)?,
            range,
        );
        rows.push(Row {
            cell: cell.clone(),
            count: n,
            mean,
        });
    }
    Ok(rows)
}

fn invalid(field: &str, problem: Problem) -> ExportError {
    ExportError::Invalid(vec![FieldProblem::new(field, problem)])
}

/// Every scored answer of the project's consenting members, with its timepoint, product
/// and region (as the approval released them).
async fn scored(db: &Db, project_id: i64, snapshot_at: i64) -> Result<Vec<Scored>, ExportError> {
    let members = research_projects::consenting_members(db, project_id).await?;
    let mut anchors = HashMap::new();
    let mut place = HashMap::new();
    for m in &members {
        let anchor_on = iso_date(&m.anchor_on).ok_or_else(|| time_check::unreadable("anchor date"))?;
        anchors.insert(m.patient_id, anchor_on);
        let release: Release = serde_json::from_str(&m.release).map_err(|_| time_check::unreadable("release"))?;
        place.insert(
            m.patient_id,
            (release.product.clone(), release.place.region().to_string()),
        );
    }
    let milestones = research_time::milestones(db, MembersOf::Project, project_id, snapshot_at).await?;
    let changes = research_time::journey_changes(db, MembersOf::Project, project_id, snapshot_at).await?;
    let journeys = journeys_csv::facts(&milestones, &changes, &anchors, journeys_csv::cut_day(snapshot_at))?;
    let anchoring = time_check::anchorings(&members, &anchors, &journeys)?;
    let mut out = Vec::new();
    for (patient, questionnaire, at, json) in research_time::scores(db, project_id, snapshot_at).await? {
        let (Some(a), Some((product, region))) = (anchoring.get(&patient), place.get(&patient)) else {
            continue;
        };
        let day = time_check::day_of(at, a).ok_or_else(|| time_check::unreadable("answer time"))?;
        let scores: Vec<Score> = serde_json::from_str(&json).map_err(|_| time_check::unreadable("score"))?;
        for s in scores {
            let Some(total) = s.total else { continue };
            out.push(Scored {
                patient,
                product: product.clone(),
                region: region.clone(),
                timepoint: timepoint_by_day(a.infusion_day.map(|i| day - i)),
                scale: format!("{questionnaire}/{}", s.scale),
                total,
            });
        }
    }
    Ok(out)
}

/// Makes an aggregate export of an approved project, spending `epsilon` of its budget.
/// `scales` and `products` are the catalogue's: public lists, whatever the data hold.
pub async fn create(
    db: &Db,
    project_id: i64,
    epsilon: f64,
    scales: &[ScaleRange],
    products: &BTreeSet<String>,
    audit: Entry<'_>,
) -> Result<Released, ExportError> {
    if !(epsilon.is_finite() && epsilon > 0.0 && epsilon <= 10.0) {
        return Err(invalid("epsilon", Problem::ChoiceInvalid));
    }
    let project = research_projects::for_export(db, project_id)
        .await?
        .ok_or_else(|| invalid("project", Problem::ChoiceInvalid))?;
    if iso_date(&project.expires_on).is_none_or(|end| end < chrono::Utc::now().date_naive()) {
        return Err(invalid("project", Problem::ProjectExpired));
    }
    if !research_projects::spend_epsilon(db, project_id, epsilon).await? {
        return Err(invalid("epsilon", Problem::BudgetSpent));
    }
    let (budget, spent) = research_projects::epsilon(db, project_id).await?.unwrap_or_default();
    crate::storage::audit::record(
        db,
        audit.subject(
            format!("research_aggregate project={project_id} epsilon={epsilon} spent={spent} of {budget}").as_str(),
        ),
    )
    .await?;
    let deployed = centres::deployed_countries(db).await?;
    let regions: BTreeSet<String> = deployed
        .iter()
        .map(|c| released_region(c, &deployed).to_string())
        .collect();
    let (snapshot_at, _) = super::cohort::month_cut(crate::storage::now());
    let data = scored(db, project_id, snapshot_at).await?;
    let rows = noisy(&cells(&data, scales, products, &regions), scales, epsilon)?;
    Ok(Released {
        rows,
        epsilon,
        budget_left: (budget - spent).max(0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_calibrated_to_epsilon_and_drawn_afresh() {
        let range = ScaleRange {
            scale: "phq-9/total".into(),
            min: 0,
            max: 27,
        };
        let cell = |n: usize| Cell {
            timepoint: "D28".into(),
            product: format!("p{n}"),
            region: "europe".into(),
            scale: range.scale.clone(),
        };
        let table: BTreeMap<Cell, Exact> = (0..200).map(|n| (cell(n), Exact { count: 1000, sum: 9000 })).collect();
        // Generous epsilon: 12 queries a patient can touch, 50/12 each; count noise scale 0.24.
        let sharp = noisy(&table, std::slice::from_ref(&range), 50.0).expect("noise");
        assert!(sharp.iter().all(|r| (r.count - 1000).abs() <= 10), "{:?}", &sharp[..3]);
        assert!(sharp.iter().all(|r| r.mean.is_some_and(|m| (m - 9.0).abs() < 1.0)));
        // Small epsilon: scale 1.2/0.1 = 120 on counts; the noise shows, and differs each time.
        let blurred = noisy(&table, std::slice::from_ref(&range), 0.1).expect("noise");
        let off: i64 = blurred.iter().map(|r| (r.count - 1000).abs()).sum();
        assert!(off / 200 > 20, "mean absolute error {}", off / 200);
        let again = noisy(&table, std::slice::from_ref(&range), 0.1).expect("noise");
        assert_ne!(blurred, again);
    }
}
