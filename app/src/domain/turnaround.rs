//! Manufacturing turnaround at a glance (issue 21): for each product and manufacturing model,
//! month by month, how long the cells took from collection to release and from release to
//! infusion (median and the middle half), how many releases were delayed and by how long,
//! and how many were made again. A nurse who sees a product's turnaround lengthen can plan
//! slots and warn patients earlier.
//!
//! Each treatment counts in the month its product was released (in the month of collection
//! while it is still being made, for a re-manufacture only). Spreads are the 25th and 75th
//! percentiles, interpolated between ranks as spreadsheets do.
use super::checkins::charts::{chart_over, Chart};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Where the cells are made: the journey template says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// Shipped to a manufacturing site and back, frozen.
    Centralised,
    /// Made at the hospital on a closed automated system.
    PointOfCare,
}

impl Model {
    /// The model of a journey template (`point-of-care`, `cd19-centralised`, …).
    pub fn of_template(template_id: &str) -> Model {
        if template_id.contains("point-of-care") {
            Model::PointOfCare
        } else {
            Model::Centralised
        }
    }
}

/// One treatment's manufacturing as it happened (dates of steps done).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    pub product: String,
    pub model: Model,
    pub collected: Option<NaiveDate>,
    pub released: Option<NaiveDate>,
    pub infused: Option<NaiveDate>,
    /// Days the release was moved later by reported delays (0: never delayed).
    pub release_delay_days: i64,
    pub remanufactured: bool,
}

/// The median and the middle half of a set of days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub count: usize,
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub collection_to_release: Option<Spread>,
    pub release_to_infusion: Option<Spread>,
    pub releases: usize,
    pub delayed: usize,
    /// How long the delayed ones were delayed, in days.
    pub delay_days: Option<Spread>,
    pub remanufactures: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub product: String,
    pub model: Model,
    /// Every month asked for, oldest first, empty ones included (a gap is a fact too).
    pub months: Vec<Month>,
}

/// The percentiles of `days` (any order); `None` for none.
pub fn spread(days: &[i64]) -> Option<Spread> {
    if days.is_empty() {
        return None;
    }
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let at = |q: f64| {
        let rank = q * (sorted.len() - 1) as f64;
        let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
        sorted[low] as f64 + (sorted[high] - sorted[low]) as f64 * (rank - low as f64)
    };
    Some(Spread {
        count: sorted.len(),
        p25: at(0.25),
        median: at(0.5),
        p75: at(0.75),
    })
}

fn month_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The figures of every product and model met in `courses`, for each of `months` (`YYYY-MM`,
/// oldest first), by product then model.
pub fn turnaround(courses: &[Course], months: &[String]) -> Vec<Series> {
    let mut keys: Vec<(String, Model)> = courses.iter().map(|c| (c.product.clone(), c.model)).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|(product, model)| {
            let own: Vec<&Course> = courses
                .iter()
                .filter(|c| c.product == product && c.model == model)
                .collect();
            Series {
                months: months.iter().map(|m| month_figures(&own, m)).collect(),
                product,
                model,
            }
        })
        .collect()
}

fn month_figures(courses: &[&Course], month: &str) -> Month {
    let released: Vec<&&Course> = courses
        .iter()
        .filter(|c| c.released.is_some_and(|r| month_of(r) == month))
        .collect();
    let days = |from: fn(&Course) -> Option<NaiveDate>, to: fn(&Course) -> Option<NaiveDate>| -> Vec<i64> {
        released
            .iter()
            .filter_map(|c| Some((to(c)? - from(c)?).num_days()))
            .filter(|d| *d >= 0)
            .collect()
    };
    let delays: Vec<i64> = released
        .iter()
        .map(|c| c.release_delay_days)
        .filter(|d| *d > 0)
        .collect();
    // A re-manufacture still being made counts in its month of collection.
    let remanufactures = courses
        .iter()
        .filter(|c| c.remanufactured)
        .filter(|c| c.released.or(c.collected).is_some_and(|d| month_of(d) == month))
        .count();
    Month {
        month: month.to_string(),
        collection_to_release: spread(&days(|c| c.collected, |c| c.released)),
        release_to_infusion: spread(&days(|c| c.released, |c| c.infused)),
        releases: released.len(),
        delayed: delays.len(),
        delay_days: spread(&delays),
        remanufactures,
    }
}

/// A spread over the months drawn as a chart: the median as a line, the middle half as a
/// band around it, in the view box of `checkins::charts`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandChart {
    pub median: Chart,
    /// `x,y x,y …` for an SVG polygon: the 75th percentile left to right, then the 25th back.
    pub band: String,
}

/// The chart of one measure over the months (`None` for a month without figures); `None`
/// when no month has any. Each month is placed by its index, so gaps stay gaps.
pub fn band_chart(by_month: &[Option<Spread>]) -> Option<BandChart> {
    let points = |pick: fn(&Spread) -> f64| -> Vec<(i64, f64)> {
        by_month
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|s| (i as i64, pick(s))))
            .collect()
    };
    let (low, mid, high) = (points(|s| s.p25), points(|s| s.median), points(|s| s.p75));
    let top = high.iter().map(|p| p.1).fold(1.0, f64::max);
    // One x range for the three lines: every month asked for, first to last.
    let months = (0, by_month.len().saturating_sub(1) as i64);
    let line = |pts: &[(i64, f64)]| chart_over(pts, months, (0.0, top), None);
    let (low, mid, high) = (line(&low)?, line(&mid)?, line(&high)?);
    let back: Vec<String> = low.dots.iter().rev().map(|(x, y)| format!("{x},{y}")).collect();
    Some(BandChart {
        band: format!("{} {}", high.line, back.join(" ")).trim().to_string(),
        median: mid,
    })
}

/// The `count` months up to and including `today`'s, oldest first.
pub fn last_months(today: NaiveDate, count: u32) -> Vec<String> {
    let index = today.year() * 12 + today.month0() as i32;
    (0..count as i32)
        .rev()
        .map(|back| {
            let i = index - back;
            format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
    }

    fn course(product: &str, collected: u32, released: Option<(u32, u32)>, delay: i64) -> Course {
        Course {
            product: product.into(),
            model: Model::Centralised,
            collected: Some(d(collected, 1)),
            released: released.map(|(m, day)| d(m, day)),
            infused: released.map(|(m, day)| d(m, day) + chrono::Days::new(10)),
            release_delay_days: delay,
            remanufactured: false,
        }
    }

    #[test]
    fn spreads_interpolate_between_ranks_as_spreadsheets_do() {
        assert_eq!(spread(&[]), None);
        let s = spread(&[20, 14, 17, 30]).expect("some");
        assert_eq!((s.count, s.p25, s.median, s.p75), (4, 16.25, 18.5, 22.5));
        let one = spread(&[9]).expect("one");
        assert_eq!((one.p25, one.median, one.p75), (9.0, 9.0, 9.0));
    }

    #[test]
    fn each_treatment_counts_in_its_month_of_release_and_delays_are_shared_out() {
        let courses = [
            course("axi-cel", 3, Some((3, 18)), 0), // 17 days
            course("axi-cel", 3, Some((3, 22)), 4), // 21 days, 4 late
            course("axi-cel", 4, Some((5, 1)), 10), // 30 days: May
            course("axi-cel", 5, None, 0),          // still being made
        ];
        let months = last_months(d(5, 20), 3);
        assert_eq!(months, ["2026-03", "2026-04", "2026-05"]);
        let series = turnaround(&courses, &months);
        assert_eq!(series.len(), 1);
        let [march, april, may] = [&series[0].months[0], &series[0].months[1], &series[0].months[2]];
        assert_eq!((march.releases, march.delayed), (2, 1));
        assert_eq!(march.collection_to_release.map(|s| s.median), Some(19.0));
        assert_eq!(march.release_to_infusion.map(|s| s.median), Some(10.0));
        assert_eq!(march.delay_days.map(|s| s.median), Some(4.0));
        assert_eq!(
            (april.releases, april.collection_to_release),
            (0, None),
            "a month without releases"
        );
        assert_eq!(may.collection_to_release.map(|s| s.median), Some(30.0));
    }

    #[test]
    fn products_and_models_stay_apart_and_remanufactures_count_where_they_are() {
        let mut poc = course("academic-cd19-poc", 3, Some((3, 14)), 0);
        poc.model = Model::PointOfCare;
        let mut again = course("axi-cel", 3, None, 0);
        again.remanufactured = true;
        let series = turnaround(
            &[poc, again, course("axi-cel", 3, Some((3, 20)), 0)],
            &last_months(d(3, 31), 1),
        );
        let keys: Vec<(&str, Model)> = series.iter().map(|s| (s.product.as_str(), s.model)).collect();
        assert_eq!(
            keys,
            [
                ("academic-cd19-poc", Model::PointOfCare),
                ("axi-cel", Model::Centralised)
            ]
        );
        assert_eq!(
            (series[1].months[0].releases, series[1].months[0].remanufactures),
            (1, 1)
        );
        assert_eq!(Model::of_template("point-of-care"), Model::PointOfCare);
        assert_eq!(Model::of_template("bcma-centralised"), Model::Centralised);
    }

    #[test]
    fn a_band_keeps_each_month_in_its_place_and_holds_the_median() {
        let s = |m: f64| {
            Some(Spread {
                count: 3,
                p25: m - 2.0,
                median: m,
                p75: m + 2.0,
            })
        };
        let c = band_chart(&[None, s(15.0), None, s(20.0)]).expect("a chart");
        let xs: Vec<f64> = c.median.dots.iter().map(|d| d.0).collect();
        // Months 1 and 3 of 0..=3: a third of the way, and the right edge.
        assert_eq!(
            xs,
            [24.0 + (320.0 - 48.0) / 3.0, 320.0 - 24.0].map(|x| (x * 10.0_f64).round() / 10.0)
        );
        assert_eq!(
            c.band.split(' ').count(),
            4,
            "two points along the top, two back along the bottom"
        );
        assert!(band_chart(&[None, None]).is_none());
    }

    #[test]
    fn the_last_months_cross_the_new_year() {
        let jan = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap_or_default();
        assert_eq!(last_months(jan, 3), ["2026-11", "2026-12", "2027-01"]);
    }
}
