//! Which addresses a hospital webhook may go to. Hospital systems sit at internal addresses,
//! which the push sender refuses (`push/endpoint_policy.rs`); here the rule is the other
//! way round: nothing is let in unless an admin listed its origin, exactly.
//!
//! | rule | why |
//! |---|---|
//! | the origin is scheme, host and port, as the HTTP client reads them (WHATWG) | `https://EHR.example:443/` and `https://ehr.example` are one origin, `https://ehr.example.evil` another |
//! | https only; plain http only for origins the configuration names (tests) | the message names a patient by the hospital's number |
//! | no user name or password in the address, no fragment, at most 2 000 characters | nothing hidden in what the admin sees |
//! | a webhook's address must be on an allowed origin, checked again before every send | an origin removed stops its webhooks at once |
//! | no redirects (the client follows none) | a redirect would leave the allowed origin |
use app::domain::validation::Problem;
use url::Url;

/// The origin an admin typed, in the one form it is stored and compared in
/// (`https://host` or `https://host:port`, lower-case host, default port left out).
pub fn parse_origin(raw: &str, plain_http_origins: &[String]) -> Result<String, Problem> {
    let url = plain_url(raw)?;
    let rest_is_empty = matches!(url.path(), "" | "/") && url.query().is_none();
    if !rest_is_empty {
        return Err(Problem::OriginInvalid);
    }
    let origin = url.origin().ascii_serialization();
    scheme_allowed(&url, &origin, plain_http_origins)?;
    Ok(origin)
}

/// A webhook's address: a plain URL whose origin is among `allowed`.
pub fn check_target(raw: &str, allowed: &[String], plain_http_origins: &[String]) -> Result<String, Problem> {
    let url = plain_url(raw)?;
    let origin = url.origin().ascii_serialization();
    scheme_allowed(&url, &origin, plain_http_origins)?;
    if allowed.iter().any(|a| *a == origin) {
        Ok(url.to_string())
    } else {
        Err(Problem::OriginNotAllowed)
    }
}

fn plain_url(raw: &str) -> Result<Url, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Problem::Required);
    }
    let url = Url::parse(raw).map_err(|_| Problem::OriginInvalid)?;
    let hidden = !url.username().is_empty() || url.password().is_some() || url.fragment().is_some();
    if raw.len() > 2000 || hidden || url.host().is_none() || !matches!(url.scheme(), "https" | "http") {
        return Err(Problem::OriginInvalid);
    }
    Ok(url)
}

fn scheme_allowed(url: &Url, origin: &str, plain_http_origins: &[String]) -> Result<(), Problem> {
    let plain_allowed = plain_http_origins.iter().any(|o| o.trim().eq_ignore_ascii_case(origin));
    if url.scheme() == "https" || plain_allowed {
        Ok(())
    } else {
        Err(Problem::OriginInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: &[&str] = &["http://127.0.0.1:9999"];

    fn test_origins() -> Vec<String> {
        TEST.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn origins_are_read_as_the_client_reads_them_and_stored_in_one_form() {
        let cases: &[(&str, Result<&str, Problem>)] = &[
            ("https://EHR.Hospital.example", Ok("https://ehr.hospital.example")),
            (
                " https://ehr.hospital.example:443/ ",
                Ok("https://ehr.hospital.example"),
            ),
            (
                "https://ehr.hospital.example:8443",
                Ok("https://ehr.hospital.example:8443"),
            ),
            ("https://10.2.3.4:8443", Ok("https://10.2.3.4:8443")),
            ("http://127.0.0.1:9999", Ok("http://127.0.0.1:9999")),
            ("http://ehr.hospital.example", Err(Problem::OriginInvalid)),
            ("http://127.0.0.1:9998", Err(Problem::OriginInvalid)),
            ("https://ehr.hospital.example/inbox", Err(Problem::OriginInvalid)),
            ("https://ehr.hospital.example/?a=1", Err(Problem::OriginInvalid)),
            ("https://user:pw@ehr.hospital.example", Err(Problem::OriginInvalid)),
            ("ftp://ehr.hospital.example", Err(Problem::OriginInvalid)),
            ("ehr.hospital.example", Err(Problem::OriginInvalid)),
            ("", Err(Problem::Required)),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                parse_origin(raw, &test_origins()),
                expected.map(str::to_string),
                "{raw}"
            );
        }
    }

    #[test]
    fn a_webhook_goes_only_to_an_allowed_origin_exactly() {
        let allowed = vec![
            "https://ehr.hospital.example".to_string(),
            "http://127.0.0.1:9999".to_string(),
        ];
        let cases: &[(&str, Result<(), Problem>)] = &[
            ("https://ehr.hospital.example/hooks/flags", Ok(())),
            ("https://EHR.hospital.example:443/hooks?x=1", Ok(())),
            ("http://127.0.0.1:9999/flags", Ok(())),
            (
                "https://ehr.hospital.example:8443/hooks",
                Err(Problem::OriginNotAllowed),
            ),
            (
                "https://ehr.hospital.example.evil/hooks",
                Err(Problem::OriginNotAllowed),
            ),
            (
                "https://evil.example/https://ehr.hospital.example",
                Err(Problem::OriginNotAllowed),
            ),
            ("https://x.ehr.hospital.example/hooks", Err(Problem::OriginNotAllowed)),
            ("http://ehr.hospital.example/hooks", Err(Problem::OriginInvalid)),
            ("https://a@ehr.hospital.example/hooks", Err(Problem::OriginInvalid)),
            ("https://ehr.hospital.example/hooks#x", Err(Problem::OriginInvalid)),
            // Read as the client reads it: 127.1 is 127.0.0.1.
            ("http://127.1:9999/flags", Ok(())),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                check_target(raw, &allowed, &test_origins()).map(|_| ()),
                *expected,
                "{raw}"
            );
        }
    }
}
