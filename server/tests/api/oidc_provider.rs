//! The hospital's OpenID provider in the harness: npm `oidc-provider` 9
//! (`end2end/oidc/provider.mjs`), on `localhost` while the app is on `127.0.0.1`, and an
//! app set up to sign staff in through it. A sign-in is followed hop by hop, as a browser
//! would, with the browser's cookies and none of the app's session cookie on the way back.
use crate::helpers::{client, database_url, spawn_on, Kind, TestApp};
use reqwest::Client;
use std::process::{Child, Command, Stdio};

pub struct OidcProvider {
    child: Child,
    pub issuer: String,
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl OidcProvider {
    /// Starts the provider for an app at `app` (its origin), ID tokens lasting `ttl` s.
    pub async fn start(app: &str, ttl: u32) -> OidcProvider {
        let port = free_port();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let child = Command::new("node")
            .arg(root.join("end2end/oidc/provider.mjs"))
            .current_dir(root.join("end2end"))
            .env("PORT", port.to_string())
            .env("APP", app)
            .env("ID_TOKEN_TTL", ttl.to_string())
            .stdout(Stdio::null())
            // Its warnings and back-channel errors, when asked: VTV_TEST_PROVIDER_LOG=1.
            .stderr(match std::env::var_os("VTV_TEST_PROVIDER_LOG") {
                Some(_) => Stdio::inherit(),
                None => Stdio::null(),
            })
            .spawn()
            .expect("node runs the provider (the test command's setup installs it)");
        let issuer = format!("http://localhost:{port}");
        let provider = OidcProvider { child, issuer };
        let discovery = format!("{}/.well-known/openid-configuration", provider.issuer);
        for _ in 0..100 {
            if reqwest::get(&discovery).await.is_ok_and(|r| r.status().is_success()) {
                return provider;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the OpenID provider did not start");
    }
}

/// An app and its provider, the app's staff sign-in set to it: nurses of `UZL-HEM` are of
/// the app's centre `centre`, admins are admins. ID tokens last `ttl` seconds.
pub async fn app_with_provider(kind: Kind, ttl: u32) -> (TestApp, OidcProvider, i64) {
    app_with_provider_and(kind, ttl, |_| {}).await
}

/// As [`app_with_provider`], with more settings.
pub async fn app_with_provider_and(
    kind: Kind,
    ttl: u32,
    more: impl FnOnce(&mut server::config::Config),
) -> (TestApp, OidcProvider, i64) {
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let provider = OidcProvider::start(&origin, ttl).await;
    let (url, dir) = database_url(kind).await;
    let issuer = provider.issuer.clone();
    let app = spawn_on(&url, dir, move |config| {
        config.addr = ([127, 0, 0, 1], port).into();
        config.public_url = origin;
        config.oidc.oidc_issuer = Some(issuer);
        config.oidc.oidc_client_secret = Some("test-client-secret".into());
        config.oidc.oidc_roles = "vtv-admins=admin,vtv-nurses=nurse".into();
        config.oidc.oidc_centres = "UZL-HEM=1".into();
        more(config);
    })
    .await;
    let centre = app.centre("UZ Leuven").await;
    assert_eq!(centre, 1, "the first centre, as the mapping says");
    (app, provider, centre)
}

/// Where a sign-in through the provider ended: the last answer's status, address and body.
pub struct Ended {
    pub status: u16,
    pub url: String,
    pub body: String,
}

/// Follows redirects from `start` (relative to the app) as a browser, until an answer that
/// is not one. `browser` keeps the cookies of both sites.
pub async fn follow(app: &TestApp, browser: &Client, start: &str) -> Ended {
    let mut url = reqwest::Url::parse(&app.url(start)).expect("an address");
    for _ in 0..12 {
        let response = browser.get(url.clone()).send().await.expect("a hop");
        let status = response.status().as_u16();
        let next = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        match next {
            Some(location) if (300..400).contains(&status) => {
                url = url.join(&location).expect("a location");
            }
            _ => {
                let body = response.text().await.unwrap_or_default();
                return Ended {
                    status,
                    url: url.to_string(),
                    body,
                };
            }
        }
    }
    panic!("more than twelve redirects");
}

/// Signs `person` in through the provider in a fresh browser; the browser and where it ended.
pub async fn sign_in_as(app: &TestApp, person: &str) -> (Client, Ended) {
    let browser = client();
    let ended = follow(app, &browser, &format!("/auth/sso?login_hint={person}")).await;
    (browser, ended)
}
