//! Researcher exports from the command line, on 1 000 synthetic patients: nothing that
//! identifies anyone comes out, k holds, only consented patients are in, exports are
//! unlinkable unless a project links them, and a failure leaves no file behind.
pub use crate::research_cli::{ok, project, refused, seeded, vtv};
use crate::{helpers::*, on_both_databases, research_search::*};
use server::export::pseudonym;
use std::collections::{BTreeMap, BTreeSet};

async fn nothing_identifies_anyone(kind: Kind) {
    let started = std::time::Instant::now();
    let app = spawn(kind).await;
    let seed = seeded(&app, 1000, 3).await;
    assert_eq!(seed.patients, 1000);
    eprintln!("seeded 1000 patients in {:?}", started.elapsed());
    project(&app, "All").await;
    let work = tempfile::tempdir().expect("temporary folder");
    let all = work.path().join("all");
    let url = &app.database_url;
    let every = [
        "export",
        "--dataset",
        "scores,items,diary,flags,journeys",
        "--format",
        "csv,fhir-ndjson,csv-wide,stats-labels,redcap",
        "--project",
        "All",
        "--out",
    ];
    let summary = ok(vtv(url, &[&every[..], &[all.to_str().expect("path")]].concat()).await);
    assert!(
        summary.contains("about") && summary.contains("data through"),
        "{summary}"
    );
    let files = read_dir(&all);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "QuestionnaireResponse.ndjson",
            "codebook.json",
            "diary.csv",
            "flags.csv",
            "items.csv",
            "journeys.csv",
            "labels.R",
            "labels.do",
            "labels.sps",
            "patients.csv",
            "redcap_data.csv",
            "redcap_dictionary.csv",
            "redcap_events.csv",
            "redcap_instrument_events.csv",
            "redcap_repeating.csv",
            "scores.csv",
            "wide.csv"
        ]
    );
    // The same export as one zip holds the same files, whole, and a manifest.
    let zip = work.path().join("all.zip");
    ok(vtv(url, &[&every[..], &[zip.to_str().expect("path")]].concat()).await);
    let listing = std::process::Command::new("python3")
        .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(' '.join(sorted(z.namelist())))"])
        .arg(&zip)
        .output()
        .expect("python3 reads zips");
    assert!(listing.status.success(), "{}", String::from_utf8_lossy(&listing.stderr));
    let mut expected = names.clone();
    expected.push("manifest.json");
    expected.sort_unstable();
    assert_eq!(String::from_utf8_lossy(&listing.stdout).trim(), expected.join(" "));

    let everything: String = files.values().cloned().collect::<Vec<_>>().join("\n");
    assert!(
        everything.len() > 100_000,
        "the export holds data: {} bytes",
        everything.len()
    );
    let dates = dates_in_database(&app).await;
    assert!(dates.len() > 300, "{} dates", dates.len());
    let mut needles: Vec<String> = seed.identifiers.clone();
    for date in &dates {
        needles.push(date.clone());
        needles.extend(other_forms(date));
    }
    let hits = find_any(&everything, &needles);
    eprintln!(
        "exported and searched {} values in {:?}",
        needles.len(),
        started.elapsed()
    );
    // Free text carried every patient's name; it must be gone with the names.
    assert!(everything.contains("infusion"));
    assert!(!everything.contains("Note from"), "free text left out");
    assert!(
        !everything.contains("Synthetic Centre"),
        "centres are not named unless allowed"
    );
    assert_eq!(has_iso_date(&everything), None, "no calendar date at all");
    assert!(hits.is_empty(), "identifying values in the export: {hits:?}");

    // k holds on the released quasi-identifiers, and every column is in the codebook.
    let patients = csv_rows(&files["patients.csv"]);
    let mut groups: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for row in &patients[1..] {
        *groups.entry(row[2..].to_vec()).or_default() += 1;
    }
    assert!(patients.len() > 200, "{} released", patients.len() - 1);
    assert!(groups.values().all(|n| *n >= 5), "{groups:?}");
    let codebook: serde_json::Value = serde_json::from_str(&files["codebook.json"]).expect("codebook");
    for (name, text) in &files {
        if name.ends_with(".csv") && !name.starts_with("redcap_") {
            let header = text.lines().next().unwrap_or_default();
            let described: Vec<&str> = codebook["files"]
                .as_array()
                .and_then(|f| f.iter().find(|f| f["file"] == name.as_str()))
                .and_then(|f| f["variables"].as_array())
                .map(|v| v.iter().filter_map(|v| v["name"].as_str()).collect())
                .unwrap_or_default();
            assert_eq!(header.split(',').collect::<Vec<_>>(), described, "{name}");
        }
    }
    assert!(codebook.to_string().contains("\"through_month\""));
    crate::research_formats::a_full_export_s_other_formats_hold(url, &all, &files).await;

    // Only patients whose consent holds: the export's own key recomputes their ids.
    let export_id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM research_exports")
        .fetch_one(&app.db.pool)
        .await
        .expect("export");
    let key: String = sqlx::query_scalar("SELECT export_key FROM research_exports WHERE id = $1")
        .bind(export_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("key");
    let released: BTreeSet<&str> = patients[1..].iter().map(|r| r[0].as_str()).collect();
    for patient in seed.withdrawn.iter().chain(&seed.unconsented) {
        let id = pseudonym::research_id(&key, *patient);
        assert!(
            !released.contains(id.as_str()) && !everything.contains(&id),
            "patient {patient} is out"
        );
    }
    let consented: BTreeSet<String> = seed
        .consented
        .iter()
        .map(|p| pseudonym::research_id(&key, *p))
        .collect();
    assert!(released.iter().all(|id| consented.contains(*id)));
    assert!(!seed.withdrawn.is_empty() && !seed.unconsented.is_empty());

    // Every export is audit-logged: parameters, counts, suppression.
    let subjects: Vec<String> =
        sqlx::query_scalar("SELECT subject FROM audit_log WHERE action LIKE 'research.export%' ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .expect("audit");
    assert!(
        subjects
            .iter()
            .any(|s| s.contains("parameters=") && s.contains("project=")),
        "{subjects:?}"
    );
    assert!(
        subjects.iter().any(|s| s.contains("rows=") && s.contains("items.csv")),
        "{subjects:?}"
    );
}

async fn exports_link_only_within_a_project(kind: Kind) {
    let app = spawn(kind).await;
    seeded(&app, 400, 1).await;
    let url = &app.database_url;
    let work = tempfile::tempdir().expect("temporary folder");
    // The research ids of patients.csv, and what the command printed.
    let written = async |name: &str, which: &[&str]| {
        let out = work.path().join(name);
        let mut args = vec!["export", "--out", out.to_str().expect("path"), "--file", "patients.csv"];
        args.extend_from_slice(which);
        let printed = ok(vtv(url, &args).await);
        let text = std::fs::read_to_string(&out).expect("patients.csv");
        let ids = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap_or_default().to_string())
            .collect::<BTreeSet<_>>();
        (printed, ids)
    };
    let ids = async |name: &str, project: &str| written(name, &["--dataset", "scores", "--project", project]).await.1;
    // No export without an approved project.
    let none = refused(
        vtv(
            url,
            &[
                "export",
                "--dataset",
                "scores",
                "--out",
                "x.csv",
                "--file",
                "patients.csv",
            ],
        )
        .await,
    );
    assert!(none.contains("--project"), "{none}");
    let unknown = refused(
        vtv(
            url,
            &[
                "export",
                "--dataset",
                "scores",
                "--out",
                "x.csv",
                "--file",
                "patients.csv",
                "--project",
                "Nobody's",
            ],
        )
        .await,
    );
    assert!(unknown.contains("--project"), "{unknown}");
    project(&app, "CRS outcomes").await;
    project(&app, "ICANS").await;
    let (a, b) = (ids("a.csv", "CRS outcomes").await, ids("b.csv", "CRS outcomes").await);
    assert!(!a.is_empty());
    assert_eq!(
        a, b,
        "a project's exports are one release: the same ids, the same cohort"
    );
    let (printed, c) = written("c.csv", &["--dataset", "scores", "--project", "ICANS"]).await;
    assert_eq!(c.len(), a.len(), "the same cohort");
    assert!(c.is_disjoint(&a), "another project's key: no shared id");
    // An export made earlier is written again by its number, as a download from the export
    // page is: its own project's ids (not those of the latest export), no new export made,
    // the writing audit-logged.
    let number = printed
        .strip_prefix("Export ")
        .and_then(|rest| rest.split(':').next())
        .expect("the export's number is printed first");
    let (before, audited_before) = (
        count(&app, "research_exports").await,
        audited(&app, "research.export_written").await,
    );
    let (again, e) = written("e.csv", &["--existing", number]).await;
    assert_eq!(e, c, "the same export, the same ids");
    assert!(again.starts_with(&format!("Export {number}:")), "{again}");
    assert_eq!(count(&app, "research_exports").await, before, "nothing new made");
    assert_eq!(audited(&app, "research.export_written").await, audited_before + 1);
    let missing = refused(vtv(url, &["export", "--out", "x.csv", "--existing", "987654"]).await);
    assert!(missing.contains("no export 987654"), "{missing}");
    let both = refused(
        vtv(
            url,
            &["export", "--out", "x.csv", "--existing", number, "--project", "ICANS"],
        )
        .await,
    );
    assert!(both.contains("cannot be used with"), "{both}");
    // Past its life it is refused, and nothing is left behind.
    sqlx::query("UPDATE research_exports SET expires_at = 0 WHERE id = $1")
        .bind(number.parse::<i64>().expect("a number"))
        .execute(&app.db.pool)
        .await
        .expect("expired");
    let out = work.path().join("f.csv");
    let args = [
        "export",
        "--out",
        out.to_str().expect("path"),
        "--file",
        "patients.csv",
        "--existing",
        number,
    ];
    let expired = refused(vtv(url, &args).await);
    assert!(expired.contains("has expired"), "{expired}");
    assert!(!out.exists() && !work.path().join("f.csv.partial").exists());
}

async fn a_failure_halfway_leaves_no_file(kind: Kind) {
    let app = spawn(kind).await;
    seeded(&app, 400, 6).await;
    let url = &app.database_url;
    project(&app, "All").await;
    let dir = tempfile::tempdir().expect("temporary folder");
    // Made while the data are sound: the export's members are fixed.
    let first = dir.path().join("first.zip");
    ok(vtv(
        url,
        &[
            "export",
            "--dataset",
            "items",
            "--project",
            "All",
            "--out",
            first.to_str().expect("path"),
        ],
    )
    .await);
    // The last patient (in the order the file is written) whose answers the export releases
    // (levels 0 to 5 of time_release::LEVELS) gets an unreadable answer.
    let last: i64 = sqlx::query_scalar("SELECT patient_id FROM research_export_members WHERE export_id = (SELECT MAX(id) FROM research_exports) AND time_level BETWEEN 0 AND 5 ORDER BY research_id DESC LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("a member");
    // Its first answer: before the export's cut, so it is read.
    sqlx::query("UPDATE checkin_responses SET answers = 'not json' WHERE id = (SELECT MIN(id) FROM checkin_responses WHERE patient_id = $1 AND questionnaire_name <> 'symptom-diary')")
        .bind(last)
        .execute(&app.db.pool)
        .await
        .expect("break one response");
    for target in ["broken.zip", "broken"] {
        let path = dir.path().join(target);
        let error = refused(
            vtv(
                url,
                &[
                    "export",
                    "--dataset",
                    "items,scores",
                    "--project",
                    "All",
                    "--out",
                    path.to_str().expect("path"),
                ],
            )
            .await,
        );
        assert!(error.contains("unreadable"), "{error}");
        assert!(!path.exists(), "{target}: nothing presented as complete");
    }
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string()))
        .collect();
    assert_eq!(left, ["first.zip"], "no partial file or folder is left");
    let state: String = sqlx::query_scalar("SELECT state FROM research_exports ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("state");
    assert_eq!(state, "failed");
}

on_both_databases!(
    nothing_identifies_anyone,
    exports_link_only_within_a_project,
    a_failure_halfway_leaves_no_file
);
