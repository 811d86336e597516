//! Where the nurse's list spends its rendering time, without HTTP or a database: the
//! 2 000 rows serialised for hydration (JSON), and the list rendered to HTML. The
//! reference, in the same run, is copying the rows (`clone`).
//!
//! Run: `cargo bench -p vtv-bench --bench board_render`.
use app::{
    api::{timeline::BoardRow, HomeView},
    domain::timeline::{MilestoneKind, Stage},
    i18n::Locale,
    pages::nurse_board::NurseBoard,
};
use leptos::prelude::*;
use std::time::{Duration, Instant};

const PATIENTS: usize = 2_000;
const ROUNDS: usize = 41;

fn rows() -> Vec<BoardRow> {
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
            BoardRow {
                patient_id: i as i64 + 10,
                name: format!("Patient {i:04} Lastname-Example"),
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
    let home = HomeView::Nurse {
        centre: "Bench Centre".into(),
        board: rows.clone(),
    };
    let (json, text) = timed(|| serde_json::to_string(&home).expect("JSON"));
    let owner = Owner::new();
    let (render, html) = owner.with(|| {
        provide_context(Locale::En);
        timed(|| {
            let rows = rows.clone();
            view! { <NurseBoard rows/> }.to_html()
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
