//! One release per cohort. Two cohorts that differ by a few patients give those patients'
//! records away: whatever the first release lacks and the second has (counts, rows, linked
//! histories) is theirs. So a new cohort is refused if, against any cohort released before
//! (to anyone: colluding researchers are in scope), either side holds between 1 and k−1
//! patients the other does not. A cohort equal to an earlier one, or differing from it by k
//! or more patients on each side that differs, may be released.
//!
//! Pairs only: three cohorts whose unions or intersections differ by fewer than k are not
//! caught (written in PRIVACY.md).
use std::collections::BTreeSet;

/// Whether one side's surplus over the other is a small, nonzero group.
fn small_surplus(a: &BTreeSet<i64>, b: &BTreeSet<i64>, k: usize) -> bool {
    let surplus = a.difference(b).count();
    surplus > 0 && surplus < k
}

/// The earlier releases (by their id) that the new cohort may not be released beside.
pub fn conflicts<'a>(
    new: &BTreeSet<i64>,
    earlier: impl IntoIterator<Item = (i64, &'a BTreeSet<i64>)>,
    k: usize,
) -> Vec<i64> {
    earlier
        .into_iter()
        .filter(|(_, old)| small_surplus(new, old, k) || small_surplus(old, new, k))
        .map(|(id, _)| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(ids: impl IntoIterator<Item = i64>) -> BTreeSet<i64> {
        ids.into_iter().collect()
    }

    #[test]
    fn cases() {
        let base = set(1..=20);
        let cases = [
            ("the same cohort again", set(1..=20), false),
            ("one more patient", set(1..=21), true),
            ("one fewer patient", set(1..=19), true),
            ("four more (k = 5)", set(1..=24), true),
            ("five more", set(1..=25), false),
            ("five swapped for five", set(6..=25), false),
            ("five more, one fewer", set(2..=25), true),
            ("disjoint", set(100..=120), false),
        ];
        for (what, new, refused) in cases {
            let found = conflicts(&new, [(7, &base)], 5);
            assert_eq!(!found.is_empty(), refused, "{what}");
        }
    }

    proptest! {
        #[test]
        fn a_refused_cohort_has_a_small_difference(
            old in prop::collection::btree_set(0i64..60, 0..40),
            new in prop::collection::btree_set(0i64..60, 0..40),
            k in 2usize..8,
        ) {
            let refused = !conflicts(&new, [(1, &old)], k).is_empty();
            let added = new.difference(&old).count();
            let removed = old.difference(&new).count();
            let small = |n: usize| n > 0 && n < k;
            prop_assert_eq!(refused, small(added) || small(removed));
            // Symmetric: releasing them in the other order is judged the same.
            prop_assert_eq!(refused, !conflicts(&old, [(1, &new)], k).is_empty());
        }
    }
}
