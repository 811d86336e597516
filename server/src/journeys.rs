//! The journeys catalogue: the shipped data file, or the one VTV_JOURNEYS_FILE names,
//! parsed and checked at start. A bad file stops the start with every problem listed.
use crate::error::StartupError;
use app::domain::timeline::{Catalogue, CatalogueFile};
use std::path::Path;

/// The catalogue shipped in the repository, built into the binary.
pub const SHIPPED: &str = include_str!("../../app/catalogue/journeys.toml");

pub fn load(path: Option<&Path>) -> Result<Catalogue, StartupError> {
    let (name, text) = match path {
        None => ("the built-in journeys catalogue".to_string(), SHIPPED.to_string()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|error| StartupError::Journeys(format!("cannot read {}: {error}", path.display())))?;
            (path.display().to_string(), text)
        }
    };
    parse(&name, &text)
}

pub fn parse(name: &str, text: &str) -> Result<Catalogue, StartupError> {
    let file: CatalogueFile =
        toml::from_str(text).map_err(|error| StartupError::Journeys(format!("{name} is not valid: {error}")))?;
    Catalogue::from_file(file).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        StartupError::Journeys(format!("{name} has {} problem(s):\n{}", errors.len(), list.join("\n")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_loads() {
        assert!(load(None).is_ok());
    }

    #[test]
    fn a_bad_file_stops_the_start_with_a_message_naming_the_problem() {
        let broken = SHIPPED.replacen("after = \"referral\", days = 10", "after = \"triage\", days = 10", 1);
        let message = parse("journeys.toml", &broken)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("step 'eligibility' depends on 'triage', which the template does not define"),
            "{message}"
        );
        let message = parse("journeys.toml", "templates = 3")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            message.contains("journeys.toml is not valid: TOML parse error at line 1"),
            "{message}"
        );
        let missing = load(Some(Path::new("/nonexistent/journeys.toml")))
            .err()
            .map(|e| e.to_string());
        assert!(missing.is_some_and(|m| m.contains("cannot read /nonexistent/journeys.toml")));
    }
}
