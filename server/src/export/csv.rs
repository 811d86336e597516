//! CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a field quoted when it holds
//! a comma, a quote or a line break, quotes inside doubled. UTF-8 without a byte-order mark.

/// Appends one record to `out`.
pub fn record<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        field_into(out, field);
    }
    out.extend_from_slice(b"\r\n");
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
