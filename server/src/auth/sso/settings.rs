//! The settings of staff sign-in through the hospital's OpenID provider (`VTV_OIDC_*`).
//! Off unless an issuer is given; read and checked once at start.
use app::domain::sso_claims::ClaimRules;
use clap::Args;

#[derive(Args, Clone, Debug, Default)]
pub struct OidcConfig {
    /// The hospital's OpenID provider, by its issuer URL (its discovery document is read
    /// from `<issuer>/.well-known/openid-configuration`). Unset: no single sign-on.
    #[arg(long, env = "VTV_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The app's client id at the provider.
    #[arg(long, env = "VTV_OIDC_CLIENT_ID", default_value = "vein-to-vein")]
    pub oidc_client_id: String,
    /// The app's client secret at the provider.
    #[arg(long, env = "VTV_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// The claim that says a person's role.
    #[arg(long, env = "VTV_OIDC_ROLE_CLAIM", default_value = "groups")]
    pub oidc_role_claim: String,
    /// Which value of the role claim is which role, first match first:
    /// `vtv-admins=admin,vtv-nurses=nurse,vtv-research=researcher`.
    #[arg(long, env = "VTV_OIDC_ROLES", default_value = "")]
    pub oidc_roles: String,
    /// The claim that says a nurse's centre.
    #[arg(long, env = "VTV_OIDC_CENTRE_CLAIM", default_value = "vtv_centre")]
    pub oidc_centre_claim: String,
    /// Which value of the centre claim is which centre (by id): `UZL-HEM=1,UZG-HEM=2`.
    #[arg(long, env = "VTV_OIDC_CENTRES", default_value = "")]
    pub oidc_centres: String,
    /// Whether staff may still sign in with a local password besides the provider. False:
    /// only the break-glass accounts do.
    #[arg(long, env = "VTV_OIDC_STAFF_PASSWORDS", default_value_t = true, action = clap::ArgAction::Set)]
    pub oidc_staff_passwords: bool,
    /// Local admin accounts (emails) that sign in with their password when the provider is
    /// down: each use is audit-logged loudly and told to every admin.
    #[arg(long, env = "VTV_OIDC_BREAK_GLASS", value_delimiter = ',')]
    pub oidc_break_glass: Vec<String>,
}

/// The settings, checked: what the sign-in needs.
#[derive(Clone, Debug)]
pub struct Sso {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub rules: ClaimRules,
    pub staff_passwords: bool,
    pub break_glass: Vec<String>,
}

impl OidcConfig {
    /// The checked settings, or none when no issuer is set; a refusal names what to mend.
    pub fn checked(&self) -> Result<Option<Sso>, String> {
        let Some(issuer) = self.oidc_issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) else {
            return Ok(None);
        };
        // Checked as a URL, kept as written: the provider's discovery document must name
        // exactly this issuer, trailing slash or not.
        url::Url::parse(issuer).map_err(|e| format!("VTV_OIDC_ISSUER: {e}"))?;
        let client_secret = self
            .oidc_client_secret
            .clone()
            .filter(|s| !s.is_empty())
            .ok_or("VTV_OIDC_CLIENT_SECRET is required with VTV_OIDC_ISSUER")?;
        let rules = ClaimRules::parse(
            &self.oidc_role_claim,
            &self.oidc_roles,
            &self.oidc_centre_claim,
            &self.oidc_centres,
        )
        .map_err(|e| format!("VTV_OIDC_ROLES / VTV_OIDC_CENTRES: {e}"))?;
        Ok(Some(Sso {
            issuer: issuer.to_string(),
            client_id: self.oidc_client_id.clone(),
            client_secret,
            rules,
            staff_passwords: self.oidc_staff_passwords,
            break_glass: self
                .oidc_break_glass
                .iter()
                .map(|e| e.trim().to_ascii_lowercase())
                .collect(),
        }))
    }
}
