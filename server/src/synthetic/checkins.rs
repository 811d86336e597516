//! Synthetic check-ins: valid random answers to each questionnaire (now and then a fever, and
//! free text naming the patient, which exports must drop), scored and triaged as the server
//! does, with flags acknowledged and resolved by the centre's nurse. They answer the windows
//! the schedule opens on the patient's own timeline, in order, each with the patient's own
//! adherence, within the hours the window is open: exports must be tested on real patterns.
use crate::{
    error::StartupError,
    services::checkins::CheckinCatalogue,
    storage::{now, Db},
};
use app::domain::checkins::schedule::{Respondent, Window};
use app::domain::timeline::Timeline;
use app::domain::{
    checkins::{questionnaire::Item, score_all, shown_only, Answer, Answers, ItemKind, Questionnaire},
    triage::{triage, Flag, Response},
};
use rand::{rngs::StdRng, seq::SliceRandom, Rng};

fn random_answers(rng: &mut StdRng, items: &[Item], free_text: &str, answers: &mut Answers) {
    for item in items {
        let answer = match &item.kind {
            ItemKind::Group => {
                random_answers(rng, &item.items, free_text, answers);
                None
            }
            ItemKind::Display => None,
            ItemKind::Choice(options) => options.choose(rng).map(|o| Answer::Choice(o.code.clone())),
            ItemKind::Integer(b) => Some(Answer::Integer(
                rng.gen_range(b.min.unwrap_or(0)..=b.max.unwrap_or(10).max(b.min.unwrap_or(0))),
            )),
            // Temperatures mostly normal, now and then a fever.
            ItemKind::Decimal(b) => {
                let (lo, hi) = (b.min.unwrap_or(0.0), b.max.unwrap_or(10.0));
                let x = if lo > 30.0 && hi < 45.0 {
                    if rng.gen_bool(0.05) {
                        38.6
                    } else {
                        36.8
                    }
                } else {
                    lo + (hi - lo) / 2.0
                };
                Some(Answer::Decimal(x))
            }
            ItemKind::Boolean => Some(Answer::Boolean(rng.gen_bool(0.08))),
            ItemKind::String { .. } => rng.gen_bool(0.5).then(|| Answer::String(free_text.to_string())),
        };
        if let Some(answer) = answer {
            answers.insert(item.link_id.clone(), answer);
        }
    }
}

/// Up to `count` of the patient's own windows due by now, in order: each answered with
/// the patient's adherence (drawn from `lowest` to 100 %), at a random moment while it is open. Answers the
/// questionnaire and the instant (the centre's local time read as UTC: a synthetic answer
/// may fall an hour or two off, never a window).
fn answered<'q>(
    rng: &mut StdRng,
    questionnaires: &[&'q Questionnaire],
    checkins: &CheckinCatalogue,
    timeline: &Timeline,
    (count, lowest): (usize, f64),
) -> Vec<(&'q Questionnaire, Window, i64)> {
    let adherence = rng.gen_range(lowest.clamp(0.0, 1.0)..=1.0);
    let windows: Vec<Window> = checkins.schedule.windows(timeline);
    let mut out = Vec::new();
    for w in windows.iter().filter(|w| w.respondent == Respondent::Patient) {
        let Some(q) = questionnaires.iter().find(|q| q.short_name() == w.questionnaire) else {
            continue;
        };
        let due = w.due.and_utc().timestamp();
        let open = (w.closes.and_utc().timestamp() - due).max(60);
        let at = due + rng.gen_range(0..open);
        if out.len() >= count || at > now() {
            break;
        }
        if rng.gen_bool(adherence) {
            out.push((*q, w.clone(), at));
        }
    }
    out
}

/// Whose check-ins these are, and the nurse who looks after their flags.
pub struct Who<'a> {
    pub patient_id: i64,
    pub nurse_id: i64,
    pub full_name: &'a str,
}

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// Writes the patient's answers to the windows they answered, scored and triaged in order
/// (each against their previous answer to the same questionnaire), with their flags.
/// Answers how many responses and answers were written.
pub async fn responses(
    db: &Db,
    rng: &mut StdRng,
    questionnaires: &[&Questionnaire],
    checkins: &CheckinCatalogue,
    who: &Who<'_>,
    timeline: &Timeline,
    count: (usize, f64),
) -> Result<(usize, usize), StartupError> {
    let free_text = format!("Note from {}: slept badly", who.full_name);
    let mut answers_written = 0;
    let mut previous: std::collections::HashMap<&str, Vec<app::domain::checkins::Score>> = Default::default();
    let chosen = answered(rng, questionnaires, checkins, timeline, count);
    let written = chosen.len();
    let mut tx = db.pool.begin().await?;
    for (i, (q, window, at)) in chosen.into_iter().enumerate() {
        let mut answers = Answers::new();
        random_answers(rng, &q.items, &free_text, &mut answers);
        let answers = shown_only(q, &answers);
        answers_written += answers.len();
        let scores = score_all(q, &answers);
        let before = previous.get(q.id.as_str()).cloned().unwrap_or_default();
        let response = Response {
            questionnaire: q,
            answers: &answers,
            scores: &scores,
            previous: &before,
            fever_threshold_c: None,
        };
        let flags = triage(&checkins.rules, &response).flags;
        let answered = Answered { i, window: &window, at };
        let response_id = insert_response(
            &mut tx,
            &response,
            (&checkins.rules.version, &checkins.schedule.version),
            &flags,
            who,
            answered,
        )
        .await?;
        insert_flags(&mut tx, rng, &flags, response_id, who, at).await?;
        previous.insert(q.id.as_str(), scores);
    }
    tx.commit().await?;
    Ok((written, answers_written))
}

/// The `i`-th answer written for the patient: to which window, and when.
struct Answered<'w> {
    i: usize,
    window: &'w Window,
    at: i64,
}

/// The response row, as the server stores a patient's own submission; answers its id.
async fn insert_response(
    tx: &mut Tx<'_>,
    r: &Response<'_>,
    (rules_version, schedule_version): (&str, &str),
    flags: &[Flag],
    who: &Who<'_>,
    Answered { i, window, at }: Answered<'_>,
) -> Result<i64, StartupError> {
    let json = serde_json::to_string(r.answers).map_err(|e| StartupError::Other(e.to_string()))?;
    let scores_json = serde_json::to_string(r.scores).map_err(|e| StartupError::Other(e.to_string()))?;
    Ok(sqlx::query_scalar("INSERT INTO checkin_responses (client_id, patient_id, subject, respondent_id, reported_by, questionnaire_name, questionnaire_version, schedule_id, due_at, timepoint, submitted_at, answered_at, is_late, answers, scores, triage_version, level, schedule_version) VALUES ($1, $2, 'patient', $2, 'patient', $3, $4, $5, $6, $7, $8, $8, 0, $9, $10, $11, $12, $13) RETURNING id")
        .bind(format!("synthetic-{}-{i}", who.patient_id))
        .bind(who.patient_id)
        .bind(r.questionnaire.short_name())
        .bind(&r.questionnaire.version)
        .bind(&window.schedule)
        .bind(window.due.and_utc().timestamp())
        .bind(&window.timepoint)
        .bind(at)
        .bind(&json)
        .bind(&scores_json)
        .bind(rules_version)
        .bind(flags.iter().map(|f| f.level).min().map(|l| l.as_str()))
        .bind(schedule_version)
        .fetch_one(&mut **tx)
        .await?)
}

/// The response's flags, most acknowledged by the nurse within hours, many resolved.
async fn insert_flags(
    tx: &mut Tx<'_>,
    rng: &mut StdRng,
    flags: &[Flag],
    response_id: i64,
    who: &Who<'_>,
    at: i64,
) -> Result<(), StartupError> {
    for flag in flags {
        let acknowledged = rng
            .gen_bool(0.8)
            .then(|| at + rng.gen_range(60..36_000))
            .filter(|t| *t <= now());
        let resolved = acknowledged
            .filter(|_| rng.gen_bool(0.7))
            .map(|t| t + rng.gen_range(60..86_400))
            .filter(|t| *t <= now());
        sqlx::query("INSERT INTO flags (response_id, patient_id, rule, level, advice, raised_at, acknowledged_by, acknowledged_at, resolved_by, resolved_at, resolution) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(response_id)
            .bind(who.patient_id)
            .bind(&flag.rule)
            .bind(flag.level.as_str())
            .bind(flag.advice.map(|a| a.as_str()))
            .bind(at)
            .bind(acknowledged.map(|_| who.nurse_id))
            .bind(acknowledged)
            .bind(resolved.map(|_| who.nurse_id))
            .bind(resolved)
            .bind(resolved.map(|_| format!("Called {} back", who.full_name)))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
