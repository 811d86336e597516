//! Countries generalised to world regions, as the United Nations' M49 standard groups them
//! (sub-regions). Countries not listed fall into one region of their own, "other".
//!
//! A region stands for more than one country only if the product is deployed in more than
//! one of its countries: "southern-europe" where Portugal is the only deployed country there
//! is Portugal. So a country is released as its sub-region only where another deployed
//! country shares it, else as its continent under the same rule, else as "any".

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
pub const ANY_PLACE: &str = "any";

/// Continents, by the sub-regions above.
const CONTINENTS: &[(&str, &[&str])] = &[
    (
        "europe",
        &["northern-europe", "western-europe", "southern-europe", "eastern-europe"],
    ),
    ("americas", &["northern-america", "latin-america"]),
    (
        "asia",
        &["eastern-asia", "western-asia", "south-eastern-asia", "southern-asia"],
    ),
    ("oceania", &["oceania"]),
    ("africa", &["africa"]),
];

fn continent_of(region: &str) -> &'static str {
    CONTINENTS
        .iter()
        .find(|(_, regions)| regions.contains(&region))
        .map_or(OTHER_REGION, |(continent, _)| continent)
}

/// How a country's place is released once generalised past the country: the rule above.
/// `deployed` holds the country codes of every centre of the deployment.
pub fn released_region(country: &str, deployed: &BTreeSet<String>) -> &'static str {
    let region = region_of(country);
    let others_in = |same: &dyn Fn(&str) -> bool| deployed.iter().any(|c| c != country && same(c));
    if others_in(&|c| region_of(c) == region) {
        region
    } else if others_in(&|c| continent_of(region_of(c)) == continent_of(region)) {
        continent_of(region)
    } else {
        ANY_PLACE
    }
}

/// The region of a country code (upper case), or "other".
pub fn region_of(country: &str) -> &'static str {
    REGIONS
        .iter()
        .find(|(_, countries)| countries.contains(&country))
        .map_or(OTHER_REGION, |(region, _)| region)
}

use std::collections::BTreeSet;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_of_one_deployed_country_is_not_released() {
        let deployed: BTreeSet<String> = ["BE", "FR", "NL", "DE", "PT", "IS"].map(String::from).into();
        assert_eq!(released_region("BE", &deployed), "western-europe");
        assert_eq!(
            released_region("PT", &deployed),
            "europe",
            "southern Europe is Portugal alone"
        );
        assert_eq!(released_region("IS", &deployed), "europe");
        let one: BTreeSet<String> = ["US"].map(String::from).into();
        assert_eq!(released_region("US", &one), ANY_PLACE);
        let two: BTreeSet<String> = ["US", "BR"].map(String::from).into();
        assert_eq!(released_region("US", &two), "americas");
    }

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
