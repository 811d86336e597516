//! Who may confirm, deactivate and reactivate accounts. Admins manage accounts, not care: a
//! clinical account that an admin makes (or gives a new sign-in code) cannot sign in until a
//! second person confirms it, so that no single admin can give themselves a way into
//! patients' records.
use super::{access::Actor, role::Role};

/// Accounts that read patients' records (nurses), make such accounts (admins) or export
/// research data (researchers: the admin is also the data steward who approves projects)
/// wait for a second person when an admin makes them or issues their code.
pub fn needs_second_person(role: Role) -> bool {
    matches!(role, Role::Nurse | Role::Admin | Role::Researcher)
}

/// An account waiting for its second person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Awaiting {
    pub user_id: i64,
    pub role: Role,
    pub centre_id: Option<i64>,
    /// The admin who made the account or issued its code.
    pub awaiting_by: Option<i64>,
}

/// Another admin, or for a nurse's account a nurse of the same centre; never the admin who
/// made it or issued its code, never the account itself.
pub fn may_confirm(actor: &Actor, account: &Awaiting) -> bool {
    let someone_else = actor.user_id != account.user_id && Some(actor.user_id) != account.awaiting_by;
    let second_person = match actor.role {
        Role::Admin => true,
        Role::Nurse => {
            account.role == Role::Nurse && account.centre_id.is_some() && actor.centre_id == account.centre_id
        }
        Role::Patient | Role::Caregiver | Role::Researcher => false,
    };
    someone_else && second_person
}

/// Admins deactivate and reactivate any account but their own (which would lock the last
/// admin out).
pub fn may_set_active(actor: &Actor, user_id: i64) -> bool {
    actor.role == Role::Admin && actor.user_id != user_id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(user_id: i64, role: Role, centre_id: Option<i64>) -> Actor {
        Actor {
            user_id,
            role,
            centre_id,
            linked_patient_ids: Vec::new(),
        }
    }

    const NEW_NURSE: Awaiting = Awaiting {
        user_id: 50,
        role: Role::Nurse,
        centre_id: Some(1),
        awaiting_by: Some(1),
    };

    #[test]
    fn a_second_admin_or_a_nurse_of_the_centre_confirms_never_the_maker() {
        assert!(
            !may_confirm(&actor(1, Role::Admin, None), &NEW_NURSE),
            "the admin who made it"
        );
        assert!(may_confirm(&actor(2, Role::Admin, None), &NEW_NURSE), "a second admin");
        assert!(
            may_confirm(&actor(3, Role::Nurse, Some(1)), &NEW_NURSE),
            "a nurse of its centre"
        );
        assert!(
            !may_confirm(&actor(4, Role::Nurse, Some(2)), &NEW_NURSE),
            "another centre's nurse"
        );
        assert!(!may_confirm(&actor(50, Role::Nurse, Some(1)), &NEW_NURSE), "itself");
        for role in [Role::Patient, Role::Caregiver, Role::Researcher] {
            assert!(!may_confirm(&actor(5, role, Some(1)), &NEW_NURSE), "{role:?}");
        }
        let new_admin = Awaiting {
            user_id: 60,
            role: Role::Admin,
            centre_id: None,
            awaiting_by: Some(1),
        };
        assert!(
            !may_confirm(&actor(3, Role::Nurse, Some(1)), &new_admin),
            "nurses confirm nurses only"
        );
        assert!(may_confirm(&actor(2, Role::Admin, None), &new_admin));
    }

    #[test]
    fn clinical_admin_and_researcher_accounts_wait_and_admins_never_deactivate_themselves() {
        assert!(needs_second_person(Role::Nurse) && needs_second_person(Role::Admin));
        assert!(
            needs_second_person(Role::Researcher),
            "one admin alone cannot make and approve a researcher"
        );
        assert!(!needs_second_person(Role::Patient) && !needs_second_person(Role::Caregiver));
        assert!(may_set_active(&actor(1, Role::Admin, None), 9));
        assert!(!may_set_active(&actor(1, Role::Admin, None), 1));
        assert!(!may_set_active(&actor(3, Role::Nurse, Some(1)), 9));
    }
}
