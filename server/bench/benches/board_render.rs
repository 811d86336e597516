//! Where the nurse's board spends its rendering time, without HTTP or a database: 2 000 rows
//! (40 pages' worth) serialised for hydration (JSON), and rendered as the board's table
//! rows. The reference, in the same run, is copying the rows (`clone`).
//!
//! Run: `cargo bench -p vtv-bench --bench board_render`.
use app::{
    api::desk::{BoardPage, DeskRow},
    domain::{
        timeline::{MilestoneKind, Stage},
        triage::Level,
    },
    i18n::Locale,
    pages::desk_board::BoardRows,
};
use leptos::prelude::*;
use std::time::{Duration, Instant};

// The server renders with jemalloc (server/src/main.rs); so does this bench since 2026-12-06.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const PATIENTS: usize = 2_000;
const ROUNDS: usize = 41;

fn rows() -> Vec<DeskRow> {
    let stages = [
        Stage::Preparing,
        Stage::CellsInProduction,
        Stage::AwaitingInfusion,
        Stage::CloseMonitoring,
        Stage::FollowUp,
    ];
    let kinds = [
        (MilestoneKind::Apheresis, "apheresis"),
        (MilestoneKind::ProductReleased, "product_released"),
        (MilestoneKind::Infusion, "infusion"),
        (MilestoneKind::Discharge, "discharge"),
        (MilestoneKind::FollowUp, "follow_up_day_100"),
    ];
    (0..PATIENTS)
        .map(|i| {
            let (kind, key) = kinds[i % kinds.len()];
            DeskRow {
                patient_id: i as i64 + 10,
                name: format!("Patient {i:04} Lastname-Example"),
                order_reference: Some(format!("ORD-2026-{i:05}")),
                nurse: (i % 3 == 0).then(|| "Nurse Example".to_string()),
                admitted: i % 23 == 0,
                open_flags: (i % 7 == 0) as i64,
                worst_flag: (i % 7 == 0).then_some(Level::Review),
                missed: (i % 13 == 0) as i64,
                product_name: Some(["Yescarta", "Kymriah", "Carvykti", "ARI-0001"][i % 4].to_string()),
                stage: Some(stages[i % stages.len()]),
                next_kind: Some(kind),
                next_key: Some(key.to_string()),
                next_on: Some(format!("2027-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
                late: i % 17 == 0,
                delayed: i % 11 == 0,
                conflict: i % 97 == 0,
            }
        })
        .collect()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn timed<T>(f: impl Fn() -> T) -> (Duration, T) {
    let mut samples = Vec::with_capacity(ROUNDS);
    let mut last = f();
    for _ in 0..ROUNDS {
        let began = Instant::now();
        last = f();
        samples.push(began.elapsed());
    }
    (median(samples), last)
}

fn main() {
    let rows = rows();
    let (copy, _) = timed(|| rows.clone());
    let home = BoardPage {
        total: rows.len() as i64,
        page: 0,
        pages: 1,
        rows: rows.clone(),
    };
    let (json, text) = timed(|| serde_json::to_string(&home).expect("JSON"));
    let owner = Owner::new();
    let (render, html) = owner.with(|| {
        provide_context(Locale::En);
        timed(|| {
            let rows = rows.clone();
            view! { <table><BoardRows rows locale=Locale::En/></table> }.to_html()
        })
    });
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("{PATIENTS} rows, medians of {ROUNDS} rounds:");
    println!("  reference, clone the rows:        {:>7.2} ms", ms(copy));
    println!(
        "  hydration data, JSON:             {:>7.2} ms ({} bytes; {:.1}× reference)",
        ms(json),
        text.len(),
        json.as_secs_f64() / copy.as_secs_f64()
    );
    println!(
        "  the list rendered to HTML:        {:>7.2} ms ({} bytes; {:.1}× reference)",
        ms(render),
        html.len(),
        render.as_secs_f64() / copy.as_secs_f64()
    );
}
