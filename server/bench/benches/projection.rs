//! Projecting a full 15-year CAR-T timeline (target ≤ 50 µs), beside a reference workload
//! measured in the same run: sorting as many dates, which any timeline view does anyway.
use app::domain::timeline::{Catalogue, CatalogueFile, Plan, StepState};
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn plan() -> Plan {
    let file: CatalogueFile =
        toml::from_str(include_str!("../../../app/catalogue/journeys.toml")).expect("catalogue parses");
    let catalogue = Catalogue::from_file(file).expect("catalogue is valid");
    catalogue.plan_for("axi-cel", "BE").expect("axi-cel plan")
}

fn bench(c: &mut Criterion) {
    let plan = plan();
    let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let mut pinned = plan.unpinned();
    // A realistic mid-journey timeline: the first five steps done, the release delayed.
    for (i, state) in pinned.iter_mut().enumerate().take(5) {
        *state = StepState {
            pinned: Some(start + chrono::Days::new(10 * i as u64)),
            ..StepState::default()
        };
    }
    let dates = plan.project(start, &pinned).dates;
    println!("steps in the 15-year timeline: {}", plan.steps.len());
    c.bench_function("project 15-year timeline (no pins)", |b| {
        b.iter(|| black_box(plan.project(black_box(start), black_box(&plan.unpinned()))))
    });
    c.bench_function("project 15-year timeline (5 pins)", |b| {
        b.iter(|| black_box(plan.project(black_box(start), black_box(&pinned))))
    });
    c.bench_function("reference: sort as many dates", |b| {
        b.iter(|| {
            let mut copy = black_box(dates.clone());
            copy.reverse();
            copy.sort();
            black_box(copy)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
