//! Counts that leak nothing. A count shown beside a release (patients, responses, flags) is
//! rounded to the nearest 5, and a count from 1 to k−1 is shown as 0: two rounded counts
//! that differ by one patient then differ by 0 or 5, never by that patient's own numbers.
//! (Rounding alone does not stop every differencing: the release rule keeps cohorts apart.)

pub const ROUND_TO: usize = 5;

pub fn rounded(n: usize, k: usize) -> usize {
    if n < k {
        0
    } else {
        (n + ROUND_TO / 2) / ROUND_TO * ROUND_TO
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cases() {
        let k = 5;
        for (n, shown) in [
            (0, 0),
            (1, 0),
            (4, 0),
            (5, 5),
            (7, 5),
            (8, 10),
            (12, 10),
            (13, 15),
            (1002, 1000),
        ] {
            assert_eq!(rounded(n, k), shown, "{n}");
        }
        assert_eq!(rounded(9, 11), 0, "below a larger k");
    }

    proptest! {
        #[test]
        fn a_rounded_count_is_a_multiple_of_5_within_2(n in 0usize..100_000, k in 2usize..20) {
            let r = rounded(n, k);
            prop_assert_eq!(r % ROUND_TO, 0);
            if n >= k {
                prop_assert!(r.abs_diff(n) <= ROUND_TO / 2);
            } else {
                prop_assert_eq!(r, 0);
            }
        }
    }
}
