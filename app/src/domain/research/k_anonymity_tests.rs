use super::*;
use crate::domain::research::{bands::Period, Anchor};
use proptest::prelude::*;
use std::collections::HashMap;

fn quasi(age: u32, sex: &str, product: &str, country: &str, centre: &str) -> Quasi {
    Quasi {
        age: Some(age),
        sex: sex.into(),
        product: product.into(),
        country: country.into(),
        centre: centre.into(),
        region: super::regions::region_of(country).into(),
        anchor: Anchor::Infusion,
        anchor_on: crate::domain::validation::iso_date("2026-02-10"),
    }
}

#[test]
fn groups_of_k_are_released_as_they_are() {
    let records: Vec<Quasi> = (0..5)
        .map(|i| quasi(40 + i, "female", "axi-cel", "BE", "Leuven"))
        .collect();
    let cohort = anonymise(&records, 5, true);
    assert_eq!(cohort.summary.suppressed, 0);
    assert_eq!(cohort.summary.generalised, 0);
    let release = cohort.releases[0].clone().unwrap();
    assert_eq!(release.place.centre(), Some("Leuven"));
    assert_eq!(release.age_band.label(), "40-49");
}

#[test]
fn a_small_centre_is_widened_to_its_country_and_then_region() {
    let mut records: Vec<Quasi> = (0..3).map(|_| quasi(45, "male", "axi-cel", "BE", "Leuven")).collect();
    records.extend((0..2).map(|_| quasi(47, "male", "axi-cel", "BE", "Gent")));
    // Three in the Netherlands join the Belgians only at the region step.
    records.extend((0..3).map(|_| quasi(41, "male", "axi-cel", "NL", "Utrecht")));
    let by_country = anonymise(&records[..5], 5, true);
    assert_eq!(by_country.summary.generalised, 5);
    assert!(by_country.releases.iter().all(|r| r.as_ref().unwrap().place
        == Place::Country {
            country: "BE".into(),
            region: "western-europe".into()
        }));
    let by_region = anonymise(&records, 5, true);
    assert_eq!(
        by_region.summary.suppressed, 3,
        "the three Dutch patients, alone in their country"
    );
    let with_k4 = anonymise(&records, 4, false);
    assert_eq!(with_k4.summary.suppressed, 3);
    let with_k3 = anonymise(&records, 3, false);
    assert_eq!((with_k3.summary.suppressed, with_k3.summary.generalised), (0, 0));
}

#[test]
fn the_age_band_widens_last_and_the_rest_is_suppressed() {
    let mut records: Vec<Quasi> = (0..3).map(|_| quasi(42, "female", "ide-cel", "FR", "Lille")).collect();
    records.extend((0..2).map(|_| quasi(55, "female", "ide-cel", "DE", "Köln")));
    records.push(quasi(71, "female", "ide-cel", "DE", "Köln"));
    let cohort = anonymise(&records, 5, false);
    assert_eq!(cohort.summary.suppressed, 1);
    assert_eq!(cohort.summary.generalised, 5);
    let release = cohort.releases[0].clone().unwrap();
    assert_eq!(
        (release.age_band.label(), release.place.region()),
        ("40-59".into(), "western-europe")
    );
    assert!(cohort.releases[5].is_none());
}

#[test]
fn without_permission_the_centre_never_appears() {
    let records: Vec<Quasi> = (0..10)
        .map(|_| quasi(60, "male", "cilta-cel", "BE", "Leuven"))
        .collect();
    let cohort = anonymise(&records, 5, false);
    assert!(cohort.releases.iter().flatten().all(|r| r.place.centre().is_none()));
    assert_eq!(cohort.summary.generalised, 0, "country is the finest level allowed");
}

fn record() -> impl Strategy<Value = Quasi> {
    (
        prop::option::weighted(0.95, 0u32..105),
        prop::sample::select(vec!["female", "male", "other", "unknown"]),
        prop::sample::select(vec!["axi-cel", "tisa-cel", "ide-cel"]),
        0usize..8,
        prop::option::weighted(0.95, 0u32..800),
        any::<bool>(),
    )
        .prop_map(|(age, sex, product, centre, day, infused)| {
            const CENTRES: [(&str, &str); 8] = [
                ("Leuven", "BE"),
                ("Gent", "BE"),
                ("Utrecht", "NL"),
                ("Lille", "FR"),
                ("Köln", "DE"),
                ("Madrid", "ES"),
                ("Boston", "US"),
                ("Nowhere", "ZZ"),
            ];
            Quasi {
                age,
                sex: sex.into(),
                product: product.into(),
                country: CENTRES[centre].1.into(),
                centre: CENTRES[centre].0.into(),
                region: super::regions::region_of(CENTRES[centre].1).into(),
                anchor: if infused { Anchor::Infusion } else { Anchor::Apheresis },
                anchor_on: day.and_then(|d| {
                    chrono::NaiveDate::from_ymd_opt(2025, 1, 1)?.checked_add_days(chrono::Days::new(d.into()))
                }),
            }
        })
}

fn generalises(release: &Release, q: &Quasi) -> bool {
    let place_fits = match &release.place {
        Place::Centre {
            centre,
            country,
            region,
        } => centre == &q.centre && country == &q.country && region == &q.region,
        Place::Country { country, region } => country == &q.country && region == &q.region,
        Place::Region(region) => region == &q.region,
    };
    let quarter = Period::quarter_of(q.anchor_on);
    let period_fits = [quarter, quarter.widened(), Period::Any].contains(&release.period);
    place_fits
        && period_fits
        && release.anchor == q.anchor.as_str()
        && release.age_band.holds(q.age)
        && release.sex == q.sex
        && release.product == q.product
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn k_holds_in_every_output(records in prop::collection::vec(record(), 0..300), k in 1usize..12, centre_allowed: bool) {
        let cohort = anonymise(&records, k, centre_allowed);
        let mut sizes: HashMap<&Release, usize> = HashMap::new();
        for release in cohort.releases.iter().flatten() {
            *sizes.entry(release).or_default() += 1;
        }
        for (release, size) in &sizes {
            prop_assert!(*size >= k, "{release:?} has {size} < {k}");
        }
        let s = &cohort.summary;
        prop_assert_eq!(s.released + s.suppressed, records.len());
        prop_assert_eq!(cohort.releases.iter().flatten().count(), s.released);
        prop_assert_eq!(s.groups, sizes.len());
        prop_assert!(s.generalised <= s.released);
        if s.released > 0 {
            prop_assert!(s.smallest_group.unwrap_or(0) >= k);
        }
    }

    #[test]
    fn releases_only_ever_coarsen_the_truth(records in prop::collection::vec(record(), 0..200), k in 1usize..8, centre_allowed: bool) {
        let cohort = anonymise(&records, k, centre_allowed);
        for (q, release) in records.iter().zip(&cohort.releases) {
            if let Some(release) = release {
                prop_assert!(generalises(release, q), "{release:?} does not hold {q:?}");
                prop_assert!(centre_allowed || release.place.centre().is_none());
            }
        }
    }

    #[test]
    fn groups_already_k_large_are_left_alone(records in prop::collection::vec(record(), 0..200), k in 1usize..8, centre_allowed: bool) {
        let cohort = anonymise(&records, k, centre_allowed);
        let finest = |q: &Quasi| (AgeBand::ten_years(q.age), q.sex.clone(), q.product.clone(), if centre_allowed { q.centre.clone() } else { q.country.clone() }, q.anchor, Period::quarter_of(q.anchor_on));
        let mut sizes: HashMap<_, usize> = HashMap::new();
        for q in &records {
            *sizes.entry(finest(q)).or_default() += 1;
        }
        for (q, release) in records.iter().zip(&cohort.releases) {
            if sizes[&finest(q)] >= k {
                let release = release.as_ref();
                prop_assert!(release.is_some());
                let place = &release.unwrap().place;
                prop_assert_eq!(place.centre().is_some(), centre_allowed);
                prop_assert!(place.country().is_some());
            }
        }
    }
}
