//! "My results" (`app::api::results`): the patient's own check-ins told back to them, with
//! the wording rules of `domain::checkins::result_words`. The patient alone reads them, and
//! each read is audit-logged.
use super::{
    audit_entry,
    checkin_review::{in_words, questionnaires_of, Series},
    timeline::readable,
    timeline_views::centre_profile,
    Services,
};
use crate::{
    storage::{audit, checkins as store, flags},
    zones,
};
use app::{
    api::{
        results::{MyAnswer, ResultsView, ScoreWords},
        CentreContact,
    },
    backend::RequestContext,
    domain::{
        checkins::{
            result_words::{is_alarming, is_crisis, team_told},
            results_page::window,
            score_words::{band_words, scale_words},
            Answers, Questionnaire, Score,
        },
        role::Role,
        triage::{Advice, TriageRules},
    },
    error::AppError,
    i18n::Locale,
};

/// A year of twice-daily diaries, and the rest.
const SHOWN: i64 = 1000;

pub async fn mine(services: &Services, request: &RequestContext, from: usize) -> Result<ResultsView, AppError> {
    let viewer = request.viewer()?;
    if viewer.actor.role != Role::Patient {
        return Err(AppError::Forbidden);
    }
    let patient_id = viewer.actor.user_id;
    let centre_id = readable(services, &viewer.actor, patient_id).await?;
    audit::record(&services.db, audit_entry(request, "results.read").about(patient_id)).await?;
    let centre = centre_profile(services, centre_id).await?;
    let zone = super::accounts::viewer_zone(services, viewer, centre_id).await?;
    let threshold = store::fever_threshold(&services.db, centre_id)
        .await?
        .unwrap_or(services.checkins().rules.default_fever_threshold_c);
    let raised = flags::of_patient_responses(&services.db, patient_id).await?;
    let records = store::of_patient(&services.db, patient_id, SHOWN).await?;
    let mut series = Series::default();
    // The caregiver's own wellbeing is theirs, not the patient's results.
    let records: Vec<_> = records.into_iter().filter(|r| r.subject == "patient").collect();
    let known = questionnaires_of(services, &records).await?;
    let mut read = Vec::with_capacity(records.len());
    for r in &records {
        let Some(q) = known.get(&r.questionnaire) else {
            continue;
        };
        let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
        let scores: Vec<Score> = serde_json::from_str(&r.scores).unwrap_or_default();
        series.add(q, viewer.locale.language(), r.answered_at, &answers, &scores);
        read.push((r, q, answers, scores));
    }
    // Every answer in the charts; a page of them in words, newest first.
    let page = window(read.len(), from);
    let checkins = services.checkins();
    let rules = &checkins.rules;
    let answered = read
        .iter()
        .rev()
        .skip(page.start)
        .take(page.end - page.start)
        .map(|(r, q, answers, scores)| {
            let own: Vec<&flags::ResponseFlag> = raised.iter().filter(|f| f.response_id == r.id).collect();
            answer(viewer.locale, zone, q, r, answers, scores, &own, rules)
        })
        .collect();
    Ok(ResultsView {
        page,
        trends: series.trends(viewer.locale, Some(threshold)),
        fever_threshold_c: threshold,
        answered,
        emergency_number: super::practical_help::emergency_for(services, patient_id, &centre.country)
            .await?
            .to_string(),
        centre: CentreContact {
            name: centre.name,
            hotline: centre.hotline,
        },
    })
}

#[allow(clippy::too_many_arguments)]
fn answer(
    locale: Locale,
    zone: chrono_tz::Tz,
    q: &Questionnaire,
    r: &store::ResponseRecord,
    answers: &Answers,
    scores: &[Score],
    raised: &[&flags::ResponseFlag],
    rules: &TriageRules,
) -> MyAnswer {
    let lang = locale.language();
    let local = |at: i64| zones::local(at, zone);
    let (on, time) = local(r.answered_at)
        .map(|(d, time, _)| (d.to_string(), time))
        .unwrap_or_default();
    let advice: Vec<Advice> = raised.iter().filter_map(|f| f.advice).collect();
    let crisis = is_crisis(&advice);
    // The items whose answer raised crisis advice are not told back in their own words.
    let crisis_items: Vec<&str> = raised
        .iter()
        .filter(|f| f.advice == Some(Advice::Crisis))
        .filter_map(|f| rules.rules.iter().find(|rule| rule.id == f.rule))
        .filter_map(|rule| rule.when.item())
        .collect();
    // The worst flag the answer raised.
    let level = raised.iter().map(|f| f.level).min();
    let seen = raised.iter().filter_map(|f| f.acknowledged_at).min();
    MyAnswer {
        id: r.id,
        title: q.title.in_language(lang).to_string(),
        on,
        time,
        by_caregiver: r.reported_by == "caregiver",
        told: team_told(level),
        seen_on: seen.and_then(local).map(|(d, _, _)| d.to_string()),
        crisis,
        answers: in_words(q, answers, locale, &crisis_items),
        scores: scores.iter().filter_map(|s| score_words(q, lang, s)).collect(),
    }
}

pub(super) fn score_words(q: &Questionnaire, lang: &str, score: &Score) -> Option<ScoreWords> {
    let total = score.total?;
    let band = score.band.as_deref();
    Some(ScoreWords {
        scale: format!("{} {}", q.title.in_language(lang), scale_words(lang, &score.scale)),
        total,
        band: band.map(|b| band_words(lang, b)),
        alarming: band.is_some_and(is_alarming),
    })
}
