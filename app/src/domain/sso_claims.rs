//! Who a person signed in through the hospital's OpenID provider is here ([`map`]), from
//! the claims the provider gives about them. The rules, in one place:
//!
//! - The role comes from one claim (`groups` by default), a string or a list of strings.
//!   The hospital lists which value means which role (`vtv-nurses=nurse`); the first rule
//!   that matches wins, in the order listed, so a person in two groups gets the role listed
//!   first.
//! - Only staff roles come this way (nurse, admin, researcher): patients and caregivers keep
//!   their own sign-in, and a rule naming their roles is refused when read ([`ClaimRules::parse`]).
//! - A nurse needs a centre, from another claim (`vtv_centre`), mapped the same way
//!   (`UZL-HEM=1`); an admin or a researcher has none.
//! - Nothing mapped is a refusal that says what was missing, never a guess.
use super::role::Role;
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimRules {
    pub role_claim: String,
    /// (claim value, role), in the hospital's order.
    pub roles: Vec<(String, Role)>,
    pub centre_claim: String,
    /// (claim value, centre id).
    pub centres: Vec<(String, i64)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unmapped {
    /// No value of the role claim is listed.
    NoRole,
    /// A nurse without a listed centre.
    NoCentre,
}

impl ClaimRules {
    /// Reads the settings: `roles` as `value=role,value=role`, `centres` as `value=id,…`.
    pub fn parse(role_claim: &str, roles: &str, centre_claim: &str, centres: &str) -> Result<ClaimRules, String> {
        let roles = pairs(roles)?
            .into_iter()
            .map(|(value, role)| match Role::parse(&role) {
                Some(r @ (Role::Nurse | Role::Admin | Role::Researcher)) => Ok((value, r)),
                _ => Err(format!("'{role}' is not a staff role (nurse, admin, researcher)")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let centres = pairs(centres)?
            .into_iter()
            .map(|(value, id)| {
                id.parse()
                    .map(|id| (value, id))
                    .map_err(|_| format!("'{id}' is not a centre's id"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if roles.is_empty() {
            return Err("no role is mapped: nobody could sign in".into());
        }
        Ok(ClaimRules {
            role_claim: role_claim.to_string(),
            roles,
            centre_claim: centre_claim.to_string(),
            centres,
        })
    }
}

fn pairs(list: &str) -> Result<Vec<(String, String)>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((value, target)) if !value.trim().is_empty() => {
                Ok((value.trim().to_string(), target.trim().to_string()))
            }
            _ => Err(format!("'{p}' is not value=target")),
        })
        .collect()
}

/// The claim's values: one string, or the strings of a list.
fn values<'c>(claims: &'c Map<String, Value>, name: &str) -> Vec<&'c str> {
    match claims.get(name) {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The role and centre the claims map to.
pub fn map(claims: &Map<String, Value>, rules: &ClaimRules) -> Result<(Role, Option<i64>), Unmapped> {
    let held = values(claims, &rules.role_claim);
    let role = rules
        .roles
        .iter()
        .find(|(value, _)| held.contains(&value.as_str()))
        .map(|(_, role)| *role)
        .ok_or(Unmapped::NoRole)?;
    if role != Role::Nurse {
        return Ok((role, None));
    }
    let centres = values(claims, &rules.centre_claim);
    rules
        .centres
        .iter()
        .find(|(value, _)| centres.contains(&value.as_str()))
        .map(|(_, id)| (role, Some(*id)))
        .ok_or(Unmapped::NoCentre)
}

#[cfg(test)]
#[path = "sso_claims_tests.rs"]
mod tests;
