//! Attack: re-identification from research exports, as a motivated researcher runs it on
//! 1 000 synthetic patients with varied journeys (delays, re-manufactures, deaths). Each
//! attack uses only the files an export gives; the ground truth (which research id is which
//! patient, and their true infusion date) comes from the database, to judge the attack.
//!
//! `measure` runs every attack and answers the figures. The full sweep runs outside the test
//! command: `cargo test -p server --test api -- --ignored --nocapture reidentification_full`.
use crate::helpers::*;
use crate::reidentification::*;
use crate::reidentification_world::*;
use app::domain::research::project::Quarter;
use chrono::Datelike;
use server::export::files::File;
use std::collections::{BTreeMap, BTreeSet};

/// What the attacks achieved.
#[derive(Debug, Default)]
pub struct Figures {
    pub approvals_tried: usize,
    pub approvals_refused: usize,
    /// The fewest patients by which two approved cohorts differ (one side), if any do.
    pub smallest_difference: Option<usize>,
    pub month_right: usize,
    pub month_tried: usize,
    pub unique_with_month: Uniqueness,
    pub attributes: Vec<(&'static str, Uniqueness)>,
    pub linked: (usize, usize, usize),
    pub linked_first_three: (usize, usize),
    pub linked_containment: (usize, usize),
    /// How varied the journeys are: treatments, released late, infused late, statuses,
    /// distinct vein-to-vein times.
    pub journeys: (usize, usize, usize, BTreeMap<String, usize>, usize),
}

/// Attack 1: cohorts whose infusion periods differ by as little as the steward's form
/// allows (a quarter), approved one after another; differencing two approved ones gives
/// away whoever is in one and not the other.
async fn differencing_sweep(w: &World, quarters: usize, f: &mut Figures) {
    let periods: BTreeSet<Quarter> = w.infused.values().map(|d| Quarter::of(*d)).collect();
    let Some(&first) = periods.iter().next() else { return };
    let mut approved = Vec::new();
    for (n, &to) in periods.iter().take(quarters).enumerate() {
        f.approvals_tried += 1;
        match approve(w, &format!("sweep {n}"), Some((first, to))).await {
            Ok(id) => approved.push(id),
            Err(_) => f.approvals_refused += 1,
        }
    }
    let cohorts = server::storage::research_projects::released_cohorts(&w.app.db)
        .await
        .expect("cohorts");
    for (i, a) in cohorts.values().enumerate() {
        for b in cohorts.values().skip(i + 1) {
            for d in [a.difference(b).count(), b.difference(a).count()] {
                if d > 0 {
                    f.smallest_difference = Some(f.smallest_difference.map_or(d, |s| s.min(d)));
                }
            }
        }
    }
}

/// Attack 2: the last day of a patient's records, taken from the export date, bounds the
/// infusion date; with the month and the checked attributes, who is alone?
fn redating(w: &World, all: &Got, f: &mut Figures) {
    let t = &all.tables;
    let last = last_day(&[&t["scores.csv"], &t["items.csv"], &t["diary.csv"], &t["flags.csv"]]);
    let patients = &t["patients.csv"];
    let checked = checked_attributes(patients);
    let mut months = BTreeMap::new();
    for row in &patients.rows {
        if patients.get(row, "anchor") != "infusion" {
            continue;
        }
        let id = patients.get(row, "research_id");
        let (Some(day), Some(truth)) = (last.get(id), all.truth.get(id).and_then(|p| w.infused.get(p))) else {
            continue;
        };
        let estimate = all.snapshot - chrono::Days::new(u64::try_from(*day).unwrap_or(0));
        f.month_tried += 1;
        if (estimate.year(), estimate.month()) == (truth.year(), truth.month()) {
            f.month_right += 1;
        }
        months.insert(id.to_string(), format!("{}-{}", estimate.year(), estimate.month()));
    }
    let infused: BTreeMap<String, Vec<String>> =
        checked.into_iter().filter(|(id, _)| months.contains_key(id)).collect();
    f.unique_with_month = with_attribute(&infused, &months, w.settings.k);
}

/// Attack 3: each released attribute beside the checked ones.
fn attributes(w: &World, all: &Got, f: &mut Figures) {
    let t = &all.tables;
    let patients = &t["patients.csv"];
    let checked = checked_attributes(patients);
    let k = w.settings.k;
    let anchored = folded(patients, &["anchor"]);
    let journeys_columns: Vec<&str> = t["journeys.csv"].header.iter().skip(1).map(String::as_str).collect();
    let journeys = folded(&t["journeys.csv"], &journeys_columns);
    let flags: BTreeMap<String, String> = {
        let mut n: BTreeMap<String, usize> = BTreeMap::new();
        for r in &t["flags.csv"].rows {
            *n.entry(t["flags.csv"].get(r, "research_id").to_string()).or_default() += 1;
        }
        n.into_iter().map(|(id, c)| (id, c.to_string())).collect()
    };
    let history = histories(&t["scores.csv"]);
    let first_day: BTreeMap<String, String> = history
        .iter()
        .filter_map(|(id, h)| Some((id.clone(), h.first()?.1.to_string())))
        .collect();
    let days: BTreeMap<String, String> = history
        .iter()
        .map(|(id, h)| {
            (
                id.clone(),
                h.iter()
                    .map(|(_, d)| d.to_string())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .collect();
    let j = &t["journeys.csv"];
    let late = |col: &str| {
        j.rows
            .iter()
            .filter(|r| j.get(r, col).parse::<i64>().is_ok_and(|d| d > 0))
            .count()
    };
    let mut statuses = BTreeMap::new();
    for r in &j.rows {
        *statuses.entry(j.get(r, "status").to_string()).or_default() += 1;
    }
    let v2v: BTreeSet<&str> = j.rows.iter().map(|r| j.get(r, "days_vein_to_vein")).collect();
    f.journeys = (
        j.rows.len(),
        late("release_delay_days"),
        late("infusion_delay_days"),
        statuses,
        v2v.len(),
    );
    f.attributes = vec![
        ("checked only", uniqueness(checked.values(), k)),
        ("+ anchored on infusion", with_attribute(&checked, &anchored, k)),
        ("+ journeys row", with_attribute(&checked, &journeys, k)),
        ("+ number of flags", with_attribute(&checked, &flags, k)),
        ("+ first check-in day", with_attribute(&checked, &first_day, k)),
        ("+ check-in days", with_attribute(&checked, &days, k)),
    ];
}

/// Attack 4: two releases of the same cohort (two projects), linked by check-in histories;
/// and an export made 30 days earlier, by containment.
async fn linking(w: &World, everything: i64, f: &mut Figures) {
    let files = [File::Patients, ALL_FILES[1]];
    let Ok(again) = approve(w, "everything again", None).await else {
        return;
    };
    let a = export(w, everything, &files, 0).await.expect("export a");
    let b = export(w, again, &files, 0).await.expect("export b");
    let earlier = export(w, again, &files, 30).await.expect("earlier export");
    let (ha, hb, he) = (
        histories(&a.tables["scores.csv"]),
        histories(&b.tables["scores.csv"]),
        histories(&earlier.tables["scores.csv"]),
    );
    let right = |links: &[(String, String)], x: &Got, y: &Got| {
        links.iter().filter(|(i, j)| x.truth.get(i) == y.truth.get(j)).count()
    };
    let links = link_by_history(&ha, &hb, None);
    f.linked = (ha.len(), links.len(), right(&links, &a, &b));
    let links = link_by_history(&ha, &hb, Some(3));
    f.linked_first_three = (links.len(), right(&links, &a, &b));
    let links = link_by_containment(&he, &ha);
    f.linked_containment = (links.len(), right(&links, &earlier, &a));
}

pub async fn measure(kind: Kind, patients: usize, sweep_quarters: usize) -> Figures {
    let started = std::time::Instant::now();
    let w = world(kind, patients).await;
    let mut f = Figures::default();
    let everything = approve(&w, "everything", None).await.expect("a project of everyone");
    differencing_sweep(&w, sweep_quarters, &mut f).await;
    let all = export(&w, everything, &ALL_FILES, 0)
        .await
        .expect("export of everything");
    redating(&w, &all, &mut f);
    attributes(&w, &all, &mut f);
    linking(&w, everything, &mut f).await;
    eprintln!("{kind:?}: {f:#?}\nin {:?}", started.elapsed());
    for (name, u) in &f.attributes {
        eprintln!(
            "{name}: {:.1} % unique, {:.1} % in groups below k",
            u.percent_unique(),
            u.percent_below_k()
        );
    }
    eprintln!("month right: {:.1} %", percent(f.month_right, f.month_tried));
    f
}

#[tokio::test]
#[ignore = "the full sweep: minutes; run by hand"]
async fn reidentification_full() {
    measure(Kind::Sqlite, 1000, 40).await;
}

#[tokio::test]
#[ignore = "the reduced sweep with its figures printed: run by hand"]
async fn reidentification_reduced() {
    measure(Kind::Sqlite, 1000, 6).await;
}

crate::on_both_databases!(releases_give_nobody_away_by_difference_or_region);

/// What the release rule already stops, asserted on the reduced sweep (the attacks on time
/// and on attributes outside the check are measured above, not yet stopped).
async fn releases_give_nobody_away_by_difference_or_region(kind: Kind) {
    let w = world(kind, 1000).await;
    let everything = approve(&w, "everything", None).await.expect("a project of everyone");
    let mut f = Figures::default();
    differencing_sweep(&w, 6, &mut f).await;
    // Before: 177 exports one day apart, none refused, 261 exact infusion dates.
    assert!(
        f.smallest_difference.is_none_or(|d| d >= w.settings.k),
        "two releases {:?} patients apart",
        f.smallest_difference
    );
    // One release: an export made 30 days earlier holds the same research ids.
    let files = [File::Patients];
    let now = export(&w, everything, &files, 0).await.expect("export");
    let earlier = export(&w, everything, &files, 30).await.expect("earlier export");
    let ids = |g: &crate::reidentification_world::Got| g.truth.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(ids(&now), ids(&earlier));
    // A region holds more than one deployed country, or it would name it (before: Portugal
    // was "southern-europe" alone, Iceland "northern-europe").
    let patients = &now.tables["patients.csv"];
    let regions: BTreeSet<String> = patients
        .rows
        .iter()
        .map(|r| patients.get(r, "region").to_string())
        .collect();
    for alone in ["southern-europe", "northern-europe"] {
        assert!(!regions.contains(alone), "{alone} is one deployed country: {regions:?}");
    }
    assert!(regions.contains("western-europe"), "{regions:?}");
    eprintln!(
        "{kind:?}: {} approvals tried, {} refused",
        f.approvals_tried, f.approvals_refused
    );
}
