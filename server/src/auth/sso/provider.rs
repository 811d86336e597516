//! The hospital's OpenID provider as the app talks to it (the `openidconnect` crate): its
//! discovery document, read when first needed and kept ten minutes (the app starts, and
//! its break-glass admin signs in, while the provider is down); the authorization request
//! with PKCE; the code exchanged, the ID token checked against the provider's keys, and the
//! person's claims read from the user-info endpoint.
use super::settings::Sso;
use openidconnect::{
    core::{CoreAuthenticationFlow, CoreClient, CoreGenderClaim},
    reqwest, AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    ProviderMetadataWithLogout, RedirectUrl, Scope, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::{sync::Arc, time::Duration};
use tokio::sync::RwLock;

const KEPT: Duration = Duration::from_secs(600);

/// The client as `from_provider_metadata` makes it: authorization set, token and user-info
/// endpoints as discovered.
type ProviderClient =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// Every claim of the user-info answer, whatever its name: the role and centre claims are
/// the hospital's to name.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Claims {
    #[serde(flatten)]
    pub all: Map<String, Value>,
}
impl AdditionalClaims for Claims {}

pub struct Provider {
    pub settings: Sso,
    /// The issuer's origin (`https://login.hospital.example`): where signing out goes.
    pub origin: String,
    /// The callback address, `<public>/auth/sso/callback`.
    redirect: String,
    http: reqwest::Client,
    metadata: RwLock<Option<(std::time::Instant, Arc<ProviderMetadataWithLogout>)>>,
}

/// Where to send the person, and what to keep until they come back.
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// Who came back: the provider's subject, until when its ID token holds, and the claims.
pub struct Person {
    pub subject: String,
    pub expires_at: i64,
    pub email: Option<String>,
    /// Whether the provider vouches for the email (`email_verified`).
    pub email_verified: bool,
    pub name: Option<String>,
    pub claims: Map<String, Value>,
}

impl Provider {
    pub fn new(settings: Sso, public_url: &str) -> Result<Provider, String> {
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let the provider's answers point the server elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        let origin = url::Url::parse(&settings.issuer)
            .map_err(|e| e.to_string())?
            .origin()
            .ascii_serialization();
        Ok(Provider {
            origin,
            settings,
            redirect: format!("{public_url}/auth/sso/callback"),
            http,
            metadata: RwLock::new(None),
        })
    }

    /// The discovery document, read again when older than ten minutes.
    pub async fn metadata(&self) -> Result<Arc<ProviderMetadataWithLogout>, String> {
        if let Some((read_at, metadata)) = self.metadata.read().await.as_ref() {
            if read_at.elapsed() < KEPT {
                return Ok(metadata.clone());
            }
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(|e| e.to_string())?;
        let metadata = Arc::new(
            ProviderMetadataWithLogout::discover_async(issuer, &self.http)
                .await
                .map_err(|e| format!("discovery: {e}"))?,
        );
        *self.metadata.write().await = Some((std::time::Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    /// The app as the provider's client: its id, secret and callback address, with the
    /// provider's endpoints and keys from the discovery document.
    async fn client(&self) -> Result<ProviderClient, String> {
        let metadata = self.metadata().await?;
        let id = ClientId::new(self.settings.client_id.clone());
        let secret = Some(ClientSecret::new(self.settings.client_secret.clone()));
        let redirect = RedirectUrl::new(self.redirect.clone()).map_err(|e| e.to_string())?;
        Ok(CoreClient::from_provider_metadata((*metadata).clone(), id, secret).set_redirect_uri(redirect))
    }

    /// The authorization request: code flow, PKCE (S256), a fresh state and nonce.
    pub async fn start(&self, login_hint: Option<&str>) -> Result<Started, String> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge);
        if let Some(hint) = login_hint {
            request = request.add_extra_param("login_hint", hint.to_string());
        }
        let (url, state, nonce) = request.url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// The code exchanged (with the PKCE verifier), the ID token checked (signature,
    /// issuer, audience, expiry, nonce), and the claims read for its subject.
    pub async fn finish(&self, code: &str, verifier: &str, nonce: &str) -> Result<Person, String> {
        let client = self.client().await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| e.to_string())?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|e| format!("token: {e}"))?;
        let id_token = tokens.id_token().ok_or("no ID token")?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(nonce.to_string()))
            .map_err(|e| format!("ID token: {e}"))?;
        let subject = claims.subject().clone();
        let info: UserInfoClaims<Claims, CoreGenderClaim> = client
            .user_info(tokens.access_token().clone(), Some(subject.clone()))
            .map_err(|e| e.to_string())?
            .request_async(&self.http)
            .await
            .map_err(|e| format!("user info: {e}"))?;
        Ok(Person {
            subject: subject.as_str().to_string(),
            expires_at: claims.expiration().timestamp(),
            email: info.email().map(|e| e.as_str().to_ascii_lowercase()),
            email_verified: info.email_verified() == Some(true),
            name: info.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_string()),
            claims: info.additional_claims().all.clone(),
        })
    }

    /// Where a session begun through the provider ends: its end-session endpoint, which
    /// sends the person back to the sign-in page.
    pub async fn end_session_url(&self, public_url: &str) -> Option<String> {
        let metadata = self.metadata().await.ok()?;
        let endpoint = metadata.additional_metadata().end_session_endpoint.clone()?;
        let mut url = endpoint.url().clone();
        url.query_pairs_mut()
            .append_pair("client_id", &self.settings.client_id)
            .append_pair("post_logout_redirect_uri", &format!("{public_url}/login"));
        Some(url.to_string())
    }

    /// The provider's issuer, exactly as its discovery document says it.
    pub async fn issuer(&self) -> Result<String, String> {
        Ok(self.metadata().await?.issuer().as_str().to_string())
    }

    /// The provider's keys, as JSON, for checking a logout token.
    pub async fn keys(&self) -> Result<Value, String> {
        let metadata = self.metadata().await?;
        serde_json::to_value(metadata.jwks()).map_err(|e| e.to_string())
    }
}
