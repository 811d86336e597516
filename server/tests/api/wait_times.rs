//! "How long will I wait?": the days cells took to come back at a centre, read from seeded
//! treatments on both databases, and the range worked out from them against quantiles
//! computed by hand. Only the centre's own treatments of the product, returned within the
//! period, count; fewer than 10 fall back to the published figure.
use crate::helpers::{page_text, spawn, Kind, TestApp};
use crate::on_both_databases;
use crate::timeline::{collected, read, today, ward};
use app::domain::{
    role::Role,
    timeline::wait_range::{day_range, estimate, WaitEstimate},
};
use chrono::{Days, NaiveDate};
use server::storage::wait_times::return_days;

on_both_databases!(
    the_range_is_drawn_from_the_centres_own_returned_treatments_of_the_product,
    a_patient_waiting_for_cells_reads_the_range_once_ten_treatments_say_it,
);

/// A treatment whose cells were collected on `collected` and, if `returned` is some number
/// of days, came back that many days later (`received` says whether that step is done).
struct Seed<'a> {
    centre: i64,
    product: &'a str,
    collected: NaiveDate,
    days: i64,
    received: bool,
    status: &'a str,
}

async fn seed(app: &TestApp, n: usize, s: &Seed<'_>) {
    let email = format!("wait.{n}@example.org");
    let patient = app.user(Role::Patient, &email, Some(s.centre)).await;
    let pool = &app.db.pool;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO treatments (patient_id, product_id, product_name, template_id, order_reference, status, \
         start_on, plan_json, stage, created_at) VALUES ($1, $2, $2, 'cd19-centralised', $3, $4, $5, '{}', 'follow_up', 0) \
         RETURNING id",
    )
    .bind(patient)
    .bind(s.product)
    .bind(format!("ORDER-WAIT-{n}"))
    .bind(s.status)
    .bind(s.collected.to_string())
    .fetch_one(pool)
    .await
    .expect("treatment");
    let returned = s.collected + Days::new(s.days as u64);
    let steps = [
        ("apheresis", "done", s.collected),
        (
            "product_received",
            if s.received { "done" } else { "planned" },
            returned,
        ),
    ];
    for (position, (kind, status, on)) in steps.into_iter().enumerate() {
        let actual = (status == "done").then(|| on.to_string());
        sqlx::query(
            "INSERT INTO milestones (treatment_id, position, key, kind, status, planned_on, extra_days, actual_on, \
             updated_at) VALUES ($1, $2, $3, $3, $4, $5, 0, $6, 0)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(kind)
        .bind(status)
        .bind(on.to_string())
        .bind(actual)
        .execute(pool)
        .await
        .expect("milestone");
    }
}

async fn the_range_is_drawn_from_the_centres_own_returned_treatments_of_the_product(kind: Kind) {
    let app = spawn(kind).await;
    let (here, elsewhere) = (app.centre("Wait Centre").await, app.centre("Other Centre").await);
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("date");
    let since = today - Days::new(365);
    let recent = today - Days::new(90);
    // Twelve of the product, returned within the year (one since closed, as most are).
    let counted = [21, 15, 16, 17, 18, 19, 20, 14, 30, 17, 16, 18];
    let mut n = 0;
    for (i, days) in counted.into_iter().enumerate() {
        let status = if i == 0 { "active" } else { "completed" };
        let seeded = Seed {
            centre: here,
            product: "axi-cel",
            collected: recent,
            days,
            received: true,
            status,
        };
        seed(&app, n, &seeded).await;
        n += 1;
    }
    // Not counted: another centre, another product, back before the year, not back yet.
    let others = [
        Seed {
            centre: elsewhere,
            product: "axi-cel",
            collected: recent,
            days: 60,
            received: true,
            status: "completed",
        },
        Seed {
            centre: here,
            product: "tisa-cel",
            collected: recent,
            days: 61,
            received: true,
            status: "completed",
        },
        Seed {
            centre: here,
            product: "axi-cel",
            collected: since - Days::new(40),
            days: 20,
            received: true,
            status: "completed",
        },
        Seed {
            centre: here,
            product: "axi-cel",
            collected: recent,
            days: 62,
            received: false,
            status: "active",
        },
    ];
    for seeded in &others {
        seed(&app, n, seeded).await;
        n += 1;
    }

    let mut days = return_days(&app.db, here, "axi-cel", since).await.expect("days");
    days.sort_unstable();
    assert_eq!(days, vec![14, 15, 16, 16, 17, 17, 18, 18, 19, 20, 21, 30]);
    // By hand, n = 12: the median at rank 6 (17), the range from rank 2 (15) to rank 11 (21).
    let range = day_range(&days).expect("12 cases");
    assert_eq!((range.median, range.low, range.high, range.cases), (17, 15, 21, 12));

    // The other centre has one: too few, so the published figure stands.
    let there = return_days(&app.db, elsewhere, "axi-cel", since).await.expect("days");
    assert_eq!(there, vec![60]);
    assert_eq!(
        estimate(&there, Some((14, 17))),
        WaitEstimate::Published { low: 14, high: 17 }
    );
}

async fn a_patient_waiting_for_cells_reads_the_range_once_ten_treatments_say_it(kind: Kind) {
    let w = ward(kind).await;
    collected(&w, "ORD-WAIT-HOME", &[]).await;
    let patient = w.app.signed_in("ann@example.org").await;
    let returned_in = |view: Option<app::api::timeline::TimelineView>| {
        let waiting = view
            .and_then(|v| v.treatment)
            .and_then(|t| t.waiting)
            .expect("the cells are being made");
        match waiting.wait {
            WaitEstimate::AtThisCentre(range) => Some(range),
            other => {
                assert_eq!(
                    other,
                    WaitEstimate::Published { low: 14, high: 25 },
                    "too few: the catalogue's published figure for axi-cel"
                );
                None
            }
        }
    };
    // Nine past treatments: too few to say anything.
    let collected = today() - Days::new(60);
    let days = [18, 16, 17, 22, 15, 19, 17, 20, 16, 25];
    for (n, d) in days.iter().take(9).enumerate() {
        let seeded = Seed {
            centre: w.centre_id,
            product: "axi-cel",
            collected,
            days: *d,
            received: true,
            status: "completed",
        };
        seed(&w.app, n, &seeded).await;
    }
    let (status, view) = read(&patient, &w).await;
    assert_eq!(status, 200);
    assert_eq!(returned_in(view), None, "9 treatments say nothing of this centre");
    let home = page_text(&patient, &w.app, "/").await;
    assert!(
        home.contains("Published figure for this product, not this centre's own: cells are usually ready 14 to 25 days after collection, then sent back."),
        "{home}"
    );
    assert!(!home.contains("came back about"), "no figure of this centre's own");
    // The tenth: sorted 15 16 16 17 17 18 19 20 22 25, so by hand the median is rank 5 (17)
    // and the range runs from rank 1 (15) to rank 9 (22).
    let seeded = Seed {
        centre: w.centre_id,
        product: "axi-cel",
        collected,
        days: days[9],
        received: true,
        status: "completed",
    };
    seed(&w.app, 9, &seeded).await;
    let (_, view) = read(&patient, &w).await;
    let range = returned_in(view).expect("10 treatments");
    assert_eq!((range.median, range.low, range.high, range.cases), (17, 15, 22, 10));
    // On the patient's home, in words.
    let home = page_text(&patient, &w.app, "/").await;
    assert!(
        !home.contains("Published figure"),
        "the centre's own figure, not the published one"
    );
    assert!(
        home.contains("cells for this product came back about 17 days after collection; for 8 out of 10 people, 15 to 22 days (10 people, last 12 months)"),
        "{home}"
    );
    // The nurse reads the same patient's timeline with the same range.
    let (_, view) = read(&w.nurse, &w).await;
    assert_eq!(returned_in(view), Some(range));
}
