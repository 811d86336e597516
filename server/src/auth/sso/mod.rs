//! Staff sign-in through the hospital's OpenID provider: the settings (`VTV_OIDC_*`), the
//! provider's side ([`provider`]), the redirect there and back ([`flow`]), and the
//! provider's back-channel logout ([`backchannel`]). Who a person is here comes from their
//! claims (`app::domain::sso_claims`). Patients and caregivers never come this way.
pub mod accounts;
pub mod backchannel;
pub mod flow;
pub mod local_sign_in;
pub mod provider;
pub mod settings;

use crate::config::Config;
use std::sync::Arc;

/// The provider, where an issuer is set; a setting that cannot be meant stops the start.
pub fn from_config(config: &Config) -> Result<Option<Arc<provider::Provider>>, String> {
    let Some(sso) = config.oidc.checked()? else {
        return Ok(None);
    };
    let public = config.public_url.trim_end_matches('/');
    Ok(Some(Arc::new(provider::Provider::new(sso, public)?)))
}
