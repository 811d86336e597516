//! An export's responses are read a member at a time, joined by the database and split by
//! the server (`storage::member_responses`). They must come out as a plain row per response
//! would: the same responses, fields and order, on both databases, also where a stored text
//! holds the separators, a quote or a backslash, where a window is missing, and where two
//! responses tie on their instant.
use crate::research_cli::{ok, project, seeded, vtv};
use crate::{helpers::*, on_both_databases};
use futures_util::TryStreamExt;
use server::storage::research_rows::{self, Responses};
use sqlx::Row;

type Fields = (
    i64,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<i64>,
    String,
    String,
);

/// A row per response, as the export read them before they were joined.
async fn one_row_each(app: &TestApp, export_id: i64, snapshot_at: i64) -> Vec<Fields> {
    sqlx::query(concat!(
        "SELECT r.patient_id, r.questionnaire_name, r.questionnaire_version, r.reported_by, r.submitted_at, r.timepoint, r.due_at, ",
        "r.answers, r.scores FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id ",
        "WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 ",
        "ORDER BY m.research_id, r.questionnaire_name, r.submitted_at, r.id"
    ))
    .bind(export_id)
    .bind(snapshot_at)
    .fetch_all(&app.db.pool)
    .await
    .expect("responses")
    .iter()
    .map(|r| {
        let text = |i: usize| r.try_get::<String, _>(i).expect("text");
        (
            r.try_get(0).expect("patient"),
            text(1),
            text(2),
            text(3),
            r.try_get(4).expect("time"),
            r.try_get(5).expect("timepoint"),
            r.try_get(6).expect("due"),
            text(7),
            text(8),
        )
    })
    .collect()
}

/// Texts an imported questionnaire could bring: both separators, a quote, a backslash.
const ODD: &str = "2\u{1f}\"b\\\u{1e}";

/// Rows the seed does not make: a version and timepoint holding `ODD` (on a response
/// that becomes the only diary entry), a response stored without its window, and two
/// responses of one member to one questionnaire at the same instant, which the export
/// orders by id.
async fn awkward_rows(app: &TestApp, export_id: i64, snapshot_at: i64) {
    let ids: Vec<(i64, i64, String)> = sqlx::query_as(concat!(
        "SELECT r.id, r.patient_id, r.questionnaire_name FROM checkin_responses r JOIN research_export_members m ",
        "ON m.patient_id = r.patient_id WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 ORDER BY r.id"
    ))
    .bind(export_id)
    .bind(snapshot_at)
    .fetch_all(&app.db.pool)
    .await
    .expect("the members' responses");
    let pair = ids
        .iter()
        .enumerate()
        .find_map(|(i, a)| {
            let b = ids[i + 1..].iter().find(|b| b.1 == a.1)?;
            Some((a.0, b.0))
        })
        .expect("a member with two responses");
    let others: Vec<i64> = ids
        .iter()
        .map(|r| r.0)
        .filter(|id| *id != pair.0 && *id != pair.1)
        .collect();
    sqlx::query(
        "UPDATE checkin_responses SET questionnaire_version = $1, timepoint = $1, questionnaire_name = 'symptom-diary' WHERE id = $2",
    )
    .bind(ODD)
    .bind(others[0])
    .execute(&app.db.pool)
    .await
    .expect("an odd version");
    sqlx::query("UPDATE checkin_responses SET timepoint = NULL, due_at = NULL WHERE id = $1")
        .bind(others[1])
        .execute(&app.db.pool)
        .await
        .expect("no window");
    sqlx::query(concat!(
        "UPDATE checkin_responses SET questionnaire_name = (SELECT questionnaire_name FROM checkin_responses WHERE id = $1), ",
        "submitted_at = (SELECT submitted_at FROM checkin_responses WHERE id = $1) WHERE id = $2"
    ))
    .bind(pair.0)
    .bind(pair.1)
        .execute(&app.db.pool)
        .await
        .expect("the same instant");
}

async fn joined_rows_read_as_one_row_per_response(kind: Kind) {
    let app = spawn(kind).await;
    seeded(&app, 1000, 3).await;
    project(&app, "All").await;
    let out = tempfile::tempdir().expect("temporary folder");
    let path = out.path().join("items.csv");
    let path = path.to_str().expect("path");
    let args = [
        "export",
        "--dataset",
        "items,scores",
        "--project",
        "All",
        "--out",
        path,
        "--file",
        "items.csv",
    ];
    ok(vtv(&app.database_url, &args).await);
    let (export_id, snapshot_at): (i64, i64) =
        sqlx::query_as("SELECT id, snapshot_at FROM research_exports ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("the export");
    awkward_rows(&app, export_id, snapshot_at).await;
    let expected = one_row_each(&app, export_id, snapshot_at).await;
    let read: Vec<Fields> = research_rows::answers_and_scores(&app.db, export_id, snapshot_at, Responses::All)
        .map_ok(|s| {
            let r = s.response;
            let a = r.answered;
            (
                r.patient_id,
                r.questionnaire,
                r.version,
                r.reported_by,
                a.at,
                a.timepoint,
                a.due_at,
                r.json,
                s.scores,
            )
        })
        .try_collect()
        .await
        .expect("read a member at a time");
    assert!(expected.len() > 200, "responses to compare: {}", expected.len());
    let several = expected.windows(2).filter(|w| w[0].0 == w[1].0).count();
    assert!(
        several > 100,
        "members with several responses, whose order counts: {several}"
    );
    assert!(expected.iter().any(|f| f.2 == ODD && f.5.as_deref() == Some(ODD)));
    assert!(
        expected.iter().any(|f| f.5.is_none() && f.6.is_none()),
        "a response without its window"
    );
    assert_eq!(read, expected);

    // The diary alone (its scores), and the rest alone (their answers).
    let diary: Vec<String> = research_rows::responses(&app.db, export_id, snapshot_at, Responses::Diary, true)
        .map_ok(|r| r.json)
        .try_collect()
        .await
        .expect("the diary's scores");
    let is_diary = |f: &&Fields| f.1 == "symptom-diary";
    let expected_diary: Vec<String> = expected.iter().filter(is_diary).map(|f| f.8.clone()).collect();
    assert_eq!(expected_diary.len(), 1);
    assert_eq!(diary, expected_diary);
    let answers: Vec<String> =
        research_rows::responses(&app.db, export_id, snapshot_at, Responses::Questionnaires, false)
            .map_ok(|r| r.json)
            .try_collect()
            .await
            .expect("the questionnaires' answers");
    let expected_answers: Vec<String> = expected.iter().filter(|f| !is_diary(f)).map(|f| f.7.clone()).collect();
    assert_eq!(answers, expected_answers);
}

on_both_databases!(joined_rows_read_as_one_row_per_response);
