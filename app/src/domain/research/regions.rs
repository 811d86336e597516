//! Countries generalised to world regions, as the United Nations' M49 standard groups them
//! (sub-regions). Countries not listed fall into one region of their own, "other".

/// Sub-region of M49 by region name, with the ISO 3166-1 alpha-2 codes in it.
const REGIONS: &[(&str, &[&str])] = &[
    (
        "northern-europe",
        &["DK", "EE", "FI", "FO", "GB", "IE", "IM", "IS", "LT", "LV", "NO", "SE"],
    ),
    (
        "western-europe",
        &["AT", "BE", "CH", "DE", "FR", "LI", "LU", "MC", "NL"],
    ),
    (
        "southern-europe",
        &[
            "AD", "AL", "BA", "CY", "ES", "GI", "GR", "HR", "IT", "ME", "MK", "MT", "PT", "RS", "SI", "SM", "VA", "XK",
        ],
    ),
    (
        "eastern-europe",
        &["BG", "BY", "CZ", "HU", "MD", "PL", "RO", "RU", "SK", "UA"],
    ),
    ("northern-america", &["BM", "CA", "GL", "PM", "US"]),
    (
        "latin-america",
        &[
            "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PR", "PY", "SV",
            "UY", "VE",
        ],
    ),
    ("eastern-asia", &["CN", "HK", "JP", "KP", "KR", "MN", "MO", "TW"]),
    (
        "western-asia",
        &[
            "AE", "AM", "AZ", "BH", "GE", "IL", "IQ", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE",
        ],
    ),
    (
        "south-eastern-asia",
        &["BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"],
    ),
    ("southern-asia", &["AF", "BD", "BT", "IN", "IR", "LK", "MV", "NP", "PK"]),
    ("oceania", &["AU", "FJ", "NZ", "PG"]),
    (
        "africa",
        &[
            "DZ", "EG", "ET", "GH", "KE", "LY", "MA", "NG", "SD", "SN", "TN", "TZ", "UG", "ZA",
        ],
    ),
];

pub const OTHER_REGION: &str = "other";

/// The region of a country code (upper case), or "other".
pub fn region_of(country: &str) -> &'static str {
    REGIONS
        .iter()
        .find(|(_, countries)| countries.contains(&country))
        .map_or(OTHER_REGION, |(region, _)| region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_fall_in_their_region() {
        assert_eq!(region_of("BE"), "western-europe");
        assert_eq!(region_of("NL"), "western-europe");
        assert_eq!(region_of("SE"), "northern-europe");
        assert_eq!(region_of("ES"), "southern-europe");
        assert_eq!(region_of("US"), "northern-america");
        assert_eq!(region_of("ZZ"), OTHER_REGION);
    }

    #[test]
    fn no_country_is_in_two_regions() {
        let mut seen = std::collections::BTreeSet::new();
        for (_, countries) in REGIONS {
            for c in *countries {
                assert!(seen.insert(*c), "{c} twice");
                assert!(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()), "{c}");
            }
        }
    }
}
