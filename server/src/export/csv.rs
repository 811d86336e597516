//! CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a field quoted when it holds
//! a comma, a quote or a line break, quotes inside doubled. UTF-8 without a byte-order mark.
//! A cell a spreadsheet would run as a formula is defused first (OWASP's CSV injection).
use std::borrow::Cow;

/// Appends one record to `out`.
pub fn record<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        field_into(out, &defused(field));
    }
    out.extend_from_slice(b"\r\n");
}

/// A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is one a
/// spreadsheet may run as a formula: it gets a leading `'`, which spreadsheets show as text.
/// Plain numbers (`-3`, `+1.5`, `-2e3`) stay numbers.
pub fn defused(field: &str) -> Cow<'_, str> {
    let risky = matches!(
        field.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && !is_plain_number(field) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// An optional sign, digits with at most one decimal point, and an optional exponent.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => (digits(whole) || whole.is_empty()) && digits(fraction),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

pub fn field_into(out: &mut Vec<u8>, field: &str) {
    if field.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
        out.push(b'"');
        for b in field.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(fields: &[&str]) -> String {
        let mut out = Vec::new();
        record(&mut out, fields.iter().copied());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        for formula in [
            "=1+1",
            "=HYPERLINK(\"http://x\")",
            "+cmd",
            "-cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "-",
            "-inf",
            "--1",
        ] {
            assert_eq!(defused(formula), format!("'{formula}"), "{formula}");
        }
        for plain in ["-3", "+1.5", "-0.25", "-.5", "-2e3", "1E-4", "0", "a=b", "x-1", ""] {
            assert_eq!(defused(plain), plain, "{plain}");
        }
        assert_eq!(line(&["=1+1", "-3"]), "'=1+1,-3\r\n");
    }

    #[test]
    fn plain_fields_are_left_as_they_are() {
        assert_eq!(line(&["a1", "-3", "40-49", ""]), "a1,-3,40-49,\r\n");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            line(&["a,b", "say \"hi\"", "two\nlines", "cr\r"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n"
        );
        assert_eq!(line(&["Köln", "é"]), "Köln,é\r\n");
    }
}
