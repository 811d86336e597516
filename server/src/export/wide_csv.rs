//! `wide.csv`: the scheduled instruments' answers and scores, one row per research id and
//! timepoint (`research::wide`). Responses are read in research-id order; one patient's
//! scheduled answers (a few dozen at most) are held until the next patient's begin, then
//! written a row per timepoint, in the order the schedule passes them. Memory stays flat
//! whatever the number of patients.
use super::{
    csv_file::CsvFile,
    files::{member, unreadable, Members, Source},
    instruments::Instruments,
    run::{Out, Progress},
    ExportError,
};
use crate::storage::research_rows::{self, Responses, ScoredResponse};
use app::domain::{
    checkins::{Answers, CheckinSchedule, Questionnaire, Score},
    research::{
        wide::{WideAnswer, WideLayout},
        ExportRequest,
    },
};
use futures_util::TryStreamExt;

/// What `wide.csv` holds for this export: its columns, and which answers are scheduled.
pub struct WidePlan {
    pub layout: WideLayout,
    /// (questionnaire, timepoint) of every scheduled window, in the schedule's order.
    scheduled: Vec<(String, String)>,
    /// Which responses the export writes.
    request: ExportRequest,
}

impl WidePlan {
    /// The columns of the scheduled instruments the export's answers give, items and
    /// scores as the request asks.
    pub fn new(schedule: &CheckinSchedule, instruments: &Instruments, request: &ExportRequest) -> WidePlan {
        let scheduled = schedule.scheduled_timepoints();
        let known: Vec<&Questionnaire> = instruments
            .known
            .iter()
            .filter(|q| scheduled.iter().any(|(name, _)| name == q.short_name()))
            .collect();
        let layout = WideLayout::of(&known).keep(request);
        WidePlan {
            layout,
            scheduled,
            request: request.clone(),
        }
    }

    /// Where a timepoint of a questionnaire sits in the schedule, if it is a scheduled one.
    fn position(&self, questionnaire: &str, timepoint: &str) -> Option<usize> {
        self.scheduled
            .iter()
            .position(|(q, t)| q == questionnaire && t == timepoint)
            .map(|_| {
                // Rows follow the first instrument scheduled at the timepoint.
                self.scheduled
                    .iter()
                    .position(|(_, t)| t == timepoint)
                    .unwrap_or(usize::MAX)
            })
    }
}

/// One patient's scheduled response, as released.
struct Held {
    position: usize,
    time: [String; 3],
    row: ScoredResponse,
    answers: Answers,
    scores: Vec<Score>,
}

pub async fn write(
    from: &Source<'_>,
    plan: &WidePlan,
    out: &mut Out<'_>,
    progress: &mut Progress<'_>,
) -> Result<u64, ExportError> {
    let mut file = CsvFile::with_header(out, plan.layout.header());
    let mut stream =
        research_rows::answers_and_scores(from.db, from.export.0, from.export.1, Responses::Questionnaires);
    let mut held: Vec<Held> = Vec::new();
    while let Some(row) = stream.try_next().await? {
        if held
            .first()
            .is_some_and(|h| h.row.response.patient_id != row.response.patient_id)
        {
            rows_of(&mut file, from.members, plan, &mut held)?;
        }
        if let Some(h) = scheduled(from.members, plan, row)? {
            held.push(h);
        }
        file.row_done(progress).await?;
    }
    rows_of(&mut file, from.members, plan, &mut held)?;
    file.finish()
}

/// The response as released, if it answered a scheduled window and is released at all.
fn scheduled(members: &Members, plan: &WidePlan, row: ScoredResponse) -> Result<Option<Held>, ExportError> {
    let r = &row.response;
    let Some(time) = member(members, r.patient_id)?.answer_time(&r.questionnaire, &r.answered)? else {
        return Ok(None);
    };
    let Some(position) = plan.position(&r.questionnaire, &time[0]) else {
        return Ok(None);
    };
    let answers: Answers = serde_json::from_str(&r.json).map_err(|_| unreadable("answer"))?;
    let scores: Vec<Score> = serde_json::from_str(&row.scores).map_err(|_| unreadable("score"))?;
    // Only what the k check weighed: no scores and no items asked for, nothing of it.
    if !plan.request.writes_response(&r.questionnaire, !scores.is_empty()) {
        return Ok(None);
    }
    Ok(Some(Held {
        position,
        time,
        row,
        answers,
        scores,
    }))
}

/// Writes the held responses of one patient, a row per timepoint, and empties them.
fn rows_of(
    file: &mut CsvFile<'_, '_>,
    members: &Members,
    plan: &WidePlan,
    held: &mut Vec<Held>,
) -> Result<(), ExportError> {
    let Some(first) = held.first() else { return Ok(()) };
    let research_id = member(members, first.row.response.patient_id)?.research_id.clone();
    // Stable: within a timepoint, each instrument's first answer stays first.
    held.sort_by_key(|h| h.position);
    for group in held.chunk_by(|a, b| a.position == b.position) {
        let answered: Vec<WideAnswer<'_>> = group
            .iter()
            .map(|h| WideAnswer {
                instrument: &h.row.response.questionnaire,
                version: &h.row.response.version,
                reported_by: &h.row.response.reported_by,
                time: &h.time,
                answers: &h.answers,
                scores: &h.scores,
            })
            .collect();
        let cells = plan.layout.row(&answered);
        let timepoint = group[0].time[0].as_str();
        file.record(
            [research_id.as_str(), timepoint]
                .into_iter()
                .chain(cells.iter().map(String::as_str)),
        );
    }
    held.clear();
    Ok(())
}
