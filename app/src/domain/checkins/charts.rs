//! Scores and temperatures over time as SVG coordinates, worked out on the server so the
//! chart is in the first paint. Pure: points in, coordinates out.
use serde::{Deserialize, Serialize};

pub const WIDTH: f64 = 320.0;
pub const HEIGHT: f64 = 120.0;
/// Room for the axis labels.
const PAD: f64 = 24.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// `x,y x,y …` for an SVG polyline, in a WIDTH × HEIGHT view box.
    pub line: String,
    pub dots: Vec<(f64, f64)>,
    pub y_min: f64,
    pub y_max: f64,
    /// Where a threshold (the fever line) crosses, if it is drawn.
    pub threshold_y: Option<f64>,
    /// The first and last time shown, as given (seconds).
    pub from: i64,
    pub to: i64,
}

/// `points` are (seconds, value); the y range is widened to hold every value and the
/// threshold. None without points.
pub fn chart(points: &[(i64, f64)], y_range: (f64, f64), threshold: Option<f64>) -> Option<Chart> {
    let from = points.iter().map(|p| p.0).min()?;
    let to = points.iter().map(|p| p.0).max()?;
    chart_over(points, (from, to), y_range, threshold)
}

/// As [`chart`], over a given x range (months with no figures keep their place).
pub fn chart_over(
    points: &[(i64, f64)],
    (from, to): (i64, i64),
    y_range: (f64, f64),
    threshold: Option<f64>,
) -> Option<Chart> {
    if points.is_empty() {
        return None;
    }
    let values = points.iter().map(|p| p.1).chain(threshold);
    let y_min = values.clone().fold(y_range.0, f64::min);
    let y_max = values.fold(y_range.1, f64::max);
    let span_x = (to - from).max(1) as f64;
    let span_y = (y_max - y_min).max(f64::EPSILON);
    let x = |t: i64| PAD + (t - from) as f64 / span_x * (WIDTH - 2.0 * PAD);
    let y = |v: f64| HEIGHT - PAD / 2.0 - (v - y_min) / span_y * (HEIGHT - PAD);
    let mut sorted = points.to_vec();
    sorted.sort_by_key(|p| p.0);
    let dots: Vec<(f64, f64)> = sorted.iter().map(|(t, v)| (round(x(*t)), round(y(*v)))).collect();
    Some(Chart {
        line: dots
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect::<Vec<_>>()
            .join(" "),
        dots,
        y_min,
        y_max,
        threshold_y: threshold.map(|t| round(y(t))),
        from,
        to,
    })
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fill_the_box_left_to_right_and_low_values_sit_low() {
        let c = chart(&[(200, 10.0), (100, 0.0), (300, 27.0)], (0.0, 27.0), None).expect("points");
        assert_eq!(c.dots.first().map(|d| d.0), Some(PAD));
        assert_eq!(c.dots.last().map(|d| d.0), Some(WIDTH - PAD));
        assert_eq!(c.dots[0].1, HEIGHT - PAD / 2.0, "0 at the bottom");
        assert_eq!(c.dots[2].1, PAD / 2.0, "27 at the top");
        assert_eq!(c.line.split(' ').count(), 3);
    }

    #[test]
    fn the_fever_line_is_inside_the_range_even_when_every_reading_is_below_it() {
        let c = chart(&[(0, 36.5), (3600, 37.0)], (36.0, 37.0), Some(38.0)).expect("points");
        assert_eq!(c.y_max, 38.0);
        assert_eq!(c.threshold_y, Some(PAD / 2.0));
        assert!(c.dots.iter().all(|d| d.1 > PAD / 2.0), "below the line");
        assert!(chart(&[], (0.0, 1.0), None).is_none());
    }
}
