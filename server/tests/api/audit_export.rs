//! The audit log of a period exported from the command line: every entry of the period and
//! none outside it, each AuditEvent read by an independent FHIR R4 validator, the CSV with
//! its seals and digests and a defused formula, and the export's own entry last, naming the
//! chain's head.
use crate::research_cli::{ok, refused, vtv};
use crate::{helpers::*, on_both_databases};
use app::domain::role::Role;
use server::storage::audit::{self, Entry};

async fn record(app: &TestApp, action: &str, patient: Option<i64>, subject: &str) {
    audit::record(&app.db, Entry::new(action, "192.0.2.9").about(patient).subject(subject))
        .await
        .expect("recorded");
}

/// A nurse's read an hour ago, a flag acknowledged with a formula for its subject, and an
/// entry of the day before yesterday, sealed: the nurse's id and the head.
async fn three_entries_sealed(app: &TestApp, url: &str) -> (i64, String) {
    let nurse = app.user(Role::Nurse, "nurse@audit.example", None).await;
    let actor_role = "nurse";
    sqlx::query("INSERT INTO audit_log (at, actor_id, actor_role, action, patient_id, subject, client_addr) VALUES ($1, $2, $3, 'timeline.read', 7, 'treatment:3', '192.0.2.8')")
        .bind(server::storage::now() - 3_600)
        .bind(nurse)
        .bind(actor_role)
        .execute(&app.db.pool)
        .await
        .expect("a nurse's read");
    record(&app, "flag.acknowledge", Some(7), "=HYPERLINK(\"http://x\")").await;
    // Out of the period: the day before yesterday.
    sqlx::query("INSERT INTO audit_log (at, action, client_addr) VALUES ($1, 'old.read', '192.0.2.1')")
        .bind(server::storage::now() - 2 * 86_400 - 60)
        .execute(&app.db.pool)
        .await
        .expect("an old entry");
    let sealed = ok(vtv(url, &["audit-seal", "--older-than-seconds", "0"]).await);
    let head = sealed.rsplit("Head: ").next().unwrap_or_default().trim().to_string();
    (nurse, head)
}

/// Yesterday and today, as the command line takes them.
fn two_days() -> (String, String) {
    let today = chrono::Utc::now().date_naive();
    ((today - chrono::Duration::days(1)).to_string(), today.to_string())
}

/// `audit-export` of yesterday and today, in `format`, to `out`: what it printed.
async fn export_of_two_days(url: &str, format: &str, out: &std::path::Path) -> String {
    let (yesterday, today) = two_days();
    let out = out.to_str().expect("path");
    let args = [
        "audit-export",
        "--from",
        &yesterday,
        "--to",
        &today,
        "--format",
        format,
        "--out",
        out,
    ];
    ok(vtv(url, &args).await)
}

async fn ndjson_of_the_period(url: &str, dir: &std::path::Path, head: &str, nurse: i64) {
    let ndjson = dir.join("audit.ndjson");
    let said = export_of_two_days(url, "ndjson", &ndjson).await;
    assert!(said.contains(&format!("Head: {head}")), "{said}");
    let text = std::fs::read_to_string(&ndjson).expect("written");
    let checked = python_check("audit_fhir_check.py", text.as_bytes());
    assert_eq!(checked["broken_copy_refused"], true, "{checked}");
    let subtypes: Vec<&str> = checked["subtypes"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        subtypes.contains(&"timeline.read") && subtypes.contains(&"flag.acknowledge"),
        "{subtypes:?}"
    );
    assert!(
        !subtypes.contains(&"old.read"),
        "an entry outside the period: {subtypes:?}"
    );
    assert_eq!(subtypes.last(), Some(&"audit.exported"));
    assert!(checked["sealed"].as_u64().unwrap_or(0) >= 2, "{checked}");
    assert!(
        text.contains(&format!("\"reference\":\"Practitioner/{nurse}\"")),
        "the nurse as agent"
    );
    assert!(text
        .lines()
        .last()
        .unwrap_or_default()
        .contains(&format!("head:{head}")));
}

async fn csv_of_the_period(url: &str, dir: &std::path::Path, head: &str) {
    let csv = dir.join("audit.csv");
    export_of_two_days(url, "csv", &csv).await;
    let table = std::fs::read_to_string(&csv).expect("written");
    let rows: Vec<&str> = table.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        rows[0],
        "id,at,actor_id,actor_role,action,patient_id,subject,client_addr,seal,digest"
    );
    let read = rows
        .iter()
        .find(|r| r.contains("timeline.read"))
        .expect("the nurse's read");
    let cells: Vec<&str> = read.split(',').collect();
    assert_eq!(cells[8], "1", "sealed in the first seal: {read}");
    assert_eq!(cells[9].len(), 64, "its digest: {read}");
    assert!(
        table.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "the formula defused: {table}"
    );
    assert!(
        rows.last()
            .is_some_and(|r| r.contains("audit.exported") && r.contains(head)),
        "{table}"
    );
}

async fn bad_periods_refused(url: &str) {
    let (yesterday, today) = two_days();
    let bad = refused(
        vtv(
            url,
            &["audit-export", "--from", "yesterday", "--to", &today, "--out", "x"],
        )
        .await,
    );
    assert!(bad.contains("--from: a date"), "{bad}");
    let bad = refused(
        vtv(
            url,
            &["audit-export", "--from", &today, "--to", &yesterday, "--out", "x"],
        )
        .await,
    );
    assert!(bad.contains("--to: on or after from"), "{bad}");
    let bad = refused(
        vtv(
            url,
            &[
                "audit-export",
                "--from",
                &today,
                "--to",
                &today,
                "--format",
                "xml",
                "--out",
                "x",
            ],
        )
        .await,
    );
    assert!(bad.contains("--format"), "{bad}");
}

async fn a_period_exports_as_fhir_and_csv_with_its_head(kind: Kind) {
    let app = spawn(kind).await;
    let url = app.database_url.clone();
    let (nurse, head) = three_entries_sealed(&app, &url).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    ndjson_of_the_period(&url, dir.path(), &head, nurse).await;
    csv_of_the_period(&url, dir.path(), &head).await;
    // The exports are audit-logged themselves, and the head they name verifies.
    ok(vtv(&url, &["audit-verify", "--head", &head]).await);
    bad_periods_refused(&url).await;
}

on_both_databases!(a_period_exports_as_fhir_and_csv_with_its_head);

/// The admin's download: the same file from the audit page's form, refused to anyone else,
/// checked for its dates, and counted (ten an hour).
async fn admins_download_it_from_the_audit_page(kind: Kind) {
    let app = spawn(kind).await;
    app.user(Role::Admin, "admin@audit.example", None).await;
    app.user(Role::Nurse, "nurse@audit.example", None).await;
    record(&app, "timeline.read", Some(4), "treatment:1").await;
    let admin = app.signed_in("admin@audit.example").await;
    let nurse = app.signed_in("nurse@audit.example").await;
    let today = chrono::Utc::now().date_naive().to_string();
    let path = |from: &str, to: &str, format: &str| format!("/admin/audit/export?from={from}&to={to}&format={format}");
    let get = |client: &reqwest::Client, path: String| client.get(app.url(&path)).send();

    let page = get(&admin, "/admin/audit".into())
        .await
        .expect("the page")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("action=\"/admin/audit/export\"") && page.contains("name=\"from\""),
        "the form"
    );
    let answer = get(&admin, path(&today, &today, "csv")).await.expect("a download");
    assert_eq!(answer.status(), 200);
    let disposition = answer.headers()["content-disposition"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"audit-{today}-{today}.csv\"")
    );
    let table = answer.text().await.unwrap_or_default();
    assert!(table.starts_with("id,at,actor_id"), "{table}");
    assert!(table.contains("timeline.read"), "{table}");
    assert!(
        table
            .trim_end()
            .lines()
            .last()
            .is_some_and(|l| l.contains("audit.exported") && l.contains("head:")),
        "{table}"
    );
    let ndjson = get(&admin, path(&today, &today, "ndjson")).await.expect("a download");
    assert_eq!(ndjson.headers()["content-type"], "application/fhir+ndjson");
    let checked = python_check("audit_fhir_check.py", &ndjson.bytes().await.unwrap_or_default());
    assert!(checked["resources"].as_u64().unwrap_or(0) >= 3, "{checked}");

    assert_eq!(
        get(&nurse, path(&today, &today, "csv"))
            .await
            .expect("refused")
            .status(),
        403
    );
    assert_eq!(
        get(&reqwest::Client::new(), path(&today, &today, "csv"))
            .await
            .expect("refused")
            .status(),
        401
    );
    for bad in [
        path("2026-13-01", &today, "csv"),
        path(&today, "2020-01-01", "csv"),
        path(&today, &today, "xml"),
        "/admin/audit/export".into(),
        path("2020-01-01", &today, "csv"),
    ] {
        let answer = get(&admin, bad.clone()).await.expect("an answer");
        assert_eq!(answer.status(), 422, "{bad}");
    }
    // Ten an hour, counted in the database: two made above, and the refusals are not counted.
    for _ in 0..8 {
        assert_eq!(
            get(&admin, path(&today, &today, "csv"))
                .await
                .expect("a download")
                .status(),
            200
        );
    }
    let over = get(&admin, path(&today, &today, "csv")).await.expect("an answer");
    assert_eq!(over.status(), 429);
    assert!(over.headers().contains_key("retry-after"));
}

on_both_databases!(admins_download_it_from_the_audit_page);
