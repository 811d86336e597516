//! The journeys data file as written (TOML), before any check: [`super::Catalogue::from_file`]
//! checks every field of it.
use serde::Deserialize;
use std::collections::BTreeMap;

/// The data file as written (TOML). Every field is checked by [`Catalogue::from_file`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    pub templates: Vec<TemplateFile>,
    pub products: Vec<ProductFile>,
    pub restrictions: Vec<RestrictionFile>,
    #[serde(default)]
    pub explanations: Vec<ExplanationFile>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateFile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub steps: Vec<StepFile>,
    #[serde(default)]
    pub follow_ups: Option<FollowUpsFile>,
    /// By language ("fr"): the name and description in it.
    #[serde(default)]
    pub translations: BTreeMap<String, TextsFile>,
}

/// A name (and a description) in another language than the file's English.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextsFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    pub kind: String,
    /// Defaults to the kind; needed only when a kind appears twice.
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
    #[serde(default)]
    pub days: Option<i32>,
    /// Instead of `days`: the length of a country rule ("stay_near_centre" or "driving").
    #[serde(default)]
    pub restriction: Option<String>,
    /// Local time at the centre ("08:00"), when the step has a usual hour.
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub optional: bool,
    /// Steps that must be done before this one, besides the one it hangs from.
    #[serde(default)]
    pub not_before: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpsFile {
    pub after: String,
    pub days: Vec<i32>,
    /// Yearly visits from year 2 up to this year.
    #[serde(default)]
    pub yearly_to_year: Option<u8>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductFile {
    pub id: String,
    pub name: String,
    pub template: String,
    #[serde(default)]
    pub translations: BTreeMap<String, TextsFile>,
    /// What the maker or the literature says about how long the cells take to be ready.
    #[serde(default)]
    pub published_ready_days: Option<PublishedFile>,
}

/// A published figure: cells ready (released) `low` to `high` days after collection
/// (`low == high` for "about N days"), and where it was published.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedFile {
    pub low: i64,
    pub high: i64,
    pub source: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestrictionFile {
    pub name: String,
    #[serde(default)]
    pub translations: BTreeMap<String, TextsFile>,
    /// ISO 3166 alpha-2 codes, or "*" for any.
    pub countries: Vec<String>,
    /// Product ids, or "*" for any.
    pub products: Vec<String>,
    pub stay_near_centre_days: i32,
    #[serde(default)]
    pub stay_within_hours: Option<u8>,
    pub driving_restriction_days: i32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplanationFile {
    pub kind: String,
    pub locale: String,
    pub what: String,
    pub why: String,
    #[serde(default)]
    pub todo: String,
    #[serde(default)]
    pub bring: String,
}
