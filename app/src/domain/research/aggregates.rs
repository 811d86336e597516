//! The aggregate export for open release: each scale's count and mean score per timepoint,
//! product and region, protected by differential privacy. Pure: what each patient may
//! contribute, the cells, how the budget is split, and what is shown; the noise itself is
//! OpenDP's (`server/src/export/aggregate.rs`).
//!
//! - **Unit of privacy: one patient.** Each patient adds at most one value to each slot
//!   (a timepoint and a scale): their first answer there. Their product and region are
//!   fixed, so each slot puts them in one cell.
//! - **Every cell is released**, empty or not, from public lists (the timepoints below, the
//!   catalogue's scales, the deployment's products and regions): which cells exist says
//!   nothing.
//! - **Budget.** An aggregate export of ε spends ε/(2·S) on each of the 2·S queries a patient
//!   can touch (a count and a sum in each of S slots); sequential composition bounds the
//!   whole by ε. Counts have sensitivity 1; sums, the scale's largest total (values clamped
//!   to the scale's range).
//! - **Shown:** the noisy count, and the noisy mean (noisy sum over noisy count) only where
//!   the noisy count reaches `SHOWN_FROM`: post-processing, free of budget.
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The timepoints aggregated: those of the follow-up visits (`timepoints::timepoint`).
pub const TIMEPOINTS: [&str; 6] = ["baseline", "acute", "D28", "D100", "D180", "D365"];

/// A mean is shown only where the noisy count is at least this.
pub const SHOWN_FROM: i64 = 10;

/// A scale and the range of its totals, from the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleRange {
    pub scale: String,
    pub min: i64,
    pub max: i64,
}

/// One scored answer of one patient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scored {
    pub patient: i64,
    pub product: String,
    pub region: String,
    pub timepoint: String,
    pub scale: String,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cell {
    pub timepoint: String,
    pub product: String,
    pub region: String,
    pub scale: String,
}

/// The true count and clamped sum of a cell, before noise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exact {
    pub count: i64,
    pub sum: i64,
}

/// Every cell of the public lists, with what the patients contribute: at most one value per
/// patient per slot (their first, in the order given), clamped to the scale's range. Answers
/// of scales, timepoints, products or regions outside the lists are left out.
pub fn cells(
    scored: &[Scored],
    scales: &[ScaleRange],
    products: &BTreeSet<String>,
    regions: &BTreeSet<String>,
) -> BTreeMap<Cell, Exact> {
    let mut out = BTreeMap::new();
    for timepoint in TIMEPOINTS {
        for product in products {
            for region in regions {
                for s in scales {
                    out.insert(
                        Cell {
                            timepoint: timepoint.into(),
                            product: product.clone(),
                            region: region.clone(),
                            scale: s.scale.clone(),
                        },
                        Exact::default(),
                    );
                }
            }
        }
    }
    let mut seen: BTreeSet<(i64, &str, &str)> = BTreeSet::new();
    for a in scored {
        let Some(range) = scales.iter().find(|s| s.scale == a.scale) else {
            continue;
        };
        let cell = Cell {
            timepoint: a.timepoint.clone(),
            product: a.product.clone(),
            region: a.region.clone(),
            scale: a.scale.clone(),
        };
        let Some(exact) = out.get_mut(&cell) else { continue };
        if !seen.insert((a.patient, &a.timepoint, &a.scale)) {
            continue;
        }
        exact.count += 1;
        exact.sum += a.total.clamp(range.min, range.max);
    }
    out
}

/// The ε each query gets when an export of `epsilon` covers these scales.
pub fn epsilon_per_query(epsilon: f64, scales: usize) -> f64 {
    let queries = 2 * TIMEPOINTS.len() * scales.max(1);
    epsilon / queries as f64
}

/// What a cell shows: the noisy count (not below 0), and the noisy mean, within the scale's
/// range, where that count reaches `SHOWN_FROM` (rounded to one decimal).
pub fn shown(noisy_count: i64, noisy_sum: i64, range: &ScaleRange) -> (i64, Option<f64>) {
    let count = noisy_count.max(0);
    let mean = (count >= SHOWN_FROM).then(|| {
        let mean = (noisy_sum as f64 / count as f64).clamp(range.min as f64, range.max as f64);
        (mean * 10.0).round() / 10.0
    });
    (count, mean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(patient: i64, timepoint: &str, total: i64) -> Scored {
        Scored {
            patient,
            product: "axi-cel".into(),
            region: "western-europe".into(),
            timepoint: timepoint.into(),
            scale: "phq-9".into(),
            total,
        }
    }

    fn lists() -> (Vec<ScaleRange>, BTreeSet<String>, BTreeSet<String>) {
        (
            vec![ScaleRange {
                scale: "phq-9".into(),
                min: 0,
                max: 27,
            }],
            BTreeSet::from(["axi-cel".to_string(), "cilta-cel".to_string()]),
            BTreeSet::from(["western-europe".to_string()]),
        )
    }

    #[test]
    fn one_value_per_patient_per_slot_clamped_to_the_scale() {
        let (scales, products, regions) = lists();
        let data = [
            scored(1, "D28", 10),
            scored(1, "D28", 27),
            scored(2, "D28", 99),
            scored(1, "D100", 5),
        ];
        let table = cells(&data, &scales, &products, &regions);
        let at = |tp: &str| {
            table[&Cell {
                timepoint: tp.into(),
                product: "axi-cel".into(),
                region: "western-europe".into(),
                scale: "phq-9".into(),
            }]
        };
        assert_eq!(at("D28"), Exact { count: 2, sum: 10 + 27 });
        assert_eq!(at("D100"), Exact { count: 1, sum: 5 });
    }

    #[test]
    fn every_cell_of_the_public_lists_is_there_and_nothing_else() {
        let (scales, products, regions) = lists();
        let mut outside = scored(3, "D28", 4);
        outside.region = "nowhere".into();
        let table = cells(&[outside], &scales, &products, &regions);
        assert_eq!(table.len(), TIMEPOINTS.len() * 2);
        assert!(table.values().all(|e| *e == Exact::default()));
    }

    #[test]
    fn the_budget_is_split_over_every_query_a_patient_touches() {
        assert!((epsilon_per_query(1.2, 1) - 0.1).abs() < 1e-12);
        assert!((epsilon_per_query(1.2, 2) - 0.05).abs() < 1e-12);
    }

    #[test]
    fn a_mean_is_shown_only_from_enough_noisy_answers() {
        let range = ScaleRange {
            scale: "phq-9/total".into(),
            min: 0,
            max: 27,
        };
        assert_eq!(shown(9, 90, &range), (9, None));
        assert_eq!(shown(10, 95, &range), (10, Some(9.5)));
        assert_eq!(shown(-3, 4, &range), (0, None));
        assert_eq!(
            shown(10, -40, &range),
            (10, Some(0.0)),
            "a noisy mean stays in the range"
        );
    }
}
