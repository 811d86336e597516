use super::*;
use proptest::prelude::*;

#[test]
fn ranges_match_quantiles_worked_out_by_hand() {
    // (days, median, low, high): ranks ⌈n/2⌉, ⌈n/10⌉ and ⌈9n/10⌉ of the sorted days.
    let cases: [(&[i64], i64, i64, i64); 4] = [
        // n = 10: ranks 5, 1 and 9.
        (&[21, 15, 16, 17, 18, 19, 20, 14, 30, 17], 17, 14, 21),
        // n = 11: ranks 6, 2 and 10.
        (&[10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 40], 15, 11, 19),
        // n = 20: ranks 10, 2 and 18; ties count each time.
        (
            &[
                15, 15, 15, 16, 16, 16, 16, 17, 17, 17, 17, 17, 18, 18, 19, 19, 20, 21, 25, 60,
            ],
            17,
            15,
            21,
        ),
        // n = 34, the example size: ranks 17, 4 and 31.
        (
            &[
                14, 15, 15, 15, 16, 16, 16, 16, 17, 17, 17, 17, 17, 17, 18, 18, 18, 18, 18, 19, 19, 19, 19, 20, 20, 20,
                20, 21, 21, 21, 21, 24, 28, 35,
            ],
            18,
            15,
            21,
        ),
    ];
    for (days, median, low, high) in cases {
        let range = day_range(days).expect("enough cases");
        assert_eq!(
            (range.median, range.low, range.high, range.cases),
            (median, low, high, days.len()),
            "{days:?}"
        );
    }
}

#[test]
fn fewer_than_ten_cases_fall_back_to_the_published_figure() {
    let nine = [15, 16, 17, 18, 19, 20, 21, 22, 23];
    assert_eq!(day_range(&nine), None);
    assert_eq!(
        estimate(&nine, Some((14, 17))),
        WaitEstimate::Published { low: 14, high: 17 }
    );
    assert_eq!(estimate(&nine, None), WaitEstimate::Unknown);
    assert_eq!(
        estimate(&[], Some((14, 17))),
        WaitEstimate::Published { low: 14, high: 17 }
    );
    let ten = [15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
    assert!(matches!(estimate(&ten, Some((14, 17))), WaitEstimate::AtThisCentre(r) if r.cases == 10));
}

proptest! {
    /// Whatever the past, the range is made of real durations, the median lies inside it, and
    /// at least 8 in 10 of the past durations fall within it.
    #[test]
    fn eight_in_ten_is_never_an_overstatement(days in proptest::collection::vec(0i64..120, 10..300)) {
        let range = day_range(&days).expect("enough cases");
        prop_assert!(days.contains(&range.low) && days.contains(&range.high) && days.contains(&range.median));
        prop_assert!(range.low <= range.median && range.median <= range.high);
        let inside = days.iter().filter(|d| (range.low..=range.high).contains(d)).count();
        prop_assert!(inside * 10 >= days.len() * 8, "{inside} of {}", days.len());
    }
}
