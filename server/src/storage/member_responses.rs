//! An export's responses, one row per member: the member's responses joined by the database
//! (SQLite's `group_concat`, PostgreSQL's `string_agg`), in the export's order, then split
//! here into what a row per response would have held.
//!
//! Responses are separated by U+001E and their fields by U+001F. Neither can occur inside a
//! field: texts are JSON-quoted by the database (which escapes control characters), answers
//! and scores are stored as JSON written by serde (which does too), the rest are numbers.
//! Answers and scores are not checked as JSON when stored, so the database also counts
//! each member's responses: a member whose text splits into another number of responses,
//! or a response into another number of fields, is refused as unreadable, never read
//! shifted.
use super::{
    research_rows::{AnswerStamp, ResponseRow, Responses, ScoredResponse},
    DbKind, Result,
};
use std::sync::LazyLock;

const RESPONSE_SEPARATOR: char = '\u{1e}';
const FIELD_SEPARATOR: char = '\u{1f}';

/// The query for `which` responses on `kind`: `$1` the export, `$2` its snapshot.
pub fn sql(kind: DbKind, which: Responses) -> &'static str {
    static SQL: LazyLock<[[String; 3]; 2]> = LazyLock::new(|| {
        [DbKind::Sqlite, DbKind::Postgres]
            .map(|kind| [Responses::Diary, Responses::Questionnaires, Responses::All].map(|which| written(kind, which)))
    });
    let by_kind = match kind {
        DbKind::Sqlite => &SQL[0],
        DbKind::Postgres => &SQL[1],
    };
    match which {
        Responses::Diary => &by_kind[0],
        Responses::Questionnaires => &by_kind[1],
        Responses::All => &by_kind[2],
    }
}

fn written(kind: DbKind, which: Responses) -> String {
    let (join, quote, field, response) = match kind {
        DbKind::Sqlite => ("group_concat", "json_quote", "char(31)", "char(30)"),
        DbKind::Postgres => ("string_agg", "to_json", "chr(31)", "chr(30)"),
    };
    let quoted = |column: &str| format!("COALESCE(CAST({quote}({column}) AS TEXT), 'null')");
    let fields = [
        quoted("r.questionnaire_name"),
        quoted("r.questionnaire_version"),
        quoted("r.reported_by"),
        "CAST(r.submitted_at AS TEXT)".to_string(),
        quoted("r.timepoint"),
        "COALESCE(CAST(r.due_at AS TEXT), '')".to_string(),
        "r.answers".to_string(),
        "r.scores".to_string(),
    ]
    .join(&format!(" || {field} || "));
    let filter = match which {
        Responses::Diary => "AND r.questionnaire_name = 'symptom-diary'",
        Responses::Questionnaires => "AND r.questionnaire_name <> 'symptom-diary'",
        Responses::All => "",
    };
    format!(
        "SELECT m.patient_id, COUNT(*), {join}({fields}, {response} ORDER BY r.questionnaire_name, r.submitted_at, r.id) \
         FROM research_export_members m JOIN checkin_responses r ON r.patient_id = m.patient_id \
         WHERE m.export_id = $1 AND r.subject = 'patient' AND r.submitted_at <= $2 {filter} \
         GROUP BY m.research_id, m.patient_id ORDER BY m.research_id"
    )
}

/// The responses of one member, from the joined text its row holds and their number.
pub fn split(patient_id: i64, count: i64, joined: &str) -> Result<Vec<ScoredResponse>> {
    let responses: Vec<&str> = joined.split(RESPONSE_SEPARATOR).collect();
    if i64::try_from(responses.len()).ok() != Some(count) {
        return Err(unreadable("a member's responses do not split into their number"));
    }
    responses
        .into_iter()
        .map(|response| one(patient_id, response))
        .collect()
}

fn one(patient_id: i64, response: &str) -> Result<ScoredResponse> {
    let fields: Vec<&str> = response.split(FIELD_SEPARATOR).collect();
    let [questionnaire, version, reported_by, at, timepoint, due_at, answers, scores] = fields[..] else {
        return Err(unreadable("a response does not split into its fields"));
    };
    let number = |text: &str| text.parse::<i64>().map_err(|_| unreadable("a time is not a number"));
    Ok(ScoredResponse {
        response: ResponseRow {
            patient_id,
            questionnaire: serde_json::from_str(questionnaire)?,
            version: serde_json::from_str(version)?,
            reported_by: serde_json::from_str(reported_by)?,
            answered: AnswerStamp {
                at: number(at)?,
                timepoint: serde_json::from_str(timepoint)?,
                due_at: match due_at {
                    "" => None,
                    due => Some(number(due)?),
                },
            },
            json: answers.to_string(),
        },
        scores: scores.to_string(),
    })
}

fn unreadable(what: &str) -> super::StorageError {
    sqlx::Error::Decode(format!("stored responses: {what}").into()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(responses: &[[&str; 8]]) -> String {
        responses
            .iter()
            .map(|fields| fields.join("\u{1f}"))
            .collect::<Vec<_>>()
            .join("\u{1e}")
    }

    #[test]
    fn splits_responses_and_their_fields_in_order() {
        let text = joined(&[
            [
                "\"phq-9\"",
                "\"1\"",
                "\"patient\"",
                "100",
                "\"D28\"",
                "90",
                "{\"q\":{\"choice\":\"2\"}}",
                "[]",
            ],
            [
                "\"gad-7\"",
                "\"a\\u001fb\"",
                "\"caregiver\"",
                "200",
                "null",
                "",
                "{}",
                "[{\"scale\":\"t\"}]",
            ],
        ]);
        let read = split(7, 2, &text).unwrap_or_default();
        assert_eq!(read.len(), 2, "readable");
        let (first, second) = (&read[0].response, &read[1].response);
        assert_eq!(
            (first.patient_id, first.questionnaire.as_str(), first.version.as_str()),
            (7, "phq-9", "1")
        );
        assert_eq!(
            first.answered,
            AnswerStamp {
                at: 100,
                timepoint: Some("D28".into()),
                due_at: Some(90)
            }
        );
        assert_eq!(first.json, "{\"q\":{\"choice\":\"2\"}}");
        // A separator inside a quoted text comes back as it was stored.
        assert_eq!(
            (second.version.as_str(), second.reported_by.as_str()),
            ("a\u{1f}b", "caregiver")
        );
        assert_eq!(
            second.answered,
            AnswerStamp {
                at: 200,
                timepoint: None,
                due_at: None
            }
        );
        assert_eq!(read[1].scores, "[{\"scale\":\"t\"}]");
    }

    #[test]
    fn refuses_a_response_that_does_not_split_into_its_fields() {
        let short =
            joined(&[["\"phq-9\"", "\"1\"", "\"patient\"", "100", "null", "", "{}", "[]"]]).replacen('\u{1f}', "", 1);
        assert!(split(1, 1, &short).is_err());
        let unquoted = joined(&[["phq-9", "\"1\"", "\"patient\"", "100", "null", "", "{}", "[]"]]);
        assert!(split(1, 1, &unquoted).is_err());
        let bad_time = joined(&[["\"phq-9\"", "\"1\"", "\"patient\"", "x", "null", "", "{}", "[]"]]);
        assert!(split(1, 1, &bad_time).is_err());
    }

    #[test]
    fn refuses_answers_that_would_read_as_two_responses() {
        // Answers are not checked as JSON when stored: one holding both separators and a
        // whole second response splits into two of eight fields each.
        let forged = "{}\u{1f}[]\u{1e}\"phq-9\"\u{1f}\"1\"\u{1f}\"patient\"\u{1f}100\u{1f}null\u{1f}\u{1f}{}";
        let text = joined(&[["\"gad-7\"", "\"1\"", "\"patient\"", "50", "null", "", forged, "[]"]]);
        assert_eq!(text.split('\u{1e}').count(), 2);
        assert!(split(1, 1, &text).is_err());
        assert_eq!(
            split(1, 2, &text).map(|r| r.len()).ok(),
            Some(2),
            "what the count stops"
        );
    }
}
