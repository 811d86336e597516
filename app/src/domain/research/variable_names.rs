//! Variable names that R, Stata, SPSS and REDCap all take, made from an instrument's name and
//! an item's linkId or a scale's id. The rule:
//!
//! - lowercase ASCII letters, digits and single underscores (every other run of characters
//!   becomes one underscore), beginning with a letter (else `v_` goes first) and ending with
//!   a letter or digit, at most 26 characters (REDCap warns past 26; Stata takes 32, SPSS 64);
//! - never a word one of them keeps for itself (REDCap's `redcap_*`, `instance`, `event`…;
//!   SPSS's `all`, `and`, `by`…): such a name gains `_2`;
//! - an item is named after its instrument, then itself, unless its linkId already begins
//!   with the instrument's name (`phq9-1` of `phq-9` is `phq9_1`); an instrument's name longer
//!   than 10 characters stands as its initials (`symptom-diary`'s `chills` is `sd_chills`);
//! - a name too long keeps its first 21 characters and gains `_` and 4 hex digits of a hash
//!   of the whole, so that two long names stay apart; a name taken already gains `_2`, `_3`…
//!
//! The same instruments in the same order always get the same names.
use std::collections::HashSet;

pub const MAX_LEN: usize = 26;

/// Names REDCap refuses for a field (`MetaData.php`, `Project.php`) and SPSS's reserved words.
pub const RESERVED: [&str; 43] = [
    "redcap_event_name",
    "redcap_csrf_token",
    "redcap_survey_timestamp",
    "redcap_survey_identifier",
    "redcap_survey_return_code",
    "redcap_data_access_group",
    "redcap_repeat_instance",
    "redcap_repeat_instrument",
    "hidden_edit_flag",
    "instance",
    "submit",
    "new",
    "return",
    "continue",
    "case",
    "switch",
    "class",
    "enum",
    "catch",
    "throw",
    "document",
    "super",
    "focus",
    "elements",
    "action",
    "event_id",
    "target",
    "field_label",
    "event",
    "all",
    "and",
    "by",
    "eq",
    "ge",
    "gt",
    "le",
    "lt",
    "ne",
    "not",
    "or",
    "to",
    "with",
    "if",
];

/// `text` as lowercase letters, digits and single underscores, without leading or trailing
/// underscores.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// FNV-1a, 16 bits: stable across builds and platforms, unlike std's hasher.
fn short_hash(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{:04x}", (h ^ (h >> 16)) & 0xffff)
}

/// One valid name from its parts (before any clash with another name is settled).
pub fn name_of(parts: &[&str]) -> String {
    let joined = parts
        .iter()
        .map(|p| plain(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let name = match joined.chars().next() {
        Some(c) if c.is_ascii_lowercase() => joined,
        _ => format!("v_{joined}").trim_end_matches('_').to_string(),
    };
    if name.len() <= MAX_LEN {
        return name;
    }
    format!("{}_{}", name[..MAX_LEN - 5].trim_end_matches('_'), short_hash(&name))
}

/// What an instrument's variables begin with: its name, or its initials when longer than
/// 10 characters (`symptom-diary` is `sd`).
pub fn prefix(instrument: &str) -> String {
    let name = plain(instrument);
    if name.len() <= 10 {
        return name;
    }
    let initials: String = name.split('_').filter_map(|w| w.chars().next()).collect();
    if initials.len() >= 2 {
        initials
    } else {
        name[..10].trim_end_matches('_').to_string()
    }
}

/// The name of an instrument's item: the linkId alone where it already carries the
/// instrument's name.
pub fn item_name(instrument: &str, link_id: &str) -> String {
    let (compact, item) = (plain(instrument).replace('_', ""), plain(link_id));
    let carries_it = !compact.is_empty() && (item == compact || item.starts_with(&format!("{compact}_")));
    if carries_it {
        name_of(&[link_id])
    } else {
        name_of(&[&prefix(instrument), link_id])
    }
}

/// Hands out names, each once.
#[derive(Debug, Default)]
pub struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    /// A namer that will not hand out these (the fixed columns of a file).
    pub fn without(reserved: &[&str]) -> Namer {
        Namer {
            taken: reserved.iter().map(|r| r.to_string()).collect(),
        }
    }

    /// `wanted`, or the first of `wanted_2`, `wanted_3`… still free (cut to fit); a reserved
    /// word is never handed out.
    pub fn unique(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while self.taken.contains(&name) || RESERVED.contains(&name.as_str()) {
            let suffix = format!("_{n}");
            let keep = wanted.len().min(MAX_LEN - suffix.len());
            name = format!("{}{suffix}", wanted[..keep].trim_end_matches('_'));
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// Whether every package takes `name` as a variable (what [`Namer::unique`] always gives).
pub fn is_valid(name: &str) -> bool {
    name.len() <= MAX_LEN
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('_')
        && !name.contains("__")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !RESERVED.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn items_are_named_after_their_instrument_unless_they_already_are() {
        let cases = [
            ("phq-9", "phq9-1", "phq9_1"),
            ("gad-7", "gad7-7", "gad7_7"),
            ("symptom-diary", "chills", "sd_chills"),
            ("goals", "goal_1_category", "goals_goal_1_category"),
            ("caregiver-observation", "confused", "co_confused"),
            ("EQ 5D", "Mobility!", "eq_5d_mobility"),
            ("x", "1st", "x_1st"),
        ];
        for (instrument, item, name) in cases {
            assert_eq!(item_name(instrument, item), name, "{instrument} {item}");
        }
        assert_eq!(name_of(&["1st"]), "v_1st");
        assert_eq!(name_of(&["", "é"]), "v");
    }

    #[test]
    fn long_names_are_cut_and_kept_apart_and_clashes_numbered() {
        let a = item_name("caregiver-observation", "wakefulness_in_the_late_evening");
        let b = item_name("caregiver-observation", "wakefulness_in_the_early_morning");
        assert!(a.len() <= MAX_LEN && b.len() <= MAX_LEN, "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(a, item_name("caregiver-observation", "wakefulness_in_the_late_evening"));
        let mut namer = Namer::without(&["research_id"]);
        assert_eq!(namer.unique("research_id".into()), "research_id_2");
        assert_eq!(namer.unique("instance".into()), "instance_2", "REDCap keeps it");
        assert_eq!(namer.unique("with".into()), "with_2", "SPSS keeps it");
        assert_eq!(namer.unique("x".into()), "x");
        assert_eq!(namer.unique("x".into()), "x_2");
        assert_eq!(namer.unique("x".into()), "x_3");
        let long = "a".repeat(MAX_LEN);
        assert_eq!(namer.unique(long.clone()), long);
        assert_eq!(namer.unique(long.clone()).len(), MAX_LEN);
    }

    proptest! {
        #[test]
        fn every_name_is_one_every_package_takes(instrument in "\\PC{0,40}", item in "\\PC{0,60}") {
            let mut namer = Namer::default();
            let name = namer.unique(item_name(&instrument, &item));
            prop_assert!(is_valid(&name), "{name}");
            let second = namer.unique(name.clone());
            prop_assert!(is_valid(&second) && second != name, "{second}");
        }
    }
}
