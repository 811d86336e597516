//! The role matrix's rows for what fits the app into a hospital (issue 24): staff's two-step
//! sign-in, and the hospital systems red flags are told to. Called by `access_calls::by_role`.
use crate::access_calls::{form, rand_suffix, Call, Who::*};

fn none() -> Vec<(&'static str, String)> {
    Vec::new()
}

pub fn by_role() -> Vec<Call> {
    vec![
        // Staff's own two-step sign-in; patients and caregivers keep theirs.
        form("account/second-factor", none(), &[Nurse, Researcher, Admin]),
        form("account/second-factor/begin", none(), &[Nurse, Researcher, Admin]),
        form(
            "account/second-factor/confirm",
            vec![("code", "000000".into())],
            &[Nurse, Researcher, Admin],
        ),
        form(
            "account/second-factor/recovery-codes",
            vec![("code", "000000".into())],
            &[Nurse, Researcher, Admin],
        ),
        form(
            "account/second-factor/remove",
            vec![("code", "000000".into())],
            &[Nurse, Researcher, Admin],
        ),
        form(
            "admin/second-factor/require",
            vec![("required", "false".into())],
            &[Admin],
        ),
        form("admin/hospital/view", none(), &[Admin]),
        form(
            "admin/hospital/origins/add",
            vec![("origin", "https://ehr.matrix.example".into())],
            &[Admin],
        ),
        form(
            "admin/hospital/webhooks/create",
            vec![
                ("form[name]", format!("Matrix {}", rand_suffix())),
                ("form[url]", "https://ehr.matrix.example/flags".into()),
                ("form[centre]", "".into()),
            ],
            &[Admin],
        ),
        form("admin/hospital/origins/remove", vec![("id", "999999".into())], &[]),
        form("admin/hospital/webhooks/stop", vec![("id", "999999".into())], &[]),
    ]
}
