//! A page of search results as a FHIR `searchset` Bundle, and a refusal as an
//! OperationOutcome. Resources come already written (`fhir_resources` writes them one by
//! one), and are put in as they are, not parsed again.
use serde_json::{json, Value};

/// One result: where it is read (`https://app.example/fhir/Flag/flag-5`) and the resource.
pub struct Found {
    pub full_url: String,
    pub resource: String,
}

/// The page: `self_url` is how it was asked for, `next` the next page's address if there is
/// one; `timestamp` is when it was made (an instant).
pub fn bundle(self_url: &str, next: Option<&str>, found: &[Found], timestamp: &str) -> serde_json::Result<String> {
    let mut link = vec![json!({ "relation": "self", "url": self_url })];
    if let Some(next) = next {
        link.push(json!({ "relation": "next", "url": next }));
    }
    let head = json!({
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": timestamp,
        "link": link,
    });
    let mut out = serde_json::to_string(&head)?;
    // `{…}` becomes `{…,"entry":[…]}`.
    out.pop();
    out.push_str(",\"entry\":[");
    for (i, f) in found.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"fullUrl\":");
        out.push_str(&serde_json::to_string(&f.full_url)?);
        out.push_str(",\"resource\":");
        out.push_str(&f.resource);
        out.push_str(",\"search\":{\"mode\":\"match\"}}");
    }
    out.push_str("]}");
    Ok(out)
}

/// An OperationOutcome of one error: `code` from FHIR's `issue-type` (`invalid`, `login`,
/// `forbidden`, `not-found`, `too-costly`…) and what to do about it.
pub fn outcome(code: &str, diagnostics: &str) -> Value {
    json!({
        "resourceType": "OperationOutcome",
        "issue": [{ "severity": "error", "code": code, "diagnostics": diagnostics }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_holds_its_resources_as_written_and_links_to_the_next() {
        let found = [Found {
            full_url: "https://app.example/fhir/Flag/flag-5".into(),
            resource: r#"{"resourceType":"Flag","id":"flag-5"}"#.into(),
        }];
        let page = bundle(
            "https://app.example/fhir/Flag?_count=1",
            Some("https://app.example/fhir/Flag?_count=1&_after=1.5"),
            &found,
            "2026-12-07T10:00:00Z",
        )
        .expect("written");
        let read: Value = serde_json::from_str(&page).expect("JSON");
        assert_eq!(read["type"], "searchset");
        assert_eq!(read["link"][1]["relation"], "next");
        assert_eq!(read["entry"][0]["resource"]["id"], "flag-5");
        assert_eq!(read["entry"][0]["search"]["mode"], "match");
        let empty: Value = serde_json::from_str(&bundle("s", None, &[], "t").expect("written")).expect("JSON");
        assert_eq!(empty["entry"], json!([]));
        assert_eq!(empty["link"].as_array().map(Vec::len), Some(1));
    }
}
