//! `QuestionnaireResponse.ndjson`: the item-level answers again, as FHIR R4 resources, one
//! per line, streamed like the CSV files.
use super::{
    files::{member, unreadable, Members},
    instruments::Instruments,
    run::{Out, Progress},
    ExportError,
};
use crate::storage::{
    research_rows::{self, Responses},
    Db,
};
use app::domain::{
    checkins::Answers,
    research::fhir::{questionnaire_response, ResponseFacts},
};
use futures_util::TryStreamExt;

pub async fn write(
    db: &Db,
    export: (i64, i64),
    members: &Members,
    which: Responses,
    instruments: &Instruments,
    out: &mut Out<'_>,
    progress: &mut Progress<'_>,
) -> Result<u64, ExportError> {
    let mut rows = 0u64;
    let mut last: Option<(i64, u64)> = None;
    let mut line = Vec::with_capacity(4096);
    let mut stream = research_rows::responses(db, export.0, export.1, which, false);
    while let Some(r) = stream.try_next().await? {
        let m = member(members, r.patient_id)?;
        let Some([timepoint, week, weeks_after_due]) = m.answer_time(&r.questionnaire, &r.answered)? else {
            continue;
        };
        let answers: Answers = serde_json::from_str(&r.json).map_err(|_| unreadable("answer"))?;
        // Numbered within the patient, so no id says anything about the database.
        let n = match last {
            Some((patient, n)) if patient == r.patient_id => n + 1,
            _ => 1,
        };
        last = Some((r.patient_id, n));
        let id = format!("{}-{n}", m.research_id);
        let resource = questionnaire_response(&ResponseFacts {
            id: &id,
            research_id: &m.research_id,
            questionnaire: &instruments.canonical(&r.questionnaire, &r.version),
            anchor: &m.anchor,
            timepoint: &timepoint,
            week: week.parse().ok(),
            weeks_after_due: weeks_after_due.parse().ok(),
            reported_by: &r.reported_by,
            answers: &answers,
        });
        line.clear();
        serde_json::to_writer(&mut line, &resource).map_err(|e| ExportError::Data(e.to_string()))?;
        line.push(b'\n');
        out.write(&line)?;
        rows += 1;
        progress.tick(out).await?;
    }
    Ok(rows)
}
