//! One patient's check-ins for their nurses: each answer in words, scores over time, the
//! temperature curve against the centre's fever line, and the goal ratings. The caregiver's
//! own wellbeing is theirs: shown apart, never mixed into the patient's trends.
use super::{audit_entry, timeline::managed, Services};
use crate::{
    storage::{audit, checkins as store},
    zones,
};
use app::domain::checkins::score_words::scale_words;
use app::{
    api::checkins::{AnsweredCheckin, PatientCheckins, Trend},
    backend::RequestContext,
    domain::{
        checkins::{answer_in_words, charts::chart, Answer, Answers, ItemKind, Questionnaire, Score},
        triage::{temperature_c, Level},
    },
    error::AppError,
    i18n::{dates, fill, t, Locale, Msg},
};
use std::collections::BTreeMap;

/// The latest this many responses are reviewed on the page.
const SHOWN: i64 = 500;

pub async fn for_patient(
    services: &Services,
    request: &RequestContext,
    patient_id: i64,
) -> Result<PatientCheckins, AppError> {
    let viewer = request.viewer()?;
    let actor = &viewer.actor;
    let centre_id = managed(services, actor, patient_id).await?;
    audit::record(&services.db, audit_entry(request, "checkins.patient").about(patient_id)).await?;
    let zone = super::accounts::viewer_zone(services, &viewer, centre_id).await?;
    let threshold = store::fever_threshold(&services.db, centre_id)
        .await?
        .unwrap_or(services.checkins().rules.default_fever_threshold_c);
    let records = store::of_patient(&services.db, patient_id, SHOWN).await?;
    let locale = viewer.locale;
    let lang = locale.language();
    let mut patient = Series::default();
    let mut caregiver = Series::default();
    let mut answered = Vec::new();
    let known = questionnaires_of(services, &records).await?;
    for r in &records {
        let Some(q) = known.get(&r.questionnaire) else {
            continue;
        };
        let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
        let scores: Vec<Score> = serde_json::from_str(&r.scores).unwrap_or_default();
        let series = if r.subject == "caregiver" {
            &mut caregiver
        } else {
            &mut patient
        };
        series.add(q, lang, r.answered_at, &answers, &scores);
        let (on, time) = zones::local(r.answered_at, zone)
            .map(|(d, time, _)| (d.to_string(), time))
            .unwrap_or_default();
        answered.push(AnsweredCheckin {
            id: r.id,
            title: q.title.in_language(lang).to_string(),
            submitted_on: on,
            submitted_time: time,
            arrived_later: arrived_later(r, zone),
            reported_by: r.reported_by.clone(),
            late: r.is_late,
            level: r.level.as_ref().and_then(|l| Level::parse(l)),
            answers: in_words(q, &answers, locale, &[]),
            scores,
        });
    }
    answered.reverse();
    use app::domain::checkins::Respondent;
    // The caregiver's own check-ins are theirs: not listed as the patient's to do.
    let due = super::checkin_windows::due_for(
        services,
        actor.user_id,
        patient_id,
        &[Respondent::Patient, Respondent::CaregiverObserving],
    )
    .await?;
    Ok(PatientCheckins {
        due,
        trends: patient.trends(locale, Some(threshold)),
        caregiver_trends: caregiver.trends(locale, None),
        answered,
    })
}

/// The questionnaires the records answered, each looked up once; one no longer known is
/// left out (its answers are not shown).
pub(super) async fn questionnaires_of(
    services: &Services,
    records: &[store::ResponseRecord],
) -> Result<BTreeMap<String, Questionnaire>, AppError> {
    let mut known = BTreeMap::new();
    for r in records {
        if !known.contains_key(&r.questionnaire) {
            if let Some(q) = super::questionnaires::find(services, &r.questionnaire).await? {
                known.insert(r.questionnaire.clone(), q);
            }
        }
    }
    Ok(known)
}

/// Each answer with its question, in the order of the form, in the reader's language; the
/// items of `leave_out` are not told.
pub(super) fn in_words(
    q: &Questionnaire,
    answers: &Answers,
    locale: Locale,
    leave_out: &[&str],
) -> Vec<(String, String)> {
    let lang = locale.language();
    let (yes, no) = (t(locale, Msg::AnswerYes), t(locale, Msg::AnswerNo));
    q.all_items()
        .into_iter()
        .filter(|item| !leave_out.contains(&item.link_id.as_str()))
        .filter_map(|item| {
            let answer = answers.get(&item.link_id)?;
            Some((
                item.text.in_language(lang).to_string(),
                answer_in_words(q, &item.link_id, answer, lang, yes, no),
            ))
        })
        .collect()
}

/// (seconds, value), oldest first.
type Points = Vec<(i64, f64)>;

/// Points gathered per line: a scale's totals by title (with the scale's range), the
/// temperature, and each goal's ratings by the goal's name.
#[derive(Default)]
pub(super) struct Series {
    scores: BTreeMap<String, ((f64, f64), Points)>,
    temperature: Points,
    goals: BTreeMap<String, Points>,
}

impl Series {
    pub(super) fn add(&mut self, q: &Questionnaire, lang: &str, at: i64, answers: &Answers, scores: &[Score]) {
        for score in scores {
            let (Some(total), Some(scale)) = (score.total, q.scales.iter().find(|s| s.id == score.scale)) else {
                continue;
            };
            let range = (
                scale.bands.first().map_or(0, |b| b.min) as f64,
                scale.bands.last().map_or(total, |b| b.max) as f64,
            );
            let title = format!("{} {}", q.title.in_language(lang), scale_words(lang, &scale.id));
            self.scores
                .entry(title)
                .or_insert((range, Vec::new()))
                .1
                .push((at, total as f64));
        }
        if q.item("temperature_c").is_some() {
            if let Some(c) = temperature_c(answers, "temperature_c", "temperature_f") {
                self.temperature.push((at, c));
            }
        }
        for item in q.all_items() {
            // A goal's rating hangs on the goal it rates (`goal_1_progress` on `goal_1`).
            let Some(goal) = item.link_id.strip_suffix("_progress") else {
                continue;
            };
            if let (ItemKind::Integer(_), Some(Answer::String(name)), Some(Answer::Integer(rating))) =
                (&item.kind, answers.get(goal), answers.get(&item.link_id))
            {
                self.goals
                    .entry(name.trim().to_string())
                    .or_default()
                    .push((at, *rating as f64));
            }
        }
    }

    pub(super) fn trends(self, locale: Locale, fever_line: Option<f64>) -> Vec<Trend> {
        let trend = |title: String, points: &[(i64, f64)], range: (f64, f64), line: Option<f64>, digits: usize| {
            chart(points, range, line).map(|chart| Trend {
                title,
                chart,
                values: points.iter().map(|(_, v)| dates::decimal(locale, *v, digits)).collect(),
            })
        };
        let mut out: Vec<Trend> = self
            .scores
            .into_iter()
            .filter_map(|(title, (range, points))| trend(title, &points, range, None, 0))
            .collect();
        out.extend(trend(
            t(locale, Msg::TrendTemperature).to_string(),
            &self.temperature,
            (36.0, 38.5),
            fever_line,
            1,
        ));
        out.extend(self.goals.into_iter().filter_map(|(goal, points)| {
            trend(
                fill(t(locale, Msg::TrendGoal), &[("goal", &goal)]),
                &points,
                (0.0, 10.0),
                None,
                0,
            )
        }));
        out
    }
}

/// When an answer kept on a phone without signal reached the server, if that was more than
/// a quarter of an hour after it was given: the nurse sees both.
fn arrived_later(r: &store::ResponseRecord, zone: chrono_tz::Tz) -> Option<String> {
    const LATER_SECONDS: i64 = 15 * 60;
    if r.submitted_at - r.answered_at <= LATER_SECONDS {
        return None;
    }
    zones::local(r.submitted_at, zone).map(|(day, time, _)| format!("{day} {time}"))
}
