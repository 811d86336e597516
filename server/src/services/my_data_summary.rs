//! The one-page PDF of "Download my data": the record (`my_data::record`) put into the
//! patient's words (`app::domain::my_data::summary`), then drawn (`summary_pdf`).
use super::{
    my_data::{record, Record},
    my_results::score_words,
    summary_pdf,
    timeline_views::centre_profile,
    Services,
};
use crate::{storage::centres::CentreProfile, zones};
use app::{
    backend::RequestContext,
    domain::{
        checkins::Score,
        my_data::summary::{self, capped, clipped, Row, Section, Summary},
        timeline::MilestoneStatus,
    },
    error::AppError,
    i18n::{dates::long_date, t, Locale, Msg},
    pages::timeline_labels::milestone_name_in,
};
use std::collections::BTreeSet;

pub async fn pdf(services: &Services, request: &RequestContext) -> Result<Vec<u8>, AppError> {
    let record = record(services, request, "my_data.pdf").await?;
    let centre = centre_profile(services, record.centre_id).await?;
    let emergency = super::practical_help::emergency_for(services, record.patient_id, &centre.country).await?;
    let summary = summary_of(&record, &centre, emergency, services.clock.now());
    summary_pdf::render(&summary).map_err(|error| {
        tracing::error!(%error, "a summary PDF could not be made");
        AppError::Unavailable
    })
}

fn summary_of(record: &Record, centre: &CentreProfile, emergency: &str, now: i64) -> Summary {
    let locale = record.locale;
    let zone = zones::zone_or_utc(&centre.time_zone);
    let day = |at: i64| {
        zones::local(at, zone)
            .map(|(d, _, _)| long_date(locale, &d.to_string()))
            .unwrap_or_default()
    };
    let more = |n: usize| t(locale, Msg::SummaryMore).replace("{count}", &n.to_string());
    let section = |heading: Msg, rows: Vec<Row>, cap: usize, empty: Msg| Section {
        heading: t(locale, heading).to_string(),
        rows: capped(rows, cap, more),
        empty: t(locale, empty).to_string(),
    };
    Summary {
        title: t(locale, Msg::SummaryTitle).to_string(),
        about: t(locale, Msg::SummaryAbout)
            .replace("{name}", &record.name)
            .replace("{date}", &day(now)),
        sections: vec![
            section(
                Msg::SummaryTimeline,
                timeline_rows(record),
                summary::TIMELINE_ROWS,
                Msg::SummaryNoTimeline,
            ),
            section(
                Msg::SummaryScores,
                score_rows(record, &day),
                summary::SCORE_ROWS,
                Msg::SummaryNoScores,
            ),
            section(
                Msg::SummaryQuestions,
                question_rows(record, &day),
                summary::QUESTION_ROWS,
                Msg::SummaryNoQuestions,
            ),
        ],
        footer: vec![
            format!("{} · {}: {}", centre.name, t(locale, Msg::HotlineLabel), centre.hotline),
            t(locale, Msg::SummaryEmergency).replace("{number}", emergency),
        ],
        language: locale.language().to_string(),
    }
}

/// Each step in date order, with where it stands, from just before the first to come.
fn timeline_rows(record: &Record) -> Vec<Row> {
    let locale = record.locale;
    let Some(treatment) = &record.treatment else {
        return Vec::new();
    };
    let timeline = &treatment.timeline;
    let order = timeline.chronological();
    let settled = |i: &usize| {
        matches!(
            timeline.milestones[*i].status,
            MilestoneStatus::Done | MilestoneStatus::Cancelled
        )
    };
    let first_open = order.iter().position(|i| !settled(i)).unwrap_or(order.len());
    let rows = order
        .into_iter()
        .map(|i| {
            let m = &timeline.milestones[i];
            Row {
                when: long_date(locale, &m.date().to_string()),
                what: format!(
                    "{} · {}",
                    milestone_name_in(locale, m.kind, &m.key),
                    t(locale, status_words(m.status))
                ),
            }
        })
        .collect();
    summary::from_recent(rows, first_open)
}

fn status_words(status: MilestoneStatus) -> Msg {
    match status {
        MilestoneStatus::Planned => Msg::StPlanned,
        MilestoneStatus::Confirmed => Msg::StConfirmed,
        MilestoneStatus::Done => Msg::StDone,
        MilestoneStatus::Delayed => Msg::StDelayed,
        MilestoneStatus::Cancelled => Msg::StCancelled,
    }
}

/// The latest score of each scale, newest first, with its band in words. A band that reads
/// as alarming alone comes with its context (`result_words`), once, after the scores.
fn score_rows(record: &Record, day: &dyn Fn(i64) -> String) -> Vec<Row> {
    let locale = record.locale;
    let lang = locale.language();
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    let mut alarming = false;
    for r in record.responses.iter().rev() {
        let Some(q) = record.questionnaires.get(&r.questionnaire) else {
            continue;
        };
        let scores: Vec<Score> = serde_json::from_str(&r.scores).unwrap_or_default();
        for score in &scores {
            let Some(words) = score_words(q, lang, score) else {
                continue;
            };
            if !seen.insert((r.questionnaire.clone(), score.scale.clone())) {
                continue;
            }
            alarming |= words.alarming;
            let what = match &words.band {
                Some(band) => t(locale, Msg::ResultsScoreBand).replace("{band}", band),
                None => t(locale, Msg::ResultsScore).to_string(),
            };
            rows.push(Row {
                when: day(r.answered_at),
                what: what
                    .replace("{scale}", &words.scale)
                    .replace("{total}", &words.total.to_string()),
            });
        }
    }
    rows.truncate(summary::SCORE_ROWS - 1);
    if alarming {
        rows.push(context_row(locale));
    }
    rows
}

fn context_row(locale: Locale) -> Row {
    Row {
        when: String::new(),
        what: format!(
            "{} {}",
            t(locale, Msg::ResultsAlarmingNext),
            t(locale, Msg::ResultsTeamAtVisit)
        ),
    }
}

/// The open questions, oldest first, each cut to [`summary::LONGEST`] characters.
fn question_rows(record: &Record, day: &dyn Fn(i64) -> String) -> Vec<Row> {
    record
        .questions
        .iter()
        .filter(|q| q.answered_at.is_none())
        .map(|q| Row {
            when: day(q.asked_at),
            what: clipped(&q.text, summary::LONGEST),
        })
        .collect()
}
