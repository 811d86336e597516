//! Inviting a caregiver without telling the inviter whether the email already has an account.
//!
//! An invitation makes no account and touches none: it is a name, an email and a code. Its
//! answer, and the row the patient then sees, are the same whoever holds the email. The code
//! decides when it is redeemed, with a password:
//! - nobody holds the email: a new caregiver account is made, with that password;
//! - a caregiver holds it and the password is theirs (checked, and throttled, as a sign-in
//!   is): that account is linked to the patient, and nothing else about it changes;
//! - anyone else holds it (a patient, staff, a deactivated account), or the password is
//!   wrong: refused as a wrong code is, and counted as a failure.
//!
//! So the inviter learns nothing by inviting. Someone who redeems their own invitation can
//! still tell a new account from a refusal; each such probe costs an invitation (a
//! rate-limited write, audit-logged, on the patient's list) and a throttled failure.
use super::role::Role;

/// Who holds the invitation's email when its code is redeemed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Nobody,
    /// An account of this role; `proved` when the password given signs it in (right
    /// password, active, not throttled).
    Account {
        role: Role,
        proved: bool,
    },
}

/// What redeeming the code does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joining {
    NewAccount,
    LinkExisting,
    Refused,
}

/// The rule above, as one function.
pub fn joining(holder: Holder) -> Joining {
    match holder {
        Holder::Nobody => Joining::NewAccount,
        Holder::Account {
            role: Role::Caregiver,
            proved: true,
        } => Joining::LinkExisting,
        Holder::Account { .. } => Joining::Refused,
    }
}

/// How an invitation not yet redeemed reads on the patient's list.
pub fn is_expired(expires_at: i64, now: i64) -> bool {
    expires_at <= now
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_nobody_or_the_proved_caregiver_joins() {
        use Role::*;
        let cases = [
            (Holder::Nobody, Joining::NewAccount),
            (
                Holder::Account {
                    role: Caregiver,
                    proved: true,
                },
                Joining::LinkExisting,
            ),
            (
                Holder::Account {
                    role: Caregiver,
                    proved: false,
                },
                Joining::Refused,
            ),
            (
                Holder::Account {
                    role: Patient,
                    proved: true,
                },
                Joining::Refused,
            ),
            (
                Holder::Account {
                    role: Nurse,
                    proved: true,
                },
                Joining::Refused,
            ),
            (
                Holder::Account {
                    role: Admin,
                    proved: true,
                },
                Joining::Refused,
            ),
            (
                Holder::Account {
                    role: Researcher,
                    proved: true,
                },
                Joining::Refused,
            ),
            (
                Holder::Account {
                    role: Patient,
                    proved: false,
                },
                Joining::Refused,
            ),
        ];
        for (holder, expected) in cases {
            assert_eq!(joining(holder), expected, "{holder:?}");
        }
    }

    #[test]
    fn an_invitation_expires_at_its_second() {
        assert!(!is_expired(100, 99));
        assert!(is_expired(100, 100));
        assert!(is_expired(100, 101));
    }
}
