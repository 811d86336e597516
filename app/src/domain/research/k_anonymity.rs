//! k-anonymity on the quasi-identifiers (age band, sex, product, place, what the patient is
//! anchored on and the period of that day). Every combination that leaves in an export is
//! shared by at least k patients. Groups smaller than k are widened one step at a time
//! (centre to country, country to region, quarter to year, ten-year to twenty-year age band,
//! year to no period), each step only for the patients still short; whoever is still short
//! after the last step is left out of the export entirely (suppressed). What the rows say of
//! time and journeys is checked on top of this, per export (`time_release`).
use super::bands::{AgeBand, Anchor, Period};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A patient's quasi-identifiers as recorded: age on the anchor day, sex and centre from
/// enrolment, product from the treatment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quasi {
    pub age: Option<u32>,
    pub sex: String,
    pub product: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The centre as it may be named in an export (only where the deployment allows it).
    pub centre: String,
    /// The region the country is released as, past the country level
    /// (`regions::released_region`: never a region of one deployed country).
    pub region: String,
    pub anchor: Anchor,
    /// The anchor day: only its period is released.
    pub anchor_on: Option<NaiveDate>,
}

/// Where a patient is treated, as finely as the export shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Place {
    Centre {
        centre: String,
        country: String,
        region: String,
    },
    Country {
        country: String,
        region: String,
    },
    Region(String),
}

impl Place {
    pub fn centre(&self) -> Option<&str> {
        match self {
            Place::Centre { centre, .. } => Some(centre),
            _ => None,
        }
    }

    pub fn country(&self) -> Option<&str> {
        match self {
            Place::Centre { country, .. } | Place::Country { country, .. } => Some(country),
            Place::Region(_) => None,
        }
    }

    pub fn region(&self) -> &str {
        match self {
            Place::Centre { region, .. } | Place::Country { region, .. } | Place::Region(region) => region,
        }
    }
}

/// The quasi-identifiers as released for one patient.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Release {
    pub age_band: AgeBand,
    pub sex: String,
    pub product: String,
    pub place: Place,
    /// Empty in releases made before anchors were checked.
    #[serde(default)]
    pub anchor: String,
    #[serde(default)]
    pub period: Period,
}

impl Release {
    /// The record at the coarsest place and age band (region, 20 years) and no finer than
    /// a year: what an export shows where the patient's time needs room in the k check.
    pub fn coarse(&self) -> Release {
        Release {
            age_band: match self.age_band {
                band @ AgeBand::Years { width: 10, .. } => band.widened(),
                band => band,
            },
            place: Place::Region(self.place.region().to_string()),
            period: self.period.widened(),
            ..self.clone()
        }
    }
}

/// The steps of generalisation, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Centre,
    Country,
    Region,
    RegionYear,
    RegionWiderAge,
    RegionWiderAgeNoPeriod,
}

const STEPS: [Step; 6] = [
    Step::Centre,
    Step::Country,
    Step::Region,
    Step::RegionYear,
    Step::RegionWiderAge,
    Step::RegionWiderAgeNoPeriod,
];

fn release_at(q: &Quasi, step: Step) -> Release {
    let region = q.region.clone();
    let band = AgeBand::ten_years(q.age);
    let quarter = Period::quarter_of(q.anchor_on);
    let period = match step {
        Step::Centre | Step::Country | Step::Region => quarter,
        Step::RegionYear | Step::RegionWiderAge => quarter.widened(),
        Step::RegionWiderAgeNoPeriod => Period::Any,
    };
    let (age_band, place) = match step {
        Step::Centre => (
            band,
            Place::Centre {
                centre: q.centre.clone(),
                country: q.country.clone(),
                region,
            },
        ),
        Step::Country => (
            band,
            Place::Country {
                country: q.country.clone(),
                region,
            },
        ),
        Step::Region | Step::RegionYear => (band, Place::Region(region)),
        Step::RegionWiderAge | Step::RegionWiderAgeNoPeriod => (band.widened(), Place::Region(region)),
    };
    Release {
        age_band,
        sex: q.sex.clone(),
        product: q.product.clone(),
        place,
        anchor: q.anchor.as_str().to_string(),
        period,
    }
}

/// What anonymisation did, for the codebook and the audit log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub k: usize,
    pub centre_allowed: bool,
    pub patients: usize,
    pub released: usize,
    /// Released, but coarser than the finest level allowed.
    pub generalised: usize,
    pub suppressed: usize,
    /// Distinct combinations released, and the size of the smallest (at least k).
    pub groups: usize,
    pub smallest_group: Option<usize>,
}

/// Each patient's release (`None`: suppressed), in the order given, and the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cohort {
    pub releases: Vec<Option<Release>>,
    /// Whether each patient was released coarser than the finest level allowed.
    pub generalised: Vec<bool>,
    pub summary: Summary,
}

/// Anonymises a cohort: `records` are one per patient; `k` below 1 counts as 1.
pub fn anonymise(records: &[Quasi], k: usize, centre_allowed: bool) -> Cohort {
    let k = k.max(1);
    let first = if centre_allowed { Step::Centre } else { Step::Country };
    let mut releases: Vec<Option<Release>> = vec![None; records.len()];
    let mut short: Vec<usize> = (0..records.len()).collect();
    let mut generalised = 0;
    let mut coarser = vec![false; records.len()];
    for step in STEPS.into_iter().filter(|s| *s >= first) {
        let mut groups: BTreeMap<Release, Vec<usize>> = BTreeMap::new();
        for i in short.drain(..) {
            groups.entry(release_at(&records[i], step)).or_default().push(i);
        }
        for (release, members) in groups {
            if members.len() < k {
                short.extend(members);
                continue;
            }
            if step > first {
                generalised += members.len();
            }
            for i in members {
                coarser[i] = step > first;
                releases[i] = Some(release.clone());
            }
        }
    }
    let mut sizes: BTreeMap<&Release, usize> = BTreeMap::new();
    for release in releases.iter().flatten() {
        *sizes.entry(release).or_default() += 1;
    }
    let summary = Summary {
        k,
        centre_allowed,
        patients: records.len(),
        released: records.len() - short.len(),
        generalised,
        suppressed: short.len(),
        groups: sizes.len(),
        smallest_group: sizes.values().copied().min(),
    };
    Cohort {
        releases,
        generalised: coarser,
        summary,
    }
}
