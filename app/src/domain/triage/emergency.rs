//! The emergency number to call first (a seizure, a patient who cannot be woken), by the
//! centre's country. 112 works across the EU/EEA, the UK and Switzerland; elsewhere the
//! local number comes first.
pub fn emergency_number(country: &str) -> &'static str {
    match country.trim().to_ascii_uppercase().as_str() {
        "US" | "CA" => "911",
        "GB" | "UK" => "999",
        "AU" => "000",
        "NZ" => "111",
        _ => "112",
    }
}

#[cfg(test)]
mod tests {
    use super::emergency_number;

    #[test]
    fn the_number_follows_the_centre_country() {
        assert_eq!(
            ["BE", "fr", "NL", "DE", "CH", "US", "GB"].map(emergency_number),
            ["112", "112", "112", "112", "112", "911", "999"]
        );
    }
}
