//! How long a session lasts.
//!
//! Staff, and anyone who signs in with a password or on a browser they have not said is
//! theirs alone, get the configured limits (by default 30 idle minutes, 12 hours in all). A
//! patient or caregiver who signs in with a passkey on a browser they marked as their own
//! gets 7 idle days and 30 days in all: the passkey shows it is them (their fingerprint,
//! face or screen lock), and the phone being theirs alone means nobody else picks it up
//! signed in. Someone unwell should not type a long password every half hour.
use crate::storage::sessions::SessionLimits;
use app::domain::role::Role;

pub const OWN_DEVICE_IDLE_SECONDS: i64 = 7 * 24 * 3600;
pub const OWN_DEVICE_ABSOLUTE_SECONDS: i64 = 30 * 24 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignedInWith {
    Password,
    Passkey,
}

pub fn limits_for(role: Role, with: SignedInWith, own_device: bool, configured: SessionLimits) -> SessionLimits {
    let person = matches!(role, Role::Patient | Role::Caregiver);
    if person && with == SignedInWith::Passkey && own_device {
        SessionLimits {
            idle_seconds: OWN_DEVICE_IDLE_SECONDS,
            absolute_seconds: OWN_DEVICE_ABSOLUTE_SECONDS,
        }
    } else {
        configured
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_patient_or_caregiver_with_a_passkey_on_their_own_phone_stays_longer() {
        let configured = || SessionLimits {
            idle_seconds: 1800,
            absolute_seconds: 12 * 3600,
        };
        let long = (OWN_DEVICE_IDLE_SECONDS, OWN_DEVICE_ABSOLUTE_SECONDS);
        let short = (1800, 12 * 3600);
        use SignedInWith::*;
        let cases = [
            (Role::Patient, Passkey, true, long),
            (Role::Caregiver, Passkey, true, long),
            (Role::Patient, Passkey, false, short),
            (Role::Patient, Password, true, short),
            (Role::Caregiver, Password, false, short),
            (Role::Nurse, Passkey, true, short),
            (Role::Admin, Passkey, true, short),
            (Role::Researcher, Passkey, true, short),
        ];
        for (role, with, own, (idle, absolute)) in cases {
            let limits = limits_for(role, with, own, configured());
            assert_eq!(
                (limits.idle_seconds, limits.absolute_seconds),
                (idle, absolute),
                "{role:?} {with:?} own={own}"
            );
        }
    }
}
