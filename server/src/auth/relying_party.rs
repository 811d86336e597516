//! The relying party of passkeys: this site, named by the host of its public address.
//!
//! A passkey belongs to a host name, never to an IP address: with `VTV_PUBLIC_URL` on an
//! address (the default `http://127.0.0.1:3000`) passkeys are not offered. Browsers allow
//! them over plain http on `localhost` only, which is where the tests use them; there any
//! port is accepted, since a test server takes a free one.
use url::{Host, Url};
use webauthn_rs::{Webauthn, WebauthnBuilder};

pub fn from_public_url(public_url: &str) -> Option<Webauthn> {
    let url = Url::parse(public_url).ok()?;
    let Some(Host::Domain(host)) = url.host() else {
        tracing::info!(public_url, "passkeys are off: the public address is not a host name");
        return None;
    };
    let host = host.to_string();
    let local = host == "localhost";
    if url.scheme() != "https" && !local {
        tracing::warn!(public_url, "passkeys are off: browsers allow them over https only");
        return None;
    }
    // The origin without a path: browsers send scheme, host and port.
    let origin = Url::parse(&url.origin().ascii_serialization()).ok()?;
    let built = WebauthnBuilder::new(&host, &origin)
        .map(|builder| builder.rp_name("Vein-to-Vein").allow_any_port(local))
        .and_then(|builder| builder.build());
    match built {
        Ok(webauthn) => Some(webauthn),
        Err(error) => {
            tracing::warn!(public_url, %error, "passkeys are off");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_name_over_https_or_localhost_is_a_relying_party_and_an_address_is_not() {
        let cases = [
            ("https://care.example.org", true),
            ("https://care.example.org:8443/app", true),
            ("http://localhost", true),
            ("http://localhost:3000", true),
            ("http://care.example.org", false),
            ("http://127.0.0.1:3000", false),
            ("https://[::1]:3000", false),
            ("https://10.0.0.5", false),
            ("not a url", false),
        ];
        for (url, offered) in cases {
            assert_eq!(from_public_url(url).is_some(), offered, "{url}");
        }
    }

    #[test]
    fn only_localhost_accepts_another_port() {
        let origin = |url: &str| from_public_url(url).map(|w| w.get_allowed_origins()[0].to_string());
        assert_eq!(
            origin("http://localhost:3000").as_deref(),
            Some("http://localhost:3000/")
        );
        assert_eq!(
            origin("https://care.example.org/app").as_deref(),
            Some("https://care.example.org/")
        );
    }
}
