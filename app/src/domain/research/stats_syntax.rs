//! Syntax files that read an export's CSV files into R, Stata and SPSS with every variable
//! and code labelled, as REDCap's own exports do: `labels.R`, `labels.do`, `labels.sps`,
//! run in the export's folder. One section per CSV file; Stata and SPSS save each as a
//! dataset of its own (`patients.dta`, `patients.sav`).
//!
//! What each package needs, and what is done for it:
//! - **R** (base R only): every column read as text (codes keep their leading zeros, an
//!   empty cell is `NA`), numbers converted, labels in the `label` attribute (as Hmisc and
//!   haven read it), codes as a factor beside the column (`sex.factor`). The file is ASCII:
//!   other characters are written `\uXXXX`, which R reads the same in every locale.
//! - **SPSS** (and PSPP): no blank line and no line that starts with a variable name
//!   inside a command (PSPP would end the command there); `'` doubled in labels, labels cut
//!   at 255 bytes; strings read as `A255`.
//! - **Stata**: value labels map integers only, so a coded column gets a numeric companion
//!   (`sex_c`) holding 1, 2 … in the code list's order; labels cut at 80 characters, `"`
//!   removed and `$` and `` ` `` escaped inside compound quotes.
use super::labelled_files::{LabelledFile, Measure, Variable};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Package {
    R,
    Stata,
    Spss,
}

impl Package {
    pub const ALL: [Package; 3] = [Package::R, Package::Stata, Package::Spss];

    pub fn file_name(self) -> &'static str {
        match self {
            Package::R => "labels.R",
            Package::Stata => "labels.do",
            Package::Spss => "labels.sps",
        }
    }

    /// The syntax that reads and labels these files.
    pub fn syntax(self, files: &[LabelledFile]) -> String {
        match self {
            Package::R => r_script(files),
            Package::Stata => stata_do(files),
            Package::Spss => spss_syntax(files),
        }
    }
}

/// Line breaks and control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `text` as an R string literal, ASCII only.
fn r_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in one_line(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() => out.push(c),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{{{:x}}}", c as u32)),
        }
    }
    out.push('"');
    out
}

fn r_vector(texts: impl Iterator<Item = String>) -> String {
    format!("c({})", texts.collect::<Vec<_>>().join(", "))
}

pub fn r_script(files: &[LabelledFile]) -> String {
    let mut out = String::from(concat!(
        "# Reads the export's CSV files into data frames, variables and codes labelled.\n",
        "# In the export's folder: Rscript labels.R, or source(\"labels.R\") (chdir = TRUE from elsewhere).\n",
        "# Rscript labels.R <folder> reads the files of another folder.\n",
        ".args <- commandArgs(trailingOnly = TRUE)\n",
        ".dir <- if (length(.args) >= 1) .args[1] else \".\"\n",
        ".read <- function(file) read.csv(file.path(.dir, file), colClasses = \"character\", na.strings = \"\",\n",
        "  check.names = FALSE, encoding = \"UTF-8\", stringsAsFactors = FALSE)\n",
    ));
    for f in files {
        let d = f.stem();
        out.push_str(&format!("\n# {}\n{d} <- .read({})\n", f.file, r_string(&f.file)));
        for v in &f.variables {
            let column = format!("{d}[[{}]]", r_string(&v.name));
            match v.measure {
                Measure::Integer => out.push_str(&format!("{column} <- as.integer({column})\n")),
                Measure::Decimal => out.push_str(&format!("{column} <- as.numeric({column})\n")),
                Measure::Text => {}
            }
            out.push_str(&format!("attr({column}, \"label\") <- {}\n", r_string(&v.label)));
            if !v.values.is_empty() {
                let factor = format!("{d}[[{}]]", r_string(&format!("{}.factor", v.name)));
                out.push_str(&format!(
                    "{factor} <- factor({column}, levels = {}, labels = {})\n",
                    r_vector(v.values.iter().map(|(code, _)| r_string(code))),
                    r_vector(v.values.iter().map(|(_, label)| r_string(label))),
                ));
            }
        }
    }
    out
}

/// `text` cut to at most `max` bytes, at a character's end.
fn cut_bytes(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `text` as an SPSS string: in apostrophes, an apostrophe doubled, at most 255 bytes.
fn spss_string(text: &str) -> String {
    let line = one_line(text);
    format!("'{}'", cut_bytes(&line, 255).replace('\'', "''"))
}

fn spss_format(v: &Variable) -> &'static str {
    match v.measure {
        Measure::Integer => "F8.0",
        Measure::Decimal => "F12.4",
        Measure::Text => "A255",
    }
}

pub fn spss_syntax(files: &[LabelledFile]) -> String {
    let mut out = String::from(concat!(
        "* Encoding: UTF-8.\n",
        "* Reads the export's CSV files, variables and codes labelled, and saves each as a .sav file.\n",
        "* Run in the export's folder: pspp labels.sps (or File > Open > Syntax in SPSS).\n",
        "SET LOCALE='UTF-8'.\n",
        "SET DECIMAL=DOT.\n",
    ));
    for f in files {
        let list: Vec<String> = f
            .variables
            .iter()
            .map(|v| format!("{} {}", v.name, spss_format(v)))
            .collect();
        out.push_str(&format!(
            "* {}.\nGET DATA /TYPE=TXT /FILE={} /ENCODING='UTF8'\n  /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2\n  /DELIMITERS=',' /QUALIFIER='\"'\n  /VARIABLES={}.\n",
            f.file,
            spss_string(&f.file),
            list.join(" ")
        ));
        let labels: Vec<String> = f
            .variables
            .iter()
            .map(|v| format!("{} {}", v.name, spss_string(&v.label)))
            .collect();
        out.push_str(&format!("VARIABLE LABELS {}.\n", labels.join("\n  /")));
        let coded: Vec<String> = f
            .variables
            .iter()
            .filter(|v| !v.values.is_empty())
            .map(|v| {
                let pairs: Vec<String> = v
                    .values
                    .iter()
                    .map(|(code, label)| format!("{} {}", spss_string(code), spss_string(label)))
                    .collect();
                format!("  /{} {}", v.name, pairs.join(" "))
            })
            .collect();
        if !coded.is_empty() {
            out.push_str(&format!("VALUE LABELS\n{}.\n", coded.join("\n")));
        }
        out.push_str(&format!(
            "SAVE OUTFILE={}.\n",
            spss_string(&format!("{}.sav", f.stem()))
        ));
    }
    out.push_str("EXECUTE.\n");
    out
}

/// `text` as a Stata compound-quoted string: at most 80 characters, `"` removed, `$` and
/// `` ` `` escaped (they would expand macros).
fn stata_string(text: &str) -> String {
    let line: String = one_line(text).chars().filter(|c| *c != '"').take(80).collect();
    format!("`\"{}\"'", line.replace('$', "\\$").replace('`', "\\`"))
}

/// The numeric companion of a coded column, if its name is free.
fn companion(f: &LabelledFile, v: &Variable) -> Option<String> {
    let name = format!("{}_c", v.name);
    (name.len() <= 32 && !f.variables.iter().any(|o| o.name == name)).then_some(name)
}

pub fn stata_do(files: &[LabelledFile]) -> String {
    let mut out = String::from(concat!(
        "* Reads the export's CSV files, variables and codes labelled, and saves each as a .dta file.\n",
        "* Run in the export's folder: do labels.do\n",
        "* A coded column keeps its codes; its numeric companion (name_c) carries the value labels.\n",
        "version 14\n",
    ));
    for f in files {
        out.push_str(&format!(
            "\n* {}\nimport delimited using \"{}\", varnames(1) case(preserve) stringcols(_all) encoding(\"utf-8\") bindquote(strict) clear\nlabel data {}\n",
            f.file,
            f.file,
            stata_string(&f.file)
        ));
        for v in &f.variables {
            if v.measure != Measure::Text {
                out.push_str(&format!("destring {}, replace\n", v.name));
            }
            out.push_str(&format!("label variable {} {}\n", v.name, stata_string(&v.label)));
            let Some(c) = companion(f, v).filter(|_| !v.values.is_empty()) else {
                continue;
            };
            out.push_str(&format!("generate {c} = .\n"));
            let mut define = format!("label define {c}");
            for (i, (code, label)) in v.values.iter().enumerate() {
                out.push_str(&format!(
                    "replace {c} = {} if {} == {}\n",
                    i + 1,
                    v.name,
                    stata_string(code)
                ));
                define.push_str(&format!(" {} {}", i + 1, stata_string(label)));
            }
            out.push_str(&format!("{define}\nlabel values {c} {c}\n"));
        }
        out.push_str(&format!("save \"{}.dta\", replace\n", f.stem()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> LabelledFile {
        LabelledFile {
            file: "patients.csv".into(),
            variables: vec![
                Variable {
                    name: "sex".into(),
                    measure: Measure::Text,
                    label: "Sex \"as\" recorded: patient's, Zoë $x".into(),
                    values: vec![("female".into(), "Female".into()), ("male".into(), "Male".into())],
                },
                Variable {
                    name: "week".into(),
                    measure: Measure::Integer,
                    label: "Week\nfrom the anchor".into(),
                    values: vec![],
                },
            ],
        }
    }

    #[test]
    fn r_reads_text_labels_as_attributes_and_codes_as_factors() {
        let r = r_script(&[file()]);
        assert!(r.is_ascii());
        assert!(r.contains("patients <- .read(\"patients.csv\")"));
        assert!(
            r.contains("attr(patients[[\"sex\"]], \"label\") <- \"Sex \\\"as\\\" recorded: patient's, Zo\\u00eb $x\"")
        );
        assert!(r.contains("patients[[\"week\"]] <- as.integer(patients[[\"week\"]])"));
        assert!(r.contains("\"Week from the anchor\""));
        assert!(r.contains(
            "patients[[\"sex.factor\"]] <- factor(patients[[\"sex\"]], levels = c(\"female\", \"male\"), labels = c(\"Female\", \"Male\"))"
        ));
    }

    #[test]
    fn spss_never_starts_a_line_with_a_name_and_doubles_apostrophes() {
        let sps = spss_syntax(&[file()]);
        assert!(sps.contains("/VARIABLES=sex A255 week F8.0."));
        assert!(sps.contains(
            "VARIABLE LABELS sex 'Sex \"as\" recorded: patient''s, Zoë $x'\n  /week 'Week from the anchor'."
        ));
        assert!(sps.contains("VALUE LABELS\n  /sex 'female' 'Female' 'male' 'Male'."));
        assert!(!sps.contains("\n\n"));
        assert!(sps.lines().all(|l| !l.starts_with("sex") && !l.starts_with("week")));
        assert_eq!(
            spss_string(&"é".repeat(200)).len(),
            2 + 254,
            "cut at 255 bytes, on a character"
        );
    }

    #[test]
    fn stata_labels_numeric_companions_of_coded_columns() {
        let dofile = stata_do(&[file()]);
        assert!(dofile.contains("label variable sex `\"Sex as recorded: patient's, Zoë \\$x\"'"));
        assert!(dofile.contains("destring week, replace"));
        assert!(dofile.contains("replace sex_c = 2 if sex == `\"male\"'"));
        assert!(dofile.contains("label define sex_c 1 `\"Female\"' 2 `\"Male\"'\nlabel values sex_c sex_c"));
        assert!(dofile.contains("save \"patients.dta\", replace"));
        assert_eq!(stata_string(&"x".repeat(100)).len(), 80 + 4);
    }
}
