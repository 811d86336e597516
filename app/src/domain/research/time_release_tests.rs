use super::*;
use crate::domain::research::journey_release::Step;
use crate::domain::research::timepoints::Answered;
use proptest::prelude::*;

fn answered(instrument: &str, days: &[i64]) -> Vec<AnswerTime> {
    days.iter()
        .map(|d| AnswerTime::of(instrument, Answered::on_day(*d), Some(0)))
        .collect()
}

fn patient(before: &str, days: &[i64]) -> TimeQuasi {
    TimeQuasi {
        released_before: before.into(),
        record: ("r".into(), "r".into()),
        answers: answered("phq-9", days),
        treatments: vec![],
    }
}

#[test]
fn patients_answering_alike_keep_their_weeks() {
    let records: Vec<TimeQuasi> = (0..5).map(|_| patient("a", &[28, 100])).collect();
    let release = choose(&records, 5);
    assert_eq!(release.levels, vec![Some(0); 5]);
    assert_eq!(release.summary.by_level, [5, 0, 0, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn weeks_too_rare_are_dropped_but_the_timepoint_kept() {
    // Days 30, 35 and 42 are all D28, in weeks 4, 5 and 6.
    let mut records: Vec<TimeQuasi> = (0..5).map(|_| patient("a", &[30])).collect();
    records.extend((0..2).map(|_| patient("a", &[35])));
    records.extend((0..3).map(|_| patient("a", &[42])));
    let release = choose(&records, 5);
    // The five in week 4 keep it; the others share D28 without a week.
    assert_eq!(&release.levels[..5], &[Some(0); 5]);
    assert_eq!(&release.levels[5..], &[Some(1); 5]);
    assert_eq!(release.summary.by_level, [5, 5, 0, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn timepoint_patterns_too_rare_withhold_the_answers() {
    let mut records: Vec<TimeQuasi> = (0..5).map(|_| patient("a", &[28])).collect();
    records.push(patient("a", &[28, 365]));
    records.extend((0..4).map(|_| patient("a", &[28, 100])));
    let release = choose(&records, 5);
    assert_eq!(&release.levels[5..], &[Some(6); 5]);
    assert_eq!(LEVELS[6].answer_columns(&records[5].answers[0]), None);
}

#[test]
fn a_patient_alone_at_every_level_is_left_out() {
    let mut records: Vec<TimeQuasi> = (0..5).map(|_| patient("a", &[30])).collect();
    records.push(patient("a", &[35]));
    let release = choose(&records, 5);
    assert_eq!(release.levels[5], None);
    assert_eq!(release.summary.suppressed, 1);
}

#[test]
fn a_coarser_record_keeps_answers_that_a_fine_one_would_withhold() {
    let mut records: Vec<TimeQuasi> = (0..3).map(|_| patient("", &[28])).collect();
    records.extend((0..3).map(|_| patient("", &[28])));
    for (i, r) in records.iter_mut().enumerate() {
        r.record = (format!("40-49 {}", i % 2), "40-59".into());
    }
    let release = choose(&records, 5);
    assert_eq!(release.levels, [Some(4); 6]);
}

#[test]
fn what_was_released_before_splits_groups() {
    let mut records: Vec<TimeQuasi> = (0..5).map(|_| patient("a", &[28])).collect();
    records.extend((0..2).map(|_| patient("b", &[28])));
    let release = choose(&records, 5);
    assert_eq!(&release.levels[5..], &[None, None]);
    assert_eq!(
        release.summary.suppressed, 2,
        "group b is below k even with nothing new"
    );
}

#[test]
fn journeys_coarsen_to_bands_before_answers_are_withheld() {
    let journey = |v2v: i64| TreatmentFacts {
        product: "axi-cel".into(),
        status: "active".into(),
        apheresis: Step {
            day: Some(-v2v),
            done: true,
            delay: Some(0),
        },
        release: Step::default(),
        infusion: Step {
            day: Some(0),
            done: true,
            delay: Some(0),
        },
        ..TreatmentFacts::default()
    };
    let records: Vec<TimeQuasi> = (0..6)
        .map(|i| TimeQuasi {
            released_before: "a".into(),
            record: ("r".into(), "r".into()),
            answers: answered("phq-9", &[28]),
            treatments: vec![journey(35 + 7 * i)],
        })
        .collect();
    let release = choose(&records, 3);
    // 5, 6, 7, 8 weeks band together as 5-8; 9 and 10 weeks as 9-12 are only two.
    assert_eq!(release.levels[..4], [Some(2); 4]);
    // The two left are a group of two with nothing new either: left out.
    assert_eq!(release.levels[4..], [None, None]);
}

fn record() -> impl Strategy<Value = TimeQuasi> {
    (
        prop::sample::select(vec!["a", "b", "c"]),
        prop::collection::vec((0usize..3, -30i64..400), 0..4),
        prop::option::of(20i64..90),
    )
        .prop_map(|(before, answers, v2v)| TimeQuasi {
            released_before: before.into(),
            record: (format!("fine {before}"), "coarse".into()),
            answers: answers
                .into_iter()
                .map(|(i, d)| AnswerTime::of(["phq-9", "gad-7", "diary"][i], Answered::on_day(d), Some(0)))
                .collect(),
            treatments: v2v
                .map(|v| TreatmentFacts {
                    product: "p".into(),
                    status: "active".into(),
                    apheresis: Step {
                        day: Some(-v),
                        done: true,
                        delay: None,
                    },
                    ..TreatmentFacts::default()
                })
                .into_iter()
                .collect(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every key released is shared by k released patients, and is what that patient's rows
    /// say at their level.
    #[test]
    fn k_holds_for_every_key_released(records in prop::collection::vec(record(), 0..120), k in 1usize..8) {
        let release = choose(&records, k);
        let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
        for (key, level) in release.keys.iter().zip(&release.levels) {
            if level.is_some() {
                *sizes.entry(key).or_default() += 1;
            }
        }
        for (i, r) in records.iter().enumerate() {
            let Some(level) = release.levels[i] else { continue };
            prop_assert!(sizes[release.keys[i].as_str()] >= k);
            prop_assert_eq!(&release.keys[i], &key(r, LEVELS[level]));
        }
        let released: usize = release.summary.by_level.iter().sum();
        prop_assert_eq!(released + release.summary.suppressed, records.len());
    }
}
