//! Reading a FHIR R4 `Questionnaire` (JSON) into a [`Questionnaire`], with one error per
//! bad item, each naming the item, so that whoever imports the file can fix it.
//!
//! Scales are our own complex extension on the Questionnaire, valid FHIR that other tools
//! ignore:
//! `{"url": SCALE, "extension": [{"url": "id", "valueString": "total"},
//! {"url": "item", "valueString": "q1"}, …, {"url": "maxMissing", "valueInteger": 1},
//! {"url": "band", "valueString": "0-4 minimal"}, …, {"url": "positiveAt", "valueInteger": 3}]}`
use super::questionnaire::{
    Answer, AnswerOption, Band, Bounds, EnableWhen, Item, ItemKind, Operator, Questionnaire, Scale, Text,
};
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;

pub const SCALE: &str = "https://vein-to-vein.eu/fhir/StructureDefinition/scale";
const ORDINAL: [&str; 2] = [
    "http://hl7.org/fhir/StructureDefinition/ordinalValue",
    "http://hl7.org/fhir/StructureDefinition/itemWeight",
];
const MIN: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
/// Our own: offer the last answer again next time.
pub const CARRY_OVER: &str = "https://vein-to-vein.eu/fhir/StructureDefinition/carry-over";

/// What is wrong, and where: `item` is the item's linkId (or its place, if it has none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub item: Option<String>,
    pub problem: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            Some(item) => write!(f, "item '{item}': {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

fn error(item: Option<&str>, problem: impl Into<String>) -> ImportError {
    ImportError {
        item: item.map(str::to_string),
        problem: problem.into(),
    }
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn extensions<'a>(value: &'a Value, url: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    value
        .get("extension")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(move |e| e.get("url").and_then(Value::as_str) == Some(url))
}

/// A string and its translations: `"text": "…", "_text": {"extension": [{"url": TRANSLATION,
/// "extension": [{"url": "lang", "valueCode": "fr"}, {"url": "content", "valueString": "…"}]}]}`.
fn translated(value: &Value, key: &str, fallback: &str) -> Text {
    let mut text = Text::plain(self::text(value, key).unwrap_or(fallback));
    if let Some(primitive) = value.get(format!("_{key}")) {
        for translation in extensions(primitive, TRANSLATION) {
            let part = |name: &str, field: &str| {
                extensions(translation, name)
                    .find_map(|e| e.get(field))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            if let (Some(lang), Some(content)) = (part("lang", "valueCode"), part("content", "valueString")) {
                text.translations.insert(lang, content);
            }
        }
    }
    text
}

pub fn import(json: &Value) -> Result<Questionnaire, Vec<ImportError>> {
    let mut errors = Vec::new();
    if json.get("resourceType").and_then(Value::as_str) != Some("Questionnaire") {
        return Err(vec![error(None, "resourceType must be \"Questionnaire\"")]);
    }
    let id = text(json, "url").or_else(|| text(json, "name")).unwrap_or_default();
    if id.is_empty() {
        errors.push(error(None, "needs a url or a name, which responses will refer to"));
    }
    let version = text(json, "version").unwrap_or_default();
    if version.is_empty() {
        errors.push(error(
            None,
            "needs a version: every response keeps the version it answered",
        ));
    }
    let title = translated(json, "title", text(json, "name").unwrap_or(id));
    let attribution = text(json, "copyright").map(str::to_string);
    let raw_items = json.get("item").and_then(Value::as_array).cloned().unwrap_or_default();
    if raw_items.is_empty() {
        errors.push(error(None, "has no items"));
    }
    let mut seen = HashSet::new();
    let items: Vec<Item> = raw_items
        .iter()
        .enumerate()
        .filter_map(|(i, raw)| item(raw, &format!("#{}", i + 1), &mut seen, &mut errors))
        .collect();
    let questionnaire = Questionnaire {
        id: id.to_string(),
        version: version.to_string(),
        title,
        attribution,
        items,
        scales: extensions(json, SCALE).filter_map(|e| scale(e, &mut errors)).collect(),
    };
    check_references(&questionnaire, &mut errors);
    if errors.is_empty() {
        Ok(questionnaire)
    } else {
        Err(errors)
    }
}

fn item(raw: &Value, place: &str, seen: &mut HashSet<String>, errors: &mut Vec<ImportError>) -> Option<Item> {
    let Some(link_id) = text(raw, "linkId") else {
        errors.push(error(Some(place), "has no linkId"));
        return None;
    };
    if !seen.insert(link_id.to_string()) {
        errors.push(error(Some(link_id), "linkId is used twice"));
    }
    let at = Some(link_id);
    let kind = match raw.get("type").and_then(Value::as_str).unwrap_or_default() {
        "group" => ItemKind::Group,
        "display" => ItemKind::Display,
        "choice" => ItemKind::Choice(options(raw, link_id, errors)),
        "integer" => ItemKind::Integer(bounds(raw, link_id, errors, Value::as_i64)),
        "decimal" => ItemKind::Decimal(bounds(raw, link_id, errors, Value::as_f64)),
        "boolean" => ItemKind::Boolean,
        "string" | "text" => ItemKind::String {
            max_length: raw.get("maxLength").and_then(Value::as_u64).map(|n| n as usize),
        },
        other => {
            errors.push(error(
                at,
                format!(
                    "type '{other}' is not supported (group, display, choice, integer, decimal, boolean, string, text)"
                ),
            ));
            return None;
        }
    };
    let enable_when = raw
        .get("enableWhen")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|condition| enable_when(condition, link_id, errors))
        .collect();
    let enable_when_all = match raw.get("enableBehavior").and_then(Value::as_str) {
        None | Some("all") => true,
        Some("any") => false,
        Some(other) => {
            errors.push(error(at, format!("enableBehavior '{other}' must be 'all' or 'any'")));
            true
        }
    };
    let children = raw.get("item").and_then(Value::as_array).cloned().unwrap_or_default();
    if matches!(kind, ItemKind::Group) && children.is_empty() {
        errors.push(error(at, "is a group with no items"));
    }
    let items = children
        .iter()
        .enumerate()
        .filter_map(|(i, child)| item(child, &format!("{link_id}/#{}", i + 1), seen, errors))
        .collect();
    Some(Item {
        link_id: link_id.to_string(),
        text: translated(raw, "text", ""),
        required: raw.get("required").and_then(Value::as_bool).unwrap_or(false),
        kind,
        enable_when,
        enable_when_all,
        items,
        carry_over: extensions(raw, CARRY_OVER).any(|e| e.get("valueBoolean") == Some(&Value::Bool(true))),
    })
}

fn options(raw: &Value, link_id: &str, errors: &mut Vec<ImportError>) -> Vec<AnswerOption> {
    let mut options = Vec::new();
    for option in raw.get("answerOption").and_then(Value::as_array).into_iter().flatten() {
        let Some(coding) = option.get("valueCoding") else {
            errors.push(error(Some(link_id), "an answerOption has no valueCoding"));
            continue;
        };
        let Some(code) = text(coding, "code") else {
            errors.push(error(Some(link_id), "an answerOption has no code"));
            continue;
        };
        if options.iter().any(|o: &AnswerOption| o.code == code) {
            errors.push(error(Some(link_id), format!("option code '{code}' is used twice")));
        }
        // The ordinal may sit on the option or on its coding, as R4 tools differ.
        let ordinal = ORDINAL
            .iter()
            .flat_map(|url| extensions(option, url).chain(extensions(coding, url)))
            .find_map(|e| e.get("valueDecimal").or_else(|| e.get("valueInteger")))
            .and_then(|v| v.as_f64())
            .map(|v| v.round() as i64);
        options.push(AnswerOption {
            code: code.to_string(),
            display: translated(coding, "display", code),
            ordinal,
        });
    }
    if options.is_empty() {
        errors.push(error(Some(link_id), "is a choice with no answerOption"));
    }
    options
}

fn bounds<T: PartialOrd + Copy>(
    raw: &Value,
    link_id: &str,
    errors: &mut Vec<ImportError>,
    read: fn(&Value) -> Option<T>,
) -> Bounds<T> {
    let value = |url: &str| {
        extensions(raw, url)
            .find_map(|e| e.get("valueInteger").or_else(|| e.get("valueDecimal")))
            .and_then(read)
    };
    let (min, max) = (value(MIN), value(MAX));
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            errors.push(error(Some(link_id), "minValue is above maxValue"));
        }
    }
    let unit = extensions(raw, UNIT)
        .find_map(|e| e.get("valueCoding"))
        .and_then(|c| text(c, "display").or_else(|| text(c, "code")))
        .map(str::to_string);
    Bounds { min, max, unit }
}

fn enable_when(raw: &Value, link_id: &str, errors: &mut Vec<ImportError>) -> Option<EnableWhen> {
    let Some(question) = text(raw, "question") else {
        errors.push(error(Some(link_id), "an enableWhen has no question"));
        return None;
    };
    let operator = match raw.get("operator").and_then(Value::as_str).unwrap_or_default() {
        "exists" => Operator::Exists,
        "=" => Operator::Equal,
        "!=" => Operator::NotEqual,
        ">" => Operator::Greater,
        "<" => Operator::Less,
        ">=" => Operator::GreaterOrEqual,
        "<=" => Operator::LessOrEqual,
        other => {
            errors.push(error(
                Some(link_id),
                format!("enableWhen operator '{other}' is unknown"),
            ));
            return None;
        }
    };
    let answer = if let Some(coding) = raw.get("answerCoding") {
        text(coding, "code").map(|c| Answer::Choice(c.to_string()))
    } else if let Some(v) = raw.get("answerBoolean").and_then(Value::as_bool) {
        Some(Answer::Boolean(v))
    } else if let Some(v) = raw.get("answerInteger").and_then(Value::as_i64) {
        Some(Answer::Integer(v))
    } else if let Some(v) = raw.get("answerDecimal").and_then(Value::as_f64) {
        Some(Answer::Decimal(v))
    } else {
        raw.get("answerString")
            .and_then(Value::as_str)
            .map(|v| Answer::String(v.to_string()))
    };
    let Some(answer) = answer else {
        errors.push(error(
            Some(link_id),
            format!("the enableWhen on '{question}' has no answer to compare"),
        ));
        return None;
    };
    Some(EnableWhen {
        question: question.to_string(),
        operator,
        answer,
    })
}

fn scale(raw: &Value, errors: &mut Vec<ImportError>) -> Option<Scale> {
    let parts = |url: &'static str| extensions(raw, url);
    let id = parts("id").find_map(|e| text(e, "valueString"))?.to_string();
    let mut bands = Vec::new();
    for band in parts("band").filter_map(|e| text(e, "valueString")) {
        let parsed = band.split_once(' ').and_then(|(range, label)| {
            let (min, max) = range.split_once('-')?;
            Some(Band {
                min: min.parse().ok()?,
                max: max.parse().ok()?,
                label: label.trim().to_string(),
            })
        });
        match parsed {
            Some(b) => bands.push(b),
            None => errors.push(error(
                None,
                format!("scale '{id}': band '{band}' must read like '0-4 minimal'"),
            )),
        }
    }
    if bands.windows(2).any(|w| w[1].min != w[0].max + 1) || bands.iter().any(|b| b.min > b.max) {
        errors.push(error(
            None,
            format!("scale '{id}': bands must follow each other without gaps"),
        ));
    }
    let integer = |url: &'static str| parts(url).find_map(|e| e.get("valueInteger")).and_then(Value::as_i64);
    Some(Scale {
        items: parts("item")
            .filter_map(|e| text(e, "valueString"))
            .map(str::to_string)
            .collect(),
        max_missing: integer("maxMissing").unwrap_or(0).max(0) as usize,
        positive_at: integer("positiveAt"),
        bands,
        id,
    })
}

/// enableWhen and scales must name items that exist, of a kind that fits.
fn check_references(q: &Questionnaire, errors: &mut Vec<ImportError>) {
    for item in q.all_items() {
        for condition in &item.enable_when {
            match q.item(&condition.question) {
                None => errors.push(error(
                    Some(&item.link_id),
                    format!("enableWhen refers to '{}', which is not an item", condition.question),
                )),
                Some(target) if !target.kind.is_question() => errors.push(error(
                    Some(&item.link_id),
                    format!("enableWhen refers to '{}', which takes no answer", condition.question),
                )),
                Some(target) if target.link_id == item.link_id => {
                    errors.push(error(Some(&item.link_id), "enableWhen refers to the item itself"))
                }
                Some(_) => {}
            }
        }
    }
    for scale in &q.scales {
        if scale.items.is_empty() || scale.bands.is_empty() {
            errors.push(error(None, format!("scale '{}' needs items and bands", scale.id)));
        }
        for link_id in &scale.items {
            let scored = q.item(link_id).is_some_and(|i| match &i.kind {
                ItemKind::Choice(options) => options.iter().all(|o| o.ordinal.is_some()),
                _ => false,
            });
            if !scored {
                errors.push(error(
                    Some(link_id),
                    format!(
                        "scale '{}' counts it, but it is not a choice with an ordinalValue on every option",
                        scale.id
                    ),
                ));
            }
        }
    }
}
