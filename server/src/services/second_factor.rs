//! A staff member's own two-step sign-in: the authenticator's key (sealed; shown to its
//! owner while being set up), turned on by its first code, recovery codes made anew (only
//! their digests kept), and turned off with a code. Patients and caregivers keep their own
//! sign-in: none of this is offered to them.
use super::{audit_entry, Services};
use crate::{
    auth::{tokens, totp},
    secrets::Purpose,
    storage::{
        second_factor,
        throttle::{self, Scope},
    },
};
use app::{
    api::second_factor::{SecondFactorView, TotpSetup},
    backend::RequestContext,
    domain::validation::{FieldProblem, Problem},
    error::AppError,
};

const ISSUER: &str = "Vein-to-Vein";

/// The signed-in staff member's id (and display name, for the app's label).
fn staff(request: &RequestContext) -> Result<(i64, String), AppError> {
    let viewer = request.viewer_setting_up()?;
    if viewer.actor.role.is_staff() {
        Ok((viewer.actor.user_id, viewer.display_name.clone()))
    } else {
        Err(AppError::Forbidden)
    }
}

fn wrong_code() -> AppError {
    AppError::Invalid(vec![FieldProblem::new("code", Problem::SecondFactorCodeWrong)])
}

fn setup(secret: &str, label: &str) -> TotpSetup {
    let grouped: Vec<String> = secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    TotpSetup {
        key: grouped.join(" "),
        uri: totp::provisioning_uri(secret, ISSUER, label),
    }
}

async fn view(services: &Services, request: &RequestContext) -> Result<SecondFactorView, AppError> {
    let (user_id, label) = staff(request)?;
    let factor = second_factor::factor(&services.db, user_id).await?;
    let setting_up = match &factor {
        Some(f) if !f.confirmed => {
            let secret = services.secrets.open(Purpose::TotpSecret, &f.secret).map_err(|error| {
                tracing::error!(%error, "an authenticator key does not open");
                AppError::Unavailable
            })?;
            Some(setup(&secret.plain, &label))
        }
        _ => None,
    };
    Ok(SecondFactorView {
        site_requires: second_factor::required(&services.db).await?,
        on: factor.as_ref().is_some_and(|f| f.confirmed),
        recovery_codes_left: second_factor::recovery_codes_left(&services.db, user_id).await?,
        setting_up,
    })
}

async fn begin(services: &Services, request: &RequestContext) -> Result<TotpSetup, AppError> {
    let (user_id, label) = staff(request)?;
    let secret = totp::new_secret();
    let sealed = services.secrets.seal(Purpose::TotpSecret, &secret);
    if second_factor::begin(&services.db, user_id, &sealed).await? {
        Ok(setup(&secret, &label))
    } else {
        // On already: turning it off comes first, with a code.
        Err(AppError::Stale)
    }
}

/// Whether `typed` is the app's code now (taken, so not again) or an unused recovery code.
/// Wrong codes count with those of the sign-in's second step (`auth/second_step.rs`): five
/// in 15 minutes, whichever way they come.
async fn code_holds(
    services: &Services,
    request: &RequestContext,
    user_id: i64,
    typed: &str,
) -> Result<bool, AppError> {
    let db = &services.db;
    let key = format!("second-step:{user_id}");
    let attempt = tokens::new_session_token();
    throttle::record_attempt(db, Scope::Account, &key, &attempt).await?;
    if throttle::recent_failures(db, Scope::Account, &key, crate::auth::lockout::WINDOW_SECONDS).await? > 5 {
        throttle::forget_attempt(db, Scope::Account, &key, &attempt).await?;
        return Err(AppError::TooMany {
            retry_after_seconds: crate::auth::lockout::WINDOW_SECONDS,
        });
    }
    let holds = code_matches(services, request, user_id, typed).await?;
    if holds {
        throttle::clear(db, Scope::Account, &key).await?;
    }
    Ok(holds)
}

async fn code_matches(
    services: &Services,
    request: &RequestContext,
    user_id: i64,
    typed: &str,
) -> Result<bool, AppError> {
    let Some(factor) = second_factor::factor(&services.db, user_id).await? else {
        return Ok(false);
    };
    let secret = services
        .secrets
        .open(Purpose::TotpSecret, &factor.secret)
        .map_err(|_| AppError::Unavailable)?;
    if let Some(step) = totp::matching_step(&secret.plain, typed, services.clock.now(), factor.last_step) {
        let entry = (!factor.confirmed).then(|| audit_entry(request, "second_factor.created"));
        return Ok(second_factor::take_step(&services.db, user_id, step, entry).await?);
    }
    match totp::normalise_recovery_code(typed) {
        Some(code) if factor.confirmed => {
            Ok(second_factor::use_recovery_code(&services.db, user_id, &tokens::digest(&code)).await?)
        }
        _ => Ok(false),
    }
}

async fn fresh_recovery_codes(
    services: &Services,
    request: &RequestContext,
    user_id: i64,
) -> Result<Vec<String>, AppError> {
    let codes = totp::new_recovery_codes();
    let digests: Vec<String> = codes
        .iter()
        .filter_map(|c| totp::normalise_recovery_code(c))
        .map(|c| tokens::digest(&c))
        .collect();
    let entry = audit_entry(request, "second_factor.recovery_codes_changed");
    second_factor::replace_recovery_codes(&services.db, user_id, &digests, entry).await?;
    Ok(codes)
}

async fn confirm(services: &Services, request: &RequestContext, typed: String) -> Result<Vec<String>, AppError> {
    let (user_id, _) = staff(request)?;
    let pending = second_factor::factor(&services.db, user_id)
        .await?
        .is_some_and(|f| !f.confirmed);
    if !pending {
        return Err(AppError::Stale);
    }
    if !code_holds(services, request, user_id, &typed).await? {
        return Err(wrong_code());
    }
    fresh_recovery_codes(services, request, user_id).await
}

/// New recovery codes, with a code: a session left open cannot make codes of its own.
async fn renew(services: &Services, request: &RequestContext, typed: String) -> Result<Vec<String>, AppError> {
    let (user_id, _) = staff(request)?;
    let on = second_factor::factor(&services.db, user_id)
        .await?
        .is_some_and(|f| f.confirmed);
    if !on {
        return Err(AppError::Stale);
    }
    if !code_holds(services, request, user_id, &typed).await? {
        return Err(wrong_code());
    }
    fresh_recovery_codes(services, request, user_id).await
}

async fn remove(services: &Services, request: &RequestContext, typed: String) -> Result<(), AppError> {
    let (user_id, _) = staff(request)?;
    if second_factor::required(&services.db).await? {
        return Err(AppError::Forbidden);
    }
    if !code_holds(services, request, user_id, &typed).await? {
        return Err(wrong_code());
    }
    second_factor::remove(&services.db, user_id, audit_entry(request, "second_factor.removed")).await?;
    Ok(())
}

/// A new sign-in code for a staff member: whoever lost their password may have lost their
/// phone too, so both are set up again.
pub(super) async fn reset_with_new_code(
    services: &Services,
    request: &RequestContext,
    user_id: i64,
    role: app::domain::role::Role,
) -> Result<(), AppError> {
    if role.is_staff() {
        let subject = format!("user:{user_id}");
        let entry = audit_entry(request, "second_factor.reset").subject(subject.as_str());
        second_factor::remove(&services.db, user_id, entry).await?;
    }
    Ok(())
}

/// An admin requires (or stops requiring) two-step sign-in of every staff account.
async fn require(services: &Services, request: &RequestContext, required: bool) -> Result<(), AppError> {
    let actor = super::integrations::admin(request)?;
    let action = if required {
        "second_factor.required"
    } else {
        "second_factor.optional"
    };
    second_factor::set_required(&services.db, required, actor.user_id, audit_entry(request, action)).await?;
    Ok(())
}

#[async_trait::async_trait]
impl app::backend::SecondFactor for Services {
    async fn require_second_factor(&self, request: &RequestContext, required: bool) -> Result<(), AppError> {
        require(self, request, required).await
    }

    async fn second_factor(&self, request: &RequestContext) -> Result<SecondFactorView, AppError> {
        view(self, request).await
    }

    async fn begin_second_factor(&self, request: &RequestContext) -> Result<TotpSetup, AppError> {
        begin(self, request).await
    }

    async fn confirm_second_factor(&self, request: &RequestContext, code: String) -> Result<Vec<String>, AppError> {
        confirm(self, request, code).await
    }

    async fn new_recovery_codes(&self, request: &RequestContext, code: String) -> Result<Vec<String>, AppError> {
        renew(self, request, code).await
    }

    async fn remove_second_factor(&self, request: &RequestContext, code: String) -> Result<(), AppError> {
        remove(self, request, code).await
    }
}
