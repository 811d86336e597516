//! Dates, times of day and decimals as people read them in each locale. Milestone dates are
//! calendar dates at the centre and times arrive already in the reader's zone, so this needs
//! no time zone and gives the same text on the server and in the browser.
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
        Locale::En | Locale::EnUs => 0,
        Locale::Fr => 1,
        Locale::Nl => 2,
        Locale::De => 3,
    }
}

/// "Tue 24 Mar 2026", "Tue, Mar 24, 2026" (en-US), "mar. 24 mars 2026", "di 24 mrt 2026",
/// "Di., 24. März 2026". Text that is not an ISO date is shown as it came.
pub fn long_date(locale: Locale, iso: &str) -> String {
    let Some(date) = crate::domain::validation::iso_date(iso) else {
        return iso.to_string();
    };
    let r = row(locale);
    let weekday = WEEKDAYS[r][date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[r][date.month0() as usize];
    match locale {
        Locale::De => format!("{weekday}, {}. {month} {}", date.day(), date.year()),
        Locale::EnUs => format!("{weekday}, {month} {}, {}", date.day(), date.year()),
        _ => format!("{weekday} {} {month} {}", date.day(), date.year()),
    }
}

/// A time of day given as "HH:MM" (or "HH:MM:SS", kept to the second): "14:05", or
/// "2:05 PM" in en-US. Anything else is shown as it came.
pub fn time_of_day(locale: Locale, hh_mm: &str) -> String {
    let seconds = hh_mm.len() > 5;
    let parsed = chrono::NaiveTime::parse_from_str(hh_mm, if seconds { "%H:%M:%S" } else { "%H:%M" });
    let Ok(time) = parsed else {
        return hh_mm.to_string();
    };
    let format = match (locale, seconds) {
        (Locale::EnUs, false) => "%-I:%M %p",
        (Locale::EnUs, true) => "%-I:%M:%S %p",
        (_, false) => "%H:%M",
        (_, true) => "%H:%M:%S",
    };
    time.format(format).to_string()
}

/// A date and a time of day together: "Tue 24 Mar 2026, 14:05".
pub fn date_and_time(locale: Locale, iso: &str, hh_mm: &str) -> String {
    match (iso.is_empty(), hh_mm.is_empty()) {
        (_, true) => long_date(locale, iso),
        (true, false) => time_of_day(locale, hh_mm),
        (false, false) => format!("{}, {}", long_date(locale, iso), time_of_day(locale, hh_mm)),
    }
}

/// A number with `digits` decimals and the locale's decimal sign: "38.5", "38,5".
pub fn decimal(locale: Locale, value: f64, digits: usize) -> String {
    with_sign(locale, format!("{value:.digits$}"))
}

/// A number as given, in its shortest form, with the locale's decimal sign: "101.3", "38,25".
pub fn number(locale: Locale, value: f64) -> String {
    with_sign(locale, value.to_string())
}

/// Of a language's code ("fr"), for callers that hold only the language.
pub fn number_in(language: &str, value: f64) -> String {
    number(Locale::parse(language).unwrap_or_default(), value)
}

fn with_sign(locale: Locale, text: String) -> String {
    match locale {
        Locale::En | Locale::EnUs => text,
        Locale::Fr | Locale::Nl | Locale::De => text.replace('.', ","),
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
        assert_eq!(long_date(Locale::EnUs, "2026-03-24"), "Tue, Mar 24, 2026");
        assert_eq!(long_date(Locale::En, "soon"), "soon");
        assert_eq!(
            (signed_day(12), signed_day(0), signed_day(-3)),
            ("+12".into(), "0".into(), "\u{2212}3".into())
        );
    }

    #[test]
    fn times_are_12_hour_only_in_american_english_and_decimals_take_the_local_sign() {
        assert_eq!(time_of_day(Locale::En, "14:05"), "14:05");
        assert_eq!(time_of_day(Locale::EnUs, "14:05"), "2:05 PM");
        assert_eq!(time_of_day(Locale::EnUs, "00:30"), "12:30 AM");
        assert_eq!(time_of_day(Locale::De, "09:00"), "09:00");
        assert_eq!(time_of_day(Locale::Fr, "later"), "later");
        assert_eq!(time_of_day(Locale::EnUs, "18:20:11"), "6:20:11 PM");
        assert_eq!(time_of_day(Locale::Nl, "18:20:11"), "18:20:11");
        assert_eq!(
            date_and_time(Locale::Nl, "2026-03-24", "08:15"),
            "di 24 mrt 2026, 08:15"
        );
        assert_eq!(
            date_and_time(Locale::EnUs, "2026-03-24", "20:15"),
            "Tue, Mar 24, 2026, 8:15 PM"
        );
        assert_eq!(date_and_time(Locale::En, "2026-03-24", ""), "Tue 24 Mar 2026");
        assert_eq!(decimal(Locale::Fr, 38.46, 1), "38,5");
        assert_eq!(decimal(Locale::De, 38.0, 1), "38,0");
        assert_eq!(decimal(Locale::EnUs, 38.04, 1), "38.0");
        assert_eq!(decimal(Locale::Nl, 7.0, 0), "7");
        assert_eq!(
            (number(Locale::De, 38.25), number(Locale::En, 101.3)),
            ("38,25".into(), "101.3".into())
        );
        assert_eq!(number_in("fr", 38.5), "38,5");
    }
}
