//! A questionnaire as the engine understands it: the subset of FHIR R4 `Questionnaire` we
//! read (groups, display text, choice items with ordinal values, integer and decimal items
//! with a unit and bounds, boolean and string items, `enableWhen` and `required`), plus the
//! scales that score it. Built only by `fhir::import`, which checks every item.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Text as written in the questionnaire, with its translations by language code (`fr`, `nl`,
/// `de`), read from FHIR's `translation` extension.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub default: String,
    pub translations: BTreeMap<String, String>,
}

impl Text {
    pub fn plain(text: &str) -> Text {
        Text {
            default: text.to_string(),
            translations: BTreeMap::new(),
        }
    }

    /// The text in this language, or as written when it has no translation.
    pub fn in_language(&self, code: &str) -> &str {
        self.translations.get(code).map_or(&self.default, String::as_str)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Canonical URL or name: what a response names, with the version it answered.
    pub id: String,
    pub version: String,
    pub title: Text,
    /// Who made it and on what terms (shown under the form).
    pub attribution: Option<String>,
    pub items: Vec<Item>,
    pub scales: Vec<Scale>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub link_id: String,
    pub text: Text,
    pub kind: ItemKind,
    pub required: bool,
    pub enable_when: Vec<EnableWhen>,
    /// With several conditions: all must hold (`true`) or any one (`false`).
    pub enable_when_all: bool,
    /// A group's items.
    pub items: Vec<Item>,
    /// The last answer is offered again next time (a goal's name, typed once).
    #[serde(default)]
    pub carry_over: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ItemKind {
    Group,
    Display,
    Choice(Vec<AnswerOption>),
    Integer(Bounds<i64>),
    Decimal(Bounds<f64>),
    Boolean,
    String { max_length: Option<usize> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerOption {
    pub code: String,
    pub display: Text,
    /// The value scoring adds up (FHIR `ordinalValue`), if the option has one.
    pub ordinal: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bounds<T> {
    pub min: Option<T>,
    pub max: Option<T>,
    /// As shown beside the field ("°C", "kg").
    pub unit: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnableWhen {
    pub question: String,
    pub operator: Operator,
    pub answer: Answer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    /// `answer` is `Boolean(true)` for "is answered", `Boolean(false)` for "is not".
    Exists,
    Equal,
    NotEqual,
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
}

/// One answer to one item. In JSON: `{"choice": "2"}`, `{"decimal": 38.4}`,
/// `{"integer": 7}`, `{"boolean": true}` or `{"string": "…"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The option's code.
    Choice(String),
    Integer(i64),
    Decimal(f64),
    Boolean(bool),
    String(String),
}

/// A score: the sum of the ordinals of some choice items, with its severity bands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    pub id: String,
    pub items: Vec<String>,
    /// How many of `items` may be unanswered; missing ones then count as the mean of the
    /// answered ones (prorating), and the total is rounded half up. More missing: no score.
    pub max_missing: usize,
    /// Contiguous, in order, covering every possible total.
    pub bands: Vec<Band>,
    /// A screening cut-off: the scale is "positive" at or above it.
    pub positive_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub min: i64,
    pub max: i64,
    /// A key such as `mild`, translated where it is shown.
    pub label: String,
}

/// The questionnaire of `all` a rule, a link or a reminder names, by url or short name.
pub fn find<'q>(all: &'q [Questionnaire], name: &str) -> Option<&'q Questionnaire> {
    all.iter().find(|q| q.id == name || q.short_name() == name)
}

/// A questionnaire's short name from its url or name: the last segment.
pub fn short_name_of(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

impl Questionnaire {
    /// The last segment of its url (or its name, when it has no url): what links, check-in
    /// submissions, stored responses and exports call it.
    pub fn short_name(&self) -> &str {
        short_name_of(&self.id)
    }

    /// Every item, groups first then their children, in the order of the form.
    /// Whether a reader of `language` gets it in their language: the language it is written
    /// in (English), or a translation of every question. Validated instruments (PHQ-9,
    /// GAD-7) come translated only from an import of their official translation.
    pub fn speaks(&self, language: &str) -> bool {
        language == "en"
            || self
                .all_items()
                .iter()
                .all(|item| item.text.default.is_empty() || item.text.translations.contains_key(language))
    }

    pub fn all_items(&self) -> Vec<&Item> {
        fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
            for item in items {
                out.push(item);
                walk(&item.items, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.items, &mut out);
        out
    }

    pub fn item(&self, link_id: &str) -> Option<&Item> {
        self.all_items().into_iter().find(|i| i.link_id == link_id)
    }
}

impl ItemKind {
    /// Items that take an answer (not groups or display text).
    pub fn is_question(&self) -> bool {
        !matches!(self, ItemKind::Group | ItemKind::Display)
    }

    pub fn name(&self) -> &'static str {
        match self {
            ItemKind::Group => "group",
            ItemKind::Display => "display",
            ItemKind::Choice(_) => "choice",
            ItemKind::Integer(_) => "integer",
            ItemKind::Decimal(_) => "decimal",
            ItemKind::Boolean => "boolean",
            ItemKind::String { .. } => "string",
        }
    }
}
