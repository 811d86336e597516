//! The claim-mapping rules of `sso_claims.rs`, case by case.
use super::*;
use serde_json::json;

fn rules() -> ClaimRules {
    ClaimRules::parse(
        "groups",
        "vtv-admins=admin, vtv-nurses=nurse,vtv-research=researcher",
        "vtv_centre",
        "UZL-HEM=1,UZG-HEM=2",
    )
    .expect("valid")
}

fn claims(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

#[test]
fn claims_map_to_a_role_and_a_centre_or_to_a_refusal() {
    let cases = [
        (
            json!({ "groups": ["vtv-nurses"], "vtv_centre": "UZL-HEM" }),
            Ok((Role::Nurse, Some(1))),
        ),
        (
            json!({ "groups": "vtv-nurses", "vtv_centre": ["x", "UZG-HEM"] }),
            Ok((Role::Nurse, Some(2))),
        ),
        // Listed first, admin wins over nurse; an admin has no centre.
        (
            json!({ "groups": ["vtv-nurses", "vtv-admins"], "vtv_centre": "UZL-HEM" }),
            Ok((Role::Admin, None)),
        ),
        (json!({ "groups": ["vtv-research"] }), Ok((Role::Researcher, None))),
        (json!({ "groups": ["it-staff"] }), Err(Unmapped::NoRole)),
        (json!({ "groups": [] }), Err(Unmapped::NoRole)),
        (json!({}), Err(Unmapped::NoRole)),
        (json!({ "groups": [{ "name": "vtv-nurses" }] }), Err(Unmapped::NoRole)),
        (json!({ "groups": ["VTV-NURSES"] }), Err(Unmapped::NoRole)),
        (json!({ "groups": ["vtv-nurses"] }), Err(Unmapped::NoCentre)),
        (
            json!({ "groups": ["vtv-nurses"], "vtv_centre": "UZA-HEM" }),
            Err(Unmapped::NoCentre),
        ),
    ];
    for (given, expected) in cases {
        assert_eq!(map(&claims(given.clone()), &rules()), expected, "{given}");
    }
}

#[test]
fn settings_that_cannot_be_meant_are_refused() {
    for (roles, centres) in [
        ("vtv-patients=patient", ""),
        ("vtv-carers=caregiver", ""),
        ("vtv-nurses=matron", ""),
        ("vtv-nurses", ""),
        ("=nurse", ""),
        ("", ""),
        ("vtv-nurses=nurse", "UZL-HEM=first"),
    ] {
        assert!(
            ClaimRules::parse("groups", roles, "vtv_centre", centres).is_err(),
            "{roles} {centres}"
        );
    }
}
