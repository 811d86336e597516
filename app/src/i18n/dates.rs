//! Dates as people read them in each language. Milestone dates are calendar dates at the
//! centre, so this needs no time zone and gives the same text on the server and in the browser.
use super::Locale;
use chrono::Datelike;

const WEEKDAYS: [[&str; 7]; 4] = [
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
    ["ma", "di", "wo", "do", "vr", "za", "zo"],
    ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
];

const MONTHS: [[&str; 12]; 4] = [
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ],
    [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ],
    [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez.",
    ],
];

fn row(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Fr => 1,
        Locale::Nl => 2,
        Locale::De => 3,
    }
}

/// "Tue 24 Mar 2026", "mar. 24 mars 2026", "di 24 mrt 2026", "Di., 24. März 2026".
/// Text that is not an ISO date is shown as it came.
pub fn long_date(locale: Locale, iso: &str) -> String {
    let Some(date) = crate::domain::validation::iso_date(iso) else {
        return iso.to_string();
    };
    let r = row(locale);
    let weekday = WEEKDAYS[r][date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[r][date.month0() as usize];
    match locale {
        Locale::De => format!("{weekday}, {}. {month} {}", date.day(), date.year()),
        _ => format!("{weekday} {} {month} {}", date.day(), date.year()),
    }
}

/// "+12", "0", "−3" (with a real minus sign).
pub fn signed_day(day: i64) -> String {
    match day {
        d if d > 0 => format!("+{d}"),
        d if d < 0 => format!("\u{2212}{}", d.unsigned_abs()),
        _ => "0".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_each_language() {
        assert_eq!(long_date(Locale::En, "2026-03-24"), "Tue 24 Mar 2026");
        assert_eq!(long_date(Locale::Fr, "2026-03-24"), "mar. 24 mars 2026");
        assert_eq!(long_date(Locale::Nl, "2026-03-24"), "di 24 mrt 2026");
        assert_eq!(long_date(Locale::De, "2026-03-24"), "Di., 24. März 2026");
        assert_eq!(long_date(Locale::En, "soon"), "soon");
        assert_eq!(
            (signed_day(12), signed_day(0), signed_day(-3)),
            ("+12".into(), "0".into(), "\u{2212}3".into())
        );
    }
}
