//! The aggregate export for open release, from the command line, on 400 synthetic
//! patients: every cell of the public lists comes out with a noisy count and a mean within
//! the scale's range; the project's privacy budget is spent in the database and a table it
//! cannot pay for is refused, on SQLite and PostgreSQL.
use crate::research_export::{ok, refused, seeded, vtv};
use crate::{helpers::*, on_both_databases};

on_both_databases!(aggregates_spend_the_projects_budget_and_no_more);

async fn approve(url: &str, budget: &str) {
    let expires = (chrono::Utc::now().date_naive() + chrono::Days::new(365)).to_string();
    let said = ok(vtv(
        url,
        &[
            "research-project",
            "--name",
            "Open",
            "--dataset",
            "scores",
            "--ethics",
            "EC",
            "--dua",
            "DUA",
            "--expires",
            &expires,
            "--epsilon-budget",
            budget,
        ],
    )
    .await);
    assert!(said.contains("epsilon 1"), "{said}");
}

async fn aggregates_spend_the_projects_budget_and_no_more(kind: Kind) {
    let app = spawn(kind).await;
    seeded(&app, 400, 8).await;
    let url = &app.database_url;
    approve(url, "1").await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("open.csv");
    let path = out.to_str().expect("path");
    let said = ok(vtv(
        url,
        &[
            "aggregate",
            "--project",
            "Open",
            "--epsilon",
            "0.6",
            "--scale",
            "phq-9/total",
            "--out",
            path,
        ],
    )
    .await);
    assert!(said.contains("epsilon = 0.6 (unit: one patient), 0.400 left"), "{said}");
    let text = std::fs::read_to_string(&out).expect("the table");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("timepoint,product,region,scale,count,mean"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // 6 timepoints x the catalogue's products x the deployment's regions, one scale.
    assert!(rows.len() >= 6 && rows.len() % 6 == 0, "{} rows", rows.len());
    assert!(rows.iter().all(|r| r[3] == "phq-9/total"));
    for r in &rows {
        let count: i64 = r[4].parse().expect("a count");
        assert!(count >= 0);
        if let Ok(mean) = r[5].parse::<f64>() {
            assert!(count >= 10 && (0.0..=27.0).contains(&mean), "{r:?}");
        }
    }
    assert!(!text.contains("@"), "no identifier");
    // 0.4 is left: 0.6 more is refused, and nothing is written or spent.
    let again = dir.path().join("again.csv");
    let error = refused(
        vtv(
            url,
            &[
                "aggregate",
                "--project",
                "Open",
                "--epsilon",
                "0.6",
                "--out",
                again.to_str().expect("path"),
            ],
        )
        .await,
    );
    assert!(
        error.contains("--epsilon: This project's privacy budget cannot pay for that"),
        "{error}"
    );
    assert!(!again.exists());
    let (budget, spent): (f64, f64) =
        sqlx::query_as("SELECT epsilon_budget, epsilon_spent FROM research_projects WHERE name = 'Open'")
            .fetch_one(&app.db.pool)
            .await
            .expect("the budget");
    assert!(
        (budget - 1.0).abs() < 1e-9 && (spent - 0.6).abs() < 1e-9,
        "{budget} {spent}"
    );
    // A centre's own questionnaire, imported, has its scale counted like the built-in ones.
    crate::site_instruments::support_check_imported(&app, "admin@example.org").await;
    // The rest can be spent, and is audit-logged each time.
    ok(vtv(
        url,
        &["aggregate", "--project", "Open", "--epsilon", "0.4", "--out", path],
    )
    .await);
    let every_scale = std::fs::read_to_string(&out).expect("the table");
    assert!(every_scale.contains(",support-check/total,"), "{every_scale}");
    assert!(every_scale.contains(",phq-9/total,"));
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'research.aggregate_created'")
        .fetch_one(&app.db.pool)
        .await
        .expect("audit");
    assert_eq!(logged, 2);
    // Nonsense is refused with the flag named.
    let bad = refused(vtv(url, &["aggregate", "--project", "Open", "--epsilon=-1", "--out", path]).await);
    assert!(bad.contains("--epsilon"), "{bad}");
}
